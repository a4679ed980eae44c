import type { ContentKind } from '../../../../contracts/content.js';
import type { MemberProgressRow, Program, ProgramStep, StepState } from '../api/programs-api.js';

/** Where a member does a step: the exercise's workout, a chat with the agent, or the library item. */
export function stepHref(step: { contentId: string; kind?: ContentKind | undefined }): string {
  const id = encodeURIComponent(step.contentId);
  if (step.kind === 'exercise') return `/exercises/${id}`;
  if (step.kind === 'agent') return `/sandbox?agent=${id}`;
  return `/library/${id}`;
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
  const states = new Map((program.progress?.steps ?? []).map((s) => [s.contentId, s.state]));
  return program.steps.map((step, index) => {
    const state = states.get(step.contentId) ?? 'available';
    const blockedBy =
      state === 'locked'
        ? (program.steps.slice(0, index).find((earlier) => earlier.required && states.get(earlier.contentId) !== 'done') ??
          program.steps.slice(0, index).findLast((earlier) => states.get(earlier.contentId) !== 'done') ??
          null)
        : null;
    return { ...step, index, state, unavailable: step.available === false, blockedBy };
  });
}

/** The one step to do next: the first open one the member can reach, required ones first. */
export function nextStep(steps: readonly MemberStep[]): MemberStep | null {
  const open = steps.filter((s) => s.state === 'available' && !s.unavailable);
  return open.find((s) => s.required) ?? open[0] ?? null;
}

/** Overdue first, then the nearest due date, then the least progress; the same order every time. */
export function overdueFirst(rows: readonly MemberProgressRow[]): MemberProgressRow[] {
  const due = (r: MemberProgressRow) => (r.dueAt ? Date.parse(r.dueAt) : Number.POSITIVE_INFINITY);
  return [...rows].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      Number(a.completedAt !== null) - Number(b.completedAt !== null) ||
      due(a) - due(b) ||
      a.percent - b.percent ||
      a.displayName.localeCompare(b.displayName),
  );
}

/** How many members reached (completed) each step, in program order. */
export function funnel(steps: readonly ProgramStep[], rows: readonly MemberProgressRow[]): { step: ProgramStep; done: number }[] {
  return steps.map((step) => ({
    step,
    done: rows.filter((r) => r.steps.some((s) => s.contentId === step.contentId && s.state === 'done')).length,
  }));
}
