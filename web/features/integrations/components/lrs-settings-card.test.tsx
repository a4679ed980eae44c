import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LrsEnvelope } from '../../../../contracts/xapi.js';
import { setLanguage } from '../../../lib/i18n.js';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { LrsSettingsCard } from './lrs-settings-card.js';

useMockApi();

const COMMUNITY = '70000000-0000-4000-8000-000000000001';
const failing = (lastError: string): LrsEnvelope => ({
  lrs: {
    endpoint: 'https://lrs.example.com/xapi/',
    username: 'key',
    hasPassword: true,
    includeEmail: false,
    enabled: true,
    delivery: { pending: 3, sent: 10, rejected: 0, failures: 4, nextAttemptAt: '2026-01-01T10:00:00.000Z', lastError, lastSentAt: null },
  },
});

describe('LrsSettingsCard: why delivery to the LRS waits', () => {
  afterEach(() => setLanguage('en'));

  it('words the stored reason in Spanish for a Spanish admin', async () => {
    await setLanguage('es');
    signIn();
    server.use(http.get(`/api/communities/${COMMUNITY}/lrs`, () => HttpResponse.json(failing('lrs_http {"status":503}'))));
    renderWithApp(<LrsSettingsCard communityId={COMMUNITY} />, { path: '/admin/communities' });
    expect(await screen.findByText('El LRS respondió con un error (HTTP 503).', {}, { timeout: 8_000 })).toBeTruthy();
  }, 15_000);

  it('words the connection test’s answer in Spanish', async () => {
    await setLanguage('es');
    signIn();
    server.use(
      http.get(`/api/communities/${COMMUNITY}/lrs`, () => HttpResponse.json(failing('lrs_timeout'))),
      http.post(`/api/communities/${COMMUNITY}/lrs/test`, () => HttpResponse.json({ ok: false, versions: [], message: 'The LRS answered 401: bad credentials', code: 'lrs_http', details: { status: 401 } })),
    );
    renderWithApp(<LrsSettingsCard communityId={COMMUNITY} />, { path: '/admin/communities' });
    expect(await screen.findByText('El LRS no respondió a tiempo.', {}, { timeout: 8_000 })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Probar la conexión' }));
    expect(await screen.findByText('El LRS respondió con un error (HTTP 401).')).toBeTruthy();
    expect(screen.queryByText(/bad credentials/)).toBeNull();
  }, 15_000);

  it('shows a reason stored before codes as it is', async () => {
    signIn();
    server.use(http.get(`/api/communities/${COMMUNITY}/lrs`, () => HttpResponse.json(failing('The LRS answered 500: oops'))));
    renderWithApp(<LrsSettingsCard communityId={COMMUNITY} />, { path: '/admin/communities' });
    expect(await screen.findByText('The LRS answered 500: oops', {}, { timeout: 8_000 })).toBeTruthy();
  }, 15_000);
});
