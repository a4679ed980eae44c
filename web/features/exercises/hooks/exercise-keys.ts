/** Query keys of the exercises feature, in one place so mutations invalidate exactly what changed. */
export const exerciseKeys = {
  all: ['exercises'] as const,
  list: () => ['exercises', 'list'] as const,
  exercise: (id: string) => ['exercises', 'item', id] as const,
  attempts: (exerciseId: string, userId: string | null) => ['exercises', 'attempts', exerciseId, userId ?? 'me'] as const,
  attempt: (attemptId: string) => ['exercises', 'attempt', attemptId] as const,
  readers: (attemptId: string) => ['exercises', 'readers', attemptId] as const,
  transcript: (attemptId: string) => ['exercises', 'transcript', attemptId] as const,
  stats: () => ['exercises', 'stats'] as const,
  members: (exerciseId: string) => ['exercises', 'members', exerciseId] as const,
  skills: (userId: string | null) => ['exercises', 'skills', userId ?? 'me'] as const,
};
