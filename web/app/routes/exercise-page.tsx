import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { NotFoundView } from '../../components/errors/not-found-view.js';
import { FeatureUnavailable } from '../../components/ui/feature-unavailable.js';
import { QueryGate } from '../../components/ui/query-gate.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { getExercise } from '../../features/exercises/api/exercises-api.js';
import { ExerciseList } from '../../features/exercises/components/exercise-list.js';
import { ExerciseResults } from '../../features/exercises/components/exercise-results.js';
import { ExerciseWorkout } from '../../features/exercises/components/exercise-workout.js';
import { queryKeys } from '../../lib/query-keys.js';
import { ConversationView } from '../../features/sandbox/components/conversation-view.js';
import { ProgramStepBar } from '../../features/programs/components/program-step-bar.js';

function useExercise(id: string) {
  return useQuery({ queryKey: queryKeys.exercises.exercise(id), queryFn: ({ signal }) => getExercise(id, signal) });
}

/** /exercises: what the member can practise and their skills. */
export function ExercisesPage() {
  const { t } = useTranslation('exercises');
  useDocumentTitle(`${t('list.title')} · AI GYM`);
  const me = useSession();
  if (me.flags.exercises !== true) return <FeatureUnavailable flag="exercises" />;
  return <ExerciseList canSeeResults={me.user.role === 'admin' || me.communities.some((c) => c.role === 'manager')} />;
}

/** /exercises/:id: the brief beside the practice conversation (the sandbox's own view), then scores. */
export function ExercisePage() {
  const { t } = useTranslation('exercises');
  const { id = '' } = useParams();
  const me = useSession();
  const exercise = useExercise(id);
  const programId = useSearchParams()[0].get('program');
  useDocumentTitle(`${exercise.data?.title ?? t('exercise')} · AI GYM`);
  if (me.flags.exercises !== true) return <FeatureUnavailable flag="exercises" />;
  return (
    <QueryGate pending={exercise.isPending} error={exercise.error} onRetry={() => void exercise.refetch()}>
      {/* Opened from a program: where the step sits, and what comes next once it is done. */}
      {programId && me.flags.programs === true && exercise.data ? <ProgramStepBar key={programId} programId={programId} contentId={id} /> : null}
      {exercise.data?.kind === 'exercise' ? (
        <ExerciseWorkout exercise={exercise.data} practice={(conversationId) => <ConversationView key={conversationId} conversationId={conversationId} />} />
      ) : exercise.data ? (
        <NotFoundView fullHeight={false} />
      ) : null}
    </QueryGate>
  );
}

/** /exercises/:id/results: managers and admins. */
export function ExerciseResultsPage() {
  const { t } = useTranslation('exercises');
  const { id = '' } = useParams();
  const me = useSession();
  const exercise = useExercise(id);
  useDocumentTitle(`${t('results.pageTitle', { title: exercise.data?.title ?? t('exercise') })} · AI GYM`);
  const allowed = me.user.role === 'admin' || me.communities.some((c) => c.role === 'manager');
  if (me.flags.exercises !== true) return <FeatureUnavailable flag="exercises" />;
  if (!allowed) return <NotFoundView fullHeight={false} />;
  return (
    <QueryGate pending={exercise.isPending} error={exercise.error} onRetry={() => void exercise.refetch()}>
      {exercise.data?.kind === 'exercise' ? <ExerciseResults exercise={exercise.data} /> : exercise.data ? <NotFoundView fullHeight={false} /> : null}
    </QueryGate>
  );
}
