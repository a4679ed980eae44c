import { describe, expect, it } from 'vitest';
import type { MemberProgressRow, Program, StepState } from '../api/programs-api.js';
import { funnel, memberSteps, nextStep, overdueFirst, stepHref } from './program-steps.js';

const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'] as const;

function program(states: StepState[], overrides: Partial<Program> = {}): Program {
  return {
    id: '10000000-0000-4000-8000-000000000000',
    title: 'AI basics',
    description: '',
    status: 'published',
    sequential: true,
    dueDays: null,
    certificate: { enabled: true, validDays: null },
    steps: [
      { contentId: ids[0], required: true, title: 'Read the guide', kind: 'document' },
      { contentId: ids[1], required: false, title: 'Copy the prompt', kind: 'prompt' },
      { contentId: ids[2], required: true, title: 'Pass the exercise', kind: 'exercise' },
    ],
    progress: { percent: 0, completedAt: null, dueAt: null, overdue: false, steps: ids.map((contentId, i) => ({ contentId, state: states[i] ?? 'locked' })) },
    ...overrides,
  };
}

function row(name: string, patch: Partial<MemberProgressRow>): MemberProgressRow {
  return { userId: ids[0], displayName: name, percent: 0, completedAt: null, dueAt: null, overdue: false, steps: [], ...patch };
}

describe('program steps for a member', () => {
  it('links each step where it is done: exercises to the workout, agents to a sandbox chat, the rest to the library', () => {
    expect(stepHref({ contentId: 'a', kind: 'exercise' })).toBe('/exercises/a');
    expect(stepHref({ contentId: 'a', kind: 'agent' })).toBe('/sandbox?agent=a');
    expect(stepHref({ contentId: 'a', kind: 'document' })).toBe('/library/a');
    expect(stepHref({ contentId: 'a', kind: 'prompt' })).toBe('/library/a');
  });

  it('explains a locked step by the first unfinished required step before it', () => {
    const steps = memberSteps(program(['available', 'available', 'locked']));
    expect(steps[2]?.blockedBy?.title).toBe('Read the guide');
    expect(steps[0]?.blockedBy).toBeNull();
  });

  it('offers the first open required step next, and nothing when every step is done', () => {
    expect(nextStep(memberSteps(program(['done', 'available', 'available'])))?.title).toBe('Pass the exercise');
    expect(nextStep(memberSteps(program(['done', 'done', 'done'])))).toBeNull();
  });

  it('never offers an unavailable (deleted or unpublished) step as the next one', () => {
    const p = program(['available', 'available', 'locked']);
    const steps = memberSteps({ ...p, steps: p.steps.map((s, i) => (i === 0 ? { ...s, available: false } : s)) });
    expect(steps[0]?.unavailable).toBe(true);
    expect(nextStep(steps)?.title).toBe('Copy the prompt');
  });
});

describe('program progress for managers', () => {
  it('puts overdue members first, completed ones last', () => {
    const sorted = overdueFirst([
      row('Done Dana', { completedAt: '2026-01-01T00:00:00Z', percent: 100 }),
      row('On-time Omar', { dueAt: '2026-03-01T00:00:00Z', percent: 50 }),
      row('Late Lea', { overdue: true, dueAt: '2026-01-01T00:00:00Z' }),
    ]);
    expect(sorted.map((r) => r.displayName)).toEqual(['Late Lea', 'On-time Omar', 'Done Dana']);
  });

  it('counts, per step, how many members completed it', () => {
    const p = program([]);
    const rows = [
      row('A', { steps: [{ contentId: ids[0], state: 'done' }, { contentId: ids[1], state: 'done' }] }),
      row('B', { steps: [{ contentId: ids[0], state: 'done' }, { contentId: ids[1], state: 'available' }] }),
    ];
    expect(funnel(p.steps, rows).map((f) => f.done)).toEqual([2, 1, 0]);
  });
});
