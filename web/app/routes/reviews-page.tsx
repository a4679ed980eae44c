import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ReviewFormView } from '../../features/reviews/components/review-form.js';
import { ReviewQueueView } from '../../features/reviews/components/review-queue.js';

/** /reviews: admins and named reviewers (the server decides; others see its refusal). */
export function ReviewsPage() {
  const { t } = useTranslation('reviews');
  useDocumentTitle(`${t('title')} · AI GYM`);
  return <ReviewQueueView />;
}

/** /reviews/:attemptId: one attempt, reviewed per criterion. */
export function ReviewPage() {
  const { t } = useTranslation('reviews');
  useDocumentTitle(`${t('title')} · AI GYM`);
  const { attemptId = '' } = useParams();
  return <ReviewFormView key={attemptId} attemptId={attemptId} />;
}
