import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../../contracts/users.js';
import { setLanguage } from '../../../lib/i18n.js';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { UsersImport } from './users-import.js';

useMockApi();

const report: ImportReport = {
  dryRun: true,
  created: 0,
  updated: 1,
  existing: 0,
  invalid: 3,
  rows: [
    { line: 2, email: 'ana@example.com', status: 'updated', reason: 'added to 2 communities as manager', code: 'import_added_manager', details: { count: 2 } },
    { line: 3, email: 'broken', status: 'invalid', reason: 'not a valid email address', code: 'import_email_invalid', details: {} },
    { line: 4, email: 'x@example.com', status: 'invalid', reason: 'role must be "admin" or "member", not "owner"', code: 'import_role_invalid', details: { value: 'owner' } },
    // A server from before codes answers only the sentence, which is shown as it is.
    { line: 5, email: 'old@example.com', status: 'invalid', reason: 'unknown community: Gamma' },
  ],
};

describe('UsersImport: the rows of a people import', () => {
  afterEach(() => setLanguage('en'));

  it('words each row’s reason in Spanish for a Spanish admin', async () => {
    await setLanguage('es');
    signIn();
    server.use(http.post('/api/users/import', () => HttpResponse.json(report)));
    renderWithApp(<UsersImport />, { path: '/admin/users/import' });
    fireEvent.click(await screen.findByText('Pegar CSV', {}, { timeout: 8_000 }));
    fireEvent.change(screen.getByRole('textbox', { name: 'CSV' }), { target: { value: 'email\nbroken\n' } });
    fireEvent.click(screen.getByRole('button', { name: 'Vista previa' }));
    const preview = await screen.findByTestId('import-preview', {}, { timeout: 8_000 });
    const text = preview.textContent ?? '';
    expect(text).toContain('Se añade como responsable a comunidades: 2.');
    expect(text).toContain('No es una dirección de correo electrónico válida.');
    expect(text).toContain('El rol debe ser «admin» o «member», no «owner».');
    expect(text).toContain('unknown community: Gamma');
    expect(text).not.toContain('not a valid email address');
  }, 15_000);
});
