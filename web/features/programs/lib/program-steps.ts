import type { ContentKind } from '../../../../contracts/content.js';
import type { Program, ProgramStep, StepState } from '../api/programs-api.js';

/**
 * Where a member does a step: the exercise's workout, a chat with the agent, or the library item.
 * With `programId`, the page knows it was opened from that program and shows what comes next
 * once the step is done (issue 25: finishing a step was a dead end).
 */
export function stepHref(step: { contentId: string; kind: ContentKind | null }, programId?: string): string {
  const id = encodeURIComponent(step.contentId);
  const program = programId ? `program=${encodeURIComponent(programId)}` : '';
  if (step.kind === 'exercise') return `/exercises/${id}${program ? `?${program}` : ''}`;
  if (step.kind === 'agent') return `/sandbox?agent=${id}${program ? `&${program}` : ''}`;
  return `/library/${id}${program ? `?${program}` : ''}`;
}

export interface MemberStep extends ProgramStep {
  index: number;
  state: StepState;
  /** Content deleted, unpublished or no longer assigned: shown, but not linked. */
  unavailable: boolean;
  /** For a locked step of a sequential program: the step to finish first. */
  blockedBy: ProgramStep | null;
}

/** The member's steps with their state and, when locked, which earlier step holds them back. */
export function memberSteps(program: Program): MemberStep[] {
  const progress = new Map((program.progress?.steps ?? []).map((s) => [s.contentId, s]));
  const done = (step: ProgramStep) => progress.get(step.contentId)?.state === 'done';
  return program.steps.map((step, index) => {
    const own = progress.get(step.contentId);
    const state = own?.state ?? 'available';
    const earlier = program.steps.slice(0, index).filter((s) => !done(s));
    const blockedBy = state === 'locked' ? (earlier.find((s) => s.required) ?? earlier.at(-1) ?? null) : null;
    return { ...step, index, state, unavailable: !step.available || own?.available === false, blockedBy };
  });
}

/** The one step to do next: the server's pick when it made one, else the first open step, required ones first. */
export function nextStep(steps: readonly MemberStep[], suggested: string | null = null): MemberStep | null {
  const open = steps.filter((s) => s.state === 'available' && !s.unavailable);
  return open.find((s) => s.contentId === suggested) ?? open.find((s) => s.required) ?? open[0] ?? null;
}
