import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { ProgramBuilder } from './program-builder.js';

useMockApi();
const programId = '10000000-0000-4000-8000-000000000001';
const community = { id: '20000000-0000-4000-8000-000000000001', name: 'Northwind Logistics', description: '', memberCount: 3, createdAt: '2026-01-01T00:00:00.000Z', retention: { conversationsDays: null, attemptsDays: null, filesDays: null }, privacyMode: 'standard' as const };
const summary = (c: { id: string; kind: string; title: string }) => ({
  ...c,
  description: '',
  status: 'published',
  thumbnailUrl: null,
  tags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  publishedAt: '2026-01-01T00:00:00.000Z',
  communityIds: [],
  progress: null,
});
const doc = summary({ id: '30000000-0000-4000-8000-000000000001', kind: 'document', title: 'First week guide' });
const prompt = summary({ id: '30000000-0000-4000-8000-000000000002', kind: 'prompt', title: 'Summarise for an audience' });
const exercise = summary({ id: '30000000-0000-4000-8000-000000000003', kind: 'exercise', title: 'Workout: complaint summary' });
const content = [doc, prompt, exercise];

function program(title: string, description: string) {
  return {
    id: programId,
    title,
    description,
    status: 'draft',
    sequential: true,
    dueDays: null,
    certificate: { enabled: true, validDays: null },
    steps: [{ contentId: doc.id, required: true, title: doc.title, kind: 'document', available: true }],
    communityIds: [],
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    publishedAt: null,
    progress: null,
  };
}

