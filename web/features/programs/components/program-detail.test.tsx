import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { MyPrograms } from './my-programs.js';
import { ProgramDetail } from './program-detail.js';
import { ProgramStepBar } from './program-step-bar.js';

useMockApi();

function nth(list: HTMLElement[], index: number): HTMLElement {
  const found = list[index];
  if (!found) throw new Error(`No element at ${index}`);
  return found;
}

const programId = '10000000-0000-4000-8000-000000000001';
const ids = ['30000000-0000-4000-8000-000000000001', '30000000-0000-4000-8000-000000000002', '30000000-0000-4000-8000-000000000003', '30000000-0000-4000-8000-000000000004'];

function program(progress: object | null) {
  return {
    id: programId,
    title: 'AI basics',
    description: 'Read, copy, practise.',
    status: 'published',
    sequential: true,
    dueDays: 14,
    certificate: { enabled: true, validDays: 365 },
    steps: [
      { contentId: ids[0], required: true, title: 'First week guide', kind: 'document', available: true },
      { contentId: ids[1], required: true, title: 'Summarise for an audience', kind: 'prompt', available: true },
      { contentId: ids[2], required: false, title: 'Retired video', kind: 'video', available: false },
      { contentId: ids[3], required: true, title: 'Workout: complaint summary', kind: 'exercise', available: true },
    ],
    communityIds: [],
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    publishedAt: '2026-01-01T00:00:00.000Z',
    progress: progress === null ? null : { enrolledAt: '2026-01-01T00:00:00.000Z', cycle: 1, certificateId: null, nextContentId: null, ...progress },
  };
}

const certificate = {
  id: '40000000-0000-4000-8000-000000000001',
  code: 'c0de',
  programId,
  programTitle: 'AI basics',
  issuedAt: '2026-02-01T00:00:00.000Z',
  expiresAt: '2027-02-01T00:00:00.000Z',
  valid: true,
  verifyUrl: 'http://localhost:3000/verify/c0de',
};

