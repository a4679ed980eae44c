import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attempt } from '../../../../contracts/exercises.js';
import { setLanguage } from '../../../lib/i18n.js';
import { renderWithApp } from '../../../test/render.js';
import { AttemptResult } from './attempt-result.js';

const rubric = [{ id: 'audience', title: 'Names the audience', description: 'Says who reads it.', weight: 1 }];

const attempt = (over: Partial<Attempt>): Attempt => ({
  id: '40000000-0000-4000-8000-000000000001',
  exerciseId: '30000000-0000-4000-8000-000000000001',
  exerciseTitle: 'Summarise an email',
  userId: '20000000-0000-4000-8000-000000000001',
  number: 1,
  conversationId: null,
  status: 'evaluated',
  answer: 'For the support lead.',
  score: 60,
  passed: null,
  criteria: [],
  feedback: null,
  evaluator: { model: 'offline-evaluator', offline: true },
  graded: false,
  rubricVersion: null,
  evaluationError: null,
  review: null,
  shared: false,
  createdAt: '2026-03-01T10:00:00.000Z',
  submittedAt: '2026-03-01T10:05:00.000Z',
  evaluatedAt: '2026-03-01T10:05:02.000Z',
  ...over,
});

/** What the server stored as reason codes reads in the learner's language (issue 23). */
describe('AttemptResult in Spanish', () => {
  afterEach(() => setLanguage('en'));

  it('shows the offline evaluator’s notes and next step in Spanish', async () => {
    await setLanguage('es');
    renderWithApp(
      <AttemptResult
        rubric={rubric}
        passMark={70}
        attempt={attempt({
          criteria: [{ criterionId: 'audience', score: 60, justification: 'offline_estimate {"title":"Names the audience","score":60}', evidence: '' }],
          feedback: 'offline_next_work_on {"title":"Names the audience","description":"Says who reads it."}',
        })}
      />,
    );
    expect(await screen.findByText('Estimación sin conexión para «Names the audience»: tu respuesta se parece sobre todo a respuestas que tu formador puntuó en torno a 60.')).toBeTruthy();
    expect(screen.getByTestId('next-step').textContent).toContain('La próxima vez, trabaja «Names the audience»: Says who reads it.');
    expect(document.body.textContent).not.toContain('offline_');
  });

  it('says in Spanish why an attempt went to a trainer, and keeps an old row’s sentence', async () => {
    await setLanguage('es');
    const { unmount } = renderWithApp(<AttemptResult rubric={rubric} passMark={70} attempt={attempt({ status: 'needs_review', score: null, feedback: 'evaluator_disagreed {"spread":40,"samples":3}' })} />);
    expect(await screen.findByText(/El evaluador discrepó consigo mismo en 40 puntos/)).toBeTruthy();
    unmount();
    renderWithApp(<AttemptResult rubric={rubric} passMark={70} attempt={attempt({ status: 'needs_review', score: null, feedback: 'A trainer will review this attempt.' })} />);
    expect(await screen.findByText('A trainer will review this attempt.')).toBeTruthy();
  });
});
