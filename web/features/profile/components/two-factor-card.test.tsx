import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../../lib/i18n.js';
import { apiError, http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { TwoFactorCard } from './two-factor-card.js';

useMockApi();

const off = { enabled: false, required: false, recoveryCodesLeft: 0, enabledAt: null };
const setup = { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/AI%20GYM:ada@example.com?secret=JBSWY3DPEHPK3PXP', qrDataUrl: 'data:image/png;base64,iVBORw0KGgo=' };

/** Answers the set-up flow, remembering what the page sent. */
function twoFactorServer(confirm: (code: string) => Response) {
  const sent: { setup?: unknown; codes: string[] } = { codes: [] };
  server.use(
    http.get('/api/profile/two-factor', () => HttpResponse.json(off)),
    http.post('/api/profile/two-factor/setup', async ({ request }) => {
      sent.setup = await request.json();
      return HttpResponse.json(setup);
    }),
    http.post('/api/profile/two-factor/confirm', async ({ request }) => {
      const { code } = (await request.json()) as { code: string };
      sent.codes.push(code);
      return confirm(code);
    }),
  );
  return sent;
}

describe('TwoFactorCard: setting up two-factor sign-in', () => {
  afterEach(() => setLanguage('en'));

  it('sends the current password, shows the key, turns on with a code and shows the recovery codes once', async () => {
    signIn();
    const sent = twoFactorServer(() => HttpResponse.json({ recoveryCodes: ['aaaa-bbbb', 'cccc-dddd'] }));
    renderWithApp(<TwoFactorCard />, { path: '/profile' });
    fireEvent.change(await screen.findByLabelText(/Current password/), { target: { value: 'my current password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set up two-factor' }));
    expect(await screen.findByText('JBSWY3DPEHPK3PXP', { exact: false })).toBeTruthy();
    expect(sent.setup).toEqual({ currentPassword: 'my current password' });

    const code = screen.getByLabelText('Code from your app');
    fireEvent.change(code, { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByText('Enter the 6-digit code.')).toBeTruthy();
    expect(sent.codes).toEqual([]);

    fireEvent.change(code, { target: { value: '123 456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByText('Save your recovery codes now')).toBeTruthy();
    expect(sent.codes).toEqual(['123456']);
    expect(screen.getByText('aaaa-bbbb', { exact: false })).toBeTruthy();
  }, 15_000); // three round trips and five renders: over the default 5 s on a busy 2-core machine

  it('explains a refusal in the person’s language, by its code, not in the server’s English', async () => {
    await setLanguage('es');
    signIn();
    server.use(
      http.get('/api/profile/two-factor', () => HttpResponse.json(off)),
      http.post('/api/profile/two-factor/setup', () => apiError(409, 'mfa_already_set_up', 'Two-factor sign-in is already set up for this account.')),
    );
    renderWithApp(<TwoFactorCard />, { path: '/profile' });
    fireEvent.click(await screen.findByRole('button', { name: 'Activar la verificación en dos pasos' }));
    expect(await screen.findByText('El inicio de sesión en dos pasos ya está configurado en esta cuenta.')).toBeTruthy();
    expect(screen.queryByText(/already set up/)).toBeNull();
  });

  it('keeps the person on the code step when the code is wrong (401 invalid_code), without signing them out', async () => {
    signIn();
    const sent = twoFactorServer((code) =>
      code === '654321' ? HttpResponse.json({ recoveryCodes: ['eeee-ffff'] }) : apiError(401, 'invalid_code', 'That code is not correct, or it was already used.'),
    );
    renderWithApp(<TwoFactorCard />, { path: '/profile' });
    fireEvent.change(await screen.findByLabelText(/Current password/), { target: { value: 'my current password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set up two-factor' }));
    const code = await screen.findByLabelText('Code from your app');
    fireEvent.change(code, { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByText('That code is not correct, or it was already used. Try the next code from your app.')).toBeTruthy();
    expect(screen.queryByText('Save your recovery codes now')).toBeNull();
    // Still signed in and on the same step: the key is shown and the next code turns it on.
    expect(screen.getByText('JBSWY3DPEHPK3PXP', { exact: false })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Code from your app'), { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByText('Save your recovery codes now')).toBeTruthy();
    expect(sent.codes).toEqual(['123456', '654321']);
  }, 15_000);
});