describe('a member’s program (mocked network)', { timeout: 30_000 }, () => {
  it('offers the next step one click away, explains locked steps, shows unavailable ones and the overdue date', async () => {
    server.use(
      http.get(`*/api/programs/${programId}`, () =>
        HttpResponse.json(
          program({
            percent: 33,
            completedAt: null,
            dueAt: '2026-01-15T00:00:00.000Z',
            overdue: true,
            steps: [
              { contentId: ids[0], state: 'done', available: true },
              { contentId: ids[1], state: 'available', available: true },
              { contentId: ids[2], state: 'locked', available: false },
              { contentId: ids[3], state: 'locked', available: true },
            ],
          }),
        ),
      ),
      http.get('*/api/certificates', () => HttpResponse.json({ items: [] })),
    );
    signIn();
    renderWithApp(<ProgramDetail id={programId} />, { path: `/programs/${programId}` });

    const summary = await screen.findByTestId('program-summary');
    expect(within(summary).getByTestId('program-percent').textContent).toBe('33%');
    expect(within(summary).getByTestId('due-badge').getAttribute('data-state')).toBe('overdue');
    expect(within(summary).getByTestId('due-badge').textContent).toMatch(/^Overdue since/);
    expect(within(summary).getByTestId('next-step-link').getAttribute('href')).toBe(`/library/${ids[1]}?program=${programId}`);
    expect(within(summary).queryByTestId('certificate-download')).toBeNull();

    const steps = screen.getAllByTestId('program-step');
    expect(steps.map((s) => s.getAttribute('data-state'))).toEqual(['done', 'available', 'unavailable', 'locked']);
    expect(within(nth(steps, 2)).getByTestId('step-explanation').textContent).toContain('No longer available');
    expect(within(nth(steps, 2)).queryByRole('link')).toBeNull();
    expect(within(nth(steps, 3)).getByTestId('step-explanation').textContent).toContain('Finish “Summarise for an audience” first');
    expect(within(nth(steps, 3)).queryByRole('link')).toBeNull();
  });

  it('once completed, offers the certificate and its public verification page', async () => {
    server.use(
      http.get(`*/api/programs/${programId}`, () =>
        HttpResponse.json(
          program({
            percent: 100,
            completedAt: '2026-02-01T00:00:00.000Z',
            dueAt: '2026-02-10T00:00:00.000Z',
            overdue: false,
            certificateId: certificate.id,
            steps: ids.map((contentId) => ({ contentId, state: 'done', available: true })),
          }),
        ),
      ),
      http.get('*/api/certificates', () => HttpResponse.json({ items: [certificate] })),
    );
    signIn();
    renderWithApp(<ProgramDetail id={programId} />, { path: `/programs/${programId}` });
    const summary = await screen.findByTestId('program-summary');
    expect(await within(summary).findByTestId('certificate-download')).toBeTruthy();
    expect(within(summary).getByTestId('due-badge').getAttribute('data-state')).toBe('completed');
    expect(within(summary).getByTestId('verification-link').getAttribute('href')).toBe('/verify/c0de');
  });

  it('lists programs with the overdue one first, each with its next step', async () => {
    const other = { ...program({ percent: 0, completedAt: null, dueAt: null, overdue: false, steps: [{ contentId: ids[0], state: 'available', available: true }] }), id: '10000000-0000-4000-8000-000000000002', title: 'Later program' };
    const late = program({ percent: 0, completedAt: null, dueAt: '2026-01-15T00:00:00.000Z', overdue: true, steps: [{ contentId: ids[0], state: 'available', available: true }] });
    server.use(http.get('*/api/programs', () => HttpResponse.json({ items: [other, late], nextCursor: null })));
    signIn();
    renderWithApp(<MyPrograms />, { path: '/programs' });
    const cards = await screen.findAllByTestId('program-card');
    expect(cards.map((c) => c.getAttribute('data-program-id'))).toEqual([programId, other.id]);
    expect(within(nth(cards, 0)).getByTestId('next-step-link').textContent).toBe('Next: First week guide');
    expect(within(nth(cards, 0)).getByTestId('due-badge').getAttribute('data-state')).toBe('overdue');
  });

  it('after a step is done, shows the next step one click away, in the program (issue 25)', async () => {
    server.use(
      http.get(`*/api/programs/${programId}`, () =>
        HttpResponse.json(
          program({
            percent: 33,
            completedAt: null,
            dueAt: null,
            overdue: false,
            nextContentId: ids[1],
            steps: [
              { contentId: ids[0], state: 'done', available: true },
              { contentId: ids[1], state: 'available', available: true },
              { contentId: ids[2], state: 'locked', available: false },
              { contentId: ids[3], state: 'locked', available: true },
            ],
          }),
        ),
      ),
    );
    signIn();
    renderWithApp(<ProgramStepBar programId={programId} contentId={ids[0] ?? ''} />);
    const done = await screen.findByTestId('step-done');
    expect(done.textContent).toContain('Step 1 of 4 done');
    expect(within(done).getByTestId('step-bar-next').getAttribute('href')).toBe(`/library/${ids[1]}?program=${programId}`);
    expect(within(done).getByTestId('step-bar-next').textContent).toBe('Next: Summarise for an audience');
  });

  it('shows where a step not yet done sits, with the way back to the program', async () => {
    server.use(
      http.get(`*/api/programs/${programId}`, () =>
        HttpResponse.json(program({ percent: 0, completedAt: null, dueAt: null, overdue: false, steps: ids.map((contentId) => ({ contentId, state: 'available', available: true })) })),
      ),
    );
    signIn();
    renderWithApp(<ProgramStepBar programId={programId} contentId={ids[1] ?? ''} />);
    const bar = await screen.findByTestId('step-bar');
    expect(bar.textContent).toContain('Step 2 of 4 in “AI basics”');
    expect(within(bar).getByRole('link', { name: 'Back to the program' }).getAttribute('href')).toBe(`/programs/${programId}`);
  });

  it('after the last step, marks the completion with the certificate', async () => {
    server.use(
      http.get(`*/api/programs/${programId}`, () =>
        HttpResponse.json(
          program({ percent: 100, completedAt: '2026-02-01T00:00:00.000Z', dueAt: null, overdue: false, certificateId: certificate.id, steps: ids.map((contentId) => ({ contentId, state: 'done', available: true })) }),
        ),
      ),
    );
    signIn();
    renderWithApp(<ProgramStepBar programId={programId} contentId={ids[3] ?? ''} />);
    const moment = await screen.findByTestId('program-complete');
    expect(moment.textContent).toContain('You completed “AI basics”');
    expect(within(moment).getByTestId('certificate-download')).toBeTruthy();
    expect(within(moment).getByRole('link', { name: 'See the program' }).getAttribute('href')).toBe(`/programs/${programId}`);
  });
});
