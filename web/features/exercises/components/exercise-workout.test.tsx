import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../../../contracts/content.js';
import type { Attempt } from '../../../../contracts/exercises.js';
import { setLanguage } from '../../../lib/i18n.js';
import { apiError, http, HttpResponse, server, signIn, signedInUser, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { ExerciseWorkout } from './exercise-workout.js';

useMockApi();

const exerciseId = '20000000-0000-4000-8000-000000000001';
const attemptId = '30000000-0000-4000-8000-000000000001';
const conversationId = '40000000-0000-4000-8000-000000000001';

const exercise: Extract<ContentItem, { kind: 'exercise' }> = {
  id: exerciseId,
  kind: 'exercise',
  title: 'Write a refund reply',
  description: 'Answer an unhappy customer.',
  status: 'published',
  thumbnailUrl: null,
  tags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  publishedAt: '2026-01-01T00:00:00.000Z',
  communityIds: [],
  progress: null,
  details: {
    brief: 'A customer asks for a refund after 40 days.',
    practiceAgentId: null,
    rubric: [{ id: 'tone', title: 'Tone', description: 'Kind and clear.', weight: 1 }],
    passMark: 70,
    maxAttempts: 3,
    evaluatorInstructions: '',
    evaluatorConnectionId: null,
    evaluatorModel: null,
    graded: true,
    referenceAnswer: '',
    exemplars: [],
  },
};

const attempt = (overrides: Partial<Attempt> = {}): Attempt => ({
  id: attemptId,
  exerciseId,
  exerciseTitle: exercise.title,
  userId: signedInUser.id,
  number: 1,
  conversationId,
  status: 'open',
  answer: null,
  score: null,
  passed: null,
  criteria: [],
  feedback: null,
  evaluator: null,
  graded: true,
  rubricVersion: null,
  evaluationError: null,
  review: null,
  appeal: null,
  shared: false,
  createdAt: '2026-01-02T10:00:00.000Z',
  submittedAt: null,
  evaluatedAt: null,
  ...overrides,
});

const submitted = attempt({ status: 'submitted', answer: 'We refund you in full.', submittedAt: '2026-01-02T10:05:00.000Z' });
const scored = attempt({
  ...submitted,
  status: 'evaluated',
  score: 82,
  passed: true,
  criteria: [{ criterionId: 'tone', score: 82, justification: 'Warm and precise.', evidence: 'We refund you in full.' }],
  feedback: 'A clear, kind reply.',
  evaluator: { model: 'gpt-test', offline: false },
  evaluatedAt: '2026-01-02T10:05:30.000Z',
});

/** The attempt list answers `states` in turn (the last one from then on); submitting answers `submit`. */
function workoutServer(states: Attempt[][], submit: () => Response) {
  const seen = { lists: 0, answers: [] as unknown[] };
  server.use(
    http.get(`/api/exercises/${exerciseId}/attempts`, () => {
      const items = states[Math.min(seen.lists, states.length - 1)];
      seen.lists += 1;
      return HttpResponse.json({ items });
    }),
    http.post(`/api/attempts/${attemptId}/submit`, async ({ request }) => {
      seen.answers.push(await request.json());
      return submit();
    }),
    http.get(`/api/attempts/${attemptId}/readers`, () => HttpResponse.json({ shared: false, readers: [] })),
  );
  return seen;
}

const renderWorkout = () =>
  renderWithApp(<ExerciseWorkout exercise={exercise} practice={(id) => <p data-testid="practice-stub">{id}</p>} />, { path: `/exercises/${exerciseId}` });

describe('ExerciseWorkout: submit, follow the scoring, show the result', () => {
  afterEach(() => setLanguage('en'));

  it('submits the answer (202), shows it is being scored, polls the attempt and shows the score once it is in', async () => {
    signIn();
    // Open → (submit answers 202 submitted) → still submitted on the first poll → scored.
    const seen = workoutServer([[attempt()], [submitted], [scored]], () => HttpResponse.json({ attempt: submitted }, { status: 202 }));
    renderWorkout();
    expect((await screen.findByTestId('practice-stub')).textContent).toBe(conversationId);

    fireEvent.change(screen.getByLabelText(/Your final answer/), { target: { value: '  We refund you in full.  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit for scoring' }));

    expect(await screen.findByTestId('scoring')).toBeTruthy();
    expect(seen.answers).toEqual([{ answer: 'We refund you in full.' }]);
    // The next read (2 s later) has the score: the result replaces the "being scored" line.
    expect((await screen.findByTestId('overall-score', {}, { timeout: 6_000 })).textContent).toContain('82');
    expect(screen.getByTestId('pass-badge').textContent).toBe('Passed');
    expect(screen.queryByTestId('scoring')).toBeNull();
    expect(within(screen.getByTestId('attempt-history')).getByText('82')).toBeTruthy();
    expect(seen.lists).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it('says why an attempt was not scored and offers to score it again', async () => {
    signIn();
    workoutServer([[attempt({ ...submitted, evaluationError: 'The AI provider did not answer.' })]], () => HttpResponse.json({ attempt: submitted }, { status: 202 }));
    renderWorkout();
    const reason = await screen.findByText('The AI provider did not answer.');
    expect(reason.closest('[role="alert"]')?.textContent).toContain('Not scored yet');
    expect(screen.getByRole('button', { name: 'Score it again' })).toBeTruthy();
    // Not being scored: nothing polls and no "scoring" line shows.
    expect(screen.queryByTestId('scoring')).toBeNull();
  });

  it('keeps the answer and tells the learner when scoring is refused for the budget, in their language', async () => {
    await setLanguage('es');
    signIn();
    workoutServer([[attempt()]], () =>
      HttpResponse.json(
        { error: { code: 'budget_exhausted', message: 'The AI budget is used up.', requestId: 'req-test', details: { scope: 'daily', retryAfterSeconds: 3600 } } },
        { status: 429 },
      ),
    );
    renderWorkout();
    const box = await screen.findByLabelText(/Tu respuesta final/);
    fireEvent.change(box, { target: { value: 'Mi respuesta' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enviar para puntuar' }));
    const alert = await screen.findByTestId('budget-refusal');
    expect(alert.textContent).toContain('Aún sin puntuar: se agotó el presupuesto de IA');
    expect(alert.textContent).toContain('Has usado tu asignación de IA de hoy');
    expect((box as HTMLTextAreaElement).value).toBe('Mi respuesta');
  });

  it('shows a failed submission as an error, not as scoring', async () => {
    signIn();
    workoutServer([[attempt()]], () => apiError(500, 'internal', 'Boom'));
    renderWorkout();
    fireEvent.change(await screen.findByLabelText(/Your final answer/), { target: { value: 'An answer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Submit for scoring' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByTestId('scoring')).toBeNull();
    expect(screen.queryByTestId('overall-score')).toBeNull();
  });
});