describe('program builder (mocked network)', { timeout: 30_000 }, () => {
  it('builds ordered steps from a search across kinds, reorders them with buttons, and shows the server’s refusal of a community', async () => {
    let created: unknown = null;
    server.use(
      http.get('*/api/communities', () => HttpResponse.json({ items: [community], nextCursor: null })),
      http.get('*/api/content', ({ request }) => {
        const q = new URL(request.url).searchParams.get('q')?.toLowerCase() ?? '';
        return HttpResponse.json({ items: content.filter((c) => c.title.toLowerCase().includes(q)), nextCursor: null });
      }),
      http.post('*/api/programs', async ({ request }) => {
        created = await request.json();
        // The server answers each step with its title, kind and availability.
        return HttpResponse.json({ ...program('AI basics', ''), steps: content.map((c) => ({ contentId: c.id, required: true, title: c.title, kind: c.kind, available: true })) }, { status: 201 });
      }),
      http.put(`*/api/programs/${programId}/assignments`, () =>
        apiError(422, 'step_not_visible', '“Workout: complaint summary” is not assigned to Northwind Logistics, so its members could not see that step.'),
      ),
      http.get(`*/api/programs/${programId}`, () => HttpResponse.json(program('AI basics', ''))),
    );
    signIn();
    const { router } = renderWithApp(<ProgramBuilder id={null} />, { path: '/admin/programs/new' });
    fireEvent.change(await screen.findByRole('textbox', { name: /^Title/ }), { target: { value: 'AI basics' } });

    const picker = screen.getByTestId('step-picker');
    for (const item of [prompt, doc, exercise]) {
      fireEvent.click(await within(picker).findByRole('button', { name: `Add “${item.title}”` }));
    }
    expect(within(picker).getByRole('button', { name: `“${exercise.title}” is already a step` }).hasAttribute('disabled')).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: `Move “${doc.title}” up` }));
    const order = () => screen.getAllByTestId('builder-step').map((li) => li.textContent ?? '');
    expect(order()[0]).toContain(doc.title);
    expect(order()[1]).toContain(prompt.title);
    expect((screen.getByRole('button', { name: `Move “${doc.title}” up` }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('switch', { name: `“${prompt.title}” is required` }));

    const communities = screen.getByRole('combobox', { name: 'Communities' });
    // The directory loads in the background: the option exists once it has arrived.
    await waitFor(() => {
      fireEvent.focus(communities);
      fireEvent.click(communities);
      expect(screen.getByRole('option', { name: 'Northwind Logistics', hidden: true })).toBeTruthy();
    });
    fireEvent.click(screen.getByRole('option', { name: 'Northwind Logistics', hidden: true }));
    fireEvent.click(screen.getByRole('button', { name: 'Create program' }));

    expect((await screen.findByTestId('assignment-error')).textContent).toContain('is not assigned to Northwind Logistics');
    expect(created).toMatchObject({
      title: 'AI basics',
      sequential: true,
      steps: [
        { contentId: doc.id, required: true },
        { contentId: prompt.id, required: false },
        { contentId: exercise.id, required: true },
      ],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe(`/admin/programs/${programId}`));
  });

  it('refuses a silent overwrite: on 412 it says so, and after Reload the typed title stays visible', async () => {
    let current = { body: program('Original title', 'Original description'), etag: '"v1"' };
    const ifMatches: (string | null)[] = [];
    server.use(
      http.get('*/api/communities', () => HttpResponse.json({ items: [community], nextCursor: null })),
      http.get('*/api/content', () => HttpResponse.json({ items: [], nextCursor: null })),
      http.get(`*/api/programs/${programId}`, () => HttpResponse.json(current.body, { headers: { etag: current.etag } })),
      http.patch(`*/api/programs/${programId}`, ({ request }) => {
        ifMatches.push(request.headers.get('if-match'));
        if (request.headers.get('if-match') !== current.etag) return apiError(412, 'edit_conflict', 'Someone else changed this program meanwhile.');
        return HttpResponse.json(current.body, { headers: { etag: current.etag } });
      }),
    );
    signIn();
    renderWithApp(<ProgramBuilder id={programId} />, { path: `/admin/programs/${programId}` });
    const title = await screen.findByRole('textbox', { name: /^Title/ });
    expect((title as HTMLInputElement).value).toBe('Original title');

    current = { body: program('Their title', 'Their description'), etag: '"v2"' };
    fireEvent.change(title, { target: { value: 'My title' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Changed by someone else meanwhile')).toBeTruthy();
    expect(ifMatches).toEqual(['"v1"']);

    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect((screen.getByRole('textbox', { name: /^Title/ }) as HTMLInputElement).value).toBe('Their title'));
    expect(screen.getByText('Your title: My title')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Put my changes back' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(ifMatches).toEqual(['"v1"', '"v2"']));
  });

  it('asks whether people who finished must do a new step, and saves again with the answer', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    server.use(
      http.get('*/api/communities', () => HttpResponse.json({ items: [community], nextCursor: null })),
      http.get('*/api/content', () => HttpResponse.json({ items: [prompt], nextCursor: null })),
      http.get(`*/api/programs/${programId}`, () => HttpResponse.json(program('AI basics', ''), { headers: { etag: '"v1"' } })),
      http.patch(`*/api/programs/${programId}`, async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        if (!body.completedMembers) {
          return HttpResponse.json(
            {
              error: {
                code: 'completed_members_choice_required',
                message: '3 people have already completed this program.',
                details: { completedMembers: 3, inProgressMembers: 2, newSteps: [{ contentId: prompt.id, title: prompt.title }] },
              },
            },
            { status: 409 },
          );
        }
        return HttpResponse.json(program('AI basics', ''), { headers: { etag: '"v2"' } });
      }),
    );
    signIn();
    renderWithApp(<ProgramBuilder id={programId} />, { path: `/admin/programs/${programId}` });
    fireEvent.click(await within(await screen.findByTestId('step-picker')).findByRole('button', { name: `Add “${prompt.title}”` }));
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    const dialog = await screen.findByRole('dialog', { name: 'Must they do the new step?' });
    expect(dialog.textContent).toContain('3 people already finished this program.');
    expect(dialog.textContent).toContain(prompt.title);
    expect(dialog.textContent).toContain('2 people still working on it will be told by email.');
    // The question is the dialog, not an error on the page.
    expect(screen.queryByText('Not saved')).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Ask them to do it' }));
    await waitFor(() => expect(bodies.map((b) => b.completedMembers)).toEqual([undefined, 'reopen']));
    expect(bodies[1]?.steps).toEqual([{ contentId: doc.id, required: true }, { contentId: prompt.id, required: true }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});
