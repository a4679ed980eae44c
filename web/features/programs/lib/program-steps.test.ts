import { describe, expect, it } from 'vitest';
import type { Program, StepState } from '../api/programs-api.js';
import { memberSteps, nextStep, stepHref } from './program-steps.js';

const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'] as const;

function program(states: StepState[], available: boolean[] = [true, true, true]): Program {
  return {
    id: '10000000-0000-4000-8000-000000000000',
    title: 'AI basics',
    description: '',
    status: 'published',
    sequential: true,
    dueDays: null,
    certificate: { enabled: true, validDays: null },
    steps: [
      { contentId: ids[0], required: true, title: 'Read the guide', kind: 'document', available: available[0] ?? true },
      { contentId: ids[1], required: false, title: 'Copy the prompt', kind: 'prompt', available: available[1] ?? true },
      { contentId: ids[2], required: true, title: 'Pass the exercise', kind: 'exercise', available: available[2] ?? true },
    ],
    communityIds: [],
    version: 1,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    publishedAt: null,
    progress: {
      percent: 0,
      enrolledAt: '2026-01-01T00:00:00Z',
      completedAt: null,
      dueAt: null,
      overdue: false,
      cycle: 1,
      certificateId: null,
      nextContentId: null,
      steps: ids.map((contentId, i) => ({ contentId, state: states[i] ?? 'locked', available: available[i] ?? true })),
    },
  };
}

describe('program steps for a member', () => {
  it('links each step where it is done: exercises to the workout, agents to a sandbox chat, the rest to the library', () => {
    expect(stepHref({ contentId: 'a', kind: 'exercise' })).toBe('/exercises/a');
    expect(stepHref({ contentId: 'a', kind: 'agent' })).toBe('/sandbox?agent=a');
    expect(stepHref({ contentId: 'a', kind: 'document' })).toBe('/library/a');
    expect(stepHref({ contentId: 'a', kind: 'prompt' })).toBe('/library/a');
    // Opened from a program, the step's page knows which one (to show what comes next).
    expect(stepHref({ contentId: 'a', kind: 'document' }, 'p')).toBe('/library/a?program=p');
    expect(stepHref({ contentId: 'a', kind: 'exercise' }, 'p')).toBe('/exercises/a?program=p');
    expect(stepHref({ contentId: 'a', kind: 'agent' }, 'p')).toBe('/sandbox?agent=a&program=p');
  });

  it('explains a locked step by the first unfinished required step before it', () => {
    const steps = memberSteps(program(['available', 'available', 'locked']));
    expect(steps[2]?.blockedBy?.title).toBe('Read the guide');
    expect(steps[0]?.blockedBy).toBeNull();
  });

  it('offers the first open required step next, the server’s pick when it made one, and nothing when every step is done', () => {
    const steps = memberSteps(program(['done', 'available', 'available']));
    expect(nextStep(steps)?.title).toBe('Pass the exercise');
    expect(nextStep(steps, ids[1])?.title).toBe('Copy the prompt');
    expect(nextStep(memberSteps(program(['done', 'done', 'done'])))).toBeNull();
  });

  it('never offers an unavailable (deleted or unpublished) step as the next one', () => {
    const steps = memberSteps(program(['available', 'available', 'locked'], [false, true, true]));
    expect(steps[0]?.unavailable).toBe(true);
    expect(nextStep(steps)?.title).toBe('Copy the prompt');
  });
});
