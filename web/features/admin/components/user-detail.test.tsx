import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserDetail as UserDetailData } from '../../../../contracts/users.js';
import { setLanguage } from '../../../lib/i18n.js';
import { apiError, http, HttpResponse, server, signIn, signedInUser, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { UserDetail } from './user-detail.js';

useMockApi();

const userId = '50000000-0000-4000-8000-000000000001';
const person: UserDetailData = {
  id: userId,
  email: 'grace@example.com',
  displayName: 'Grace Hopper',
  role: 'member',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: null,
  language: null,
  communities: [{ communityId: '10000000-0000-4000-8000-000000000001', communityName: 'Northwind', role: 'member' }],
};

/** GET answers the person as saved so far, with an ETag; PATCH answers `patch` (a 2xx is saved) and records what was sent. */
function userServer(patch: (body: Record<string, unknown>) => Response) {
  const sent: { body: Record<string, unknown>; ifMatch: string | null }[] = [];
  let current: UserDetailData = person;
  server.use(
    http.get(`/api/users/${userId}`, () => HttpResponse.json(current, { headers: { ETag: `"v${sent.length + 1}"` } })),
    http.get('/api/communities', () => HttpResponse.json({ items: [], nextCursor: null })),
    http.patch(`/api/users/${userId}`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push({ body, ifMatch: request.headers.get('if-match') });
      const response = patch(body);
      if (response.ok) current = { ...current, ...body };
      return response;
    }),
  );
  return sent;
}

const renderDetail = (currentUserId = signedInUser.id) => renderWithApp(<UserDetail userId={userId} currentUserId={currentUserId} />, { path: `/admin/users/${userId}` });

describe('UserDetail: an admin looks after one person', () => {
  afterEach(() => setLanguage('en'));

  it('shows the person and saves only the changed name, based on the version read (If-Match)', async () => {
    signIn();
    const sent = userServer((body) => HttpResponse.json({ ...person, ...body }, { headers: { ETag: '"v2"' } }));
    renderDetail();
    expect(await screen.findByRole('heading', { name: 'Grace Hopper' })).toBeTruthy();
    expect(screen.getByRole('table', { name: 'Memberships' }).textContent).toContain('Northwind');

    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: '  Grace B. Hopper ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Profile saved.')).toBeTruthy();
    expect(sent).toEqual([{ body: { displayName: 'Grace B. Hopper' }, ifMatch: '"v1"' }]);
    expect(await screen.findByRole('heading', { name: 'Grace B. Hopper' })).toBeTruthy();
  }, 15_000);

  it('refuses to overwrite a colleague’s edit: a 412 shows the conflict notice, with Reload', async () => {
    signIn();
    userServer(() => apiError(412, 'edit_conflict', 'Someone else changed this meanwhile.'));
    renderDetail();
    fireEvent.change(await screen.findByLabelText(/^Name/), { target: { value: 'Grace Brewster Hopper' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const notice = await screen.findByTestId('edit-conflict');
    expect(within(notice).getByText('Changed by someone else meanwhile')).toBeTruthy();
    expect(within(notice).getByRole('button', { name: 'Reload' })).toBeTruthy();
    expect(screen.queryByText('Profile saved.')).toBeNull();
  }, 15_000);

  it('suspends the person and says their sessions were ended', async () => {
    signIn();
    const sent = userServer((body) => HttpResponse.json({ ...person, ...body }));
    renderDetail();
    fireEvent.click(await screen.findByRole('button', { name: 'Suspend' }));
    expect(await screen.findByText('Suspended. Their sessions were ended.')).toBeTruthy();
    expect(sent.map((s) => s.body)).toEqual([{ status: 'suspended' }]);
    expect(await screen.findByRole('button', { name: 'Reactivate' })).toBeTruthy();
  }, 15_000);

  it('offers no suspend or delete on the admin’s own account', async () => {
    signIn();
    userServer(() => HttpResponse.json(person));
    renderDetail(userId);
    expect(await screen.findByText('You cannot suspend or delete your own account.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Suspend' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
  });

  it('shows the not-found page for a person who does not exist, in the admin’s language', async () => {
    await setLanguage('es');
    signIn();
    server.use(http.get(`/api/users/${userId}`, () => apiError(404, 'not_found', 'Not found.')), http.get('/api/communities', () => HttpResponse.json({ items: [], nextCursor: null })));
    renderDetail();
    expect(await screen.findByText('Página no encontrada')).toBeTruthy();
    expect(screen.queryByLabelText(/^Nombre/)).toBeNull();
  });
});
