import { z } from 'zod';
import { attemptEnvelopeSchema, attemptSchema } from '../../../../contracts/exercises.js';
import {
  certificateStatusSchema,
  reviewDetailSchema,
  reviewQueueSchema,
  type ReviewAttemptInput,
  type ReviewDetail,
  type ReviewItem,
  type ReviewReason,
} from '../../../../contracts/reviews.js';
import { apiRequest } from '../../../lib/http/request.js';

export type { ReviewDetail, ReviewItem, ReviewReason };

const id = (value: string) => encodeURIComponent(value);
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});
const reviewedSchema = z.object({ attempt: attemptSchema.nullable(), detail: reviewDetailSchema });

export const getReviewQueue = (communityId: string | null, signal?: AbortSignal) =>
  apiRequest('/api/reviews', reviewQueueSchema, { query: { communityId: communityId ?? undefined }, ...withSignal(signal) });

export const getReviewDetail = (attemptId: string, signal?: AbortSignal) => apiRequest(`/api/reviews/${id(attemptId)}`, reviewDetailSchema, withSignal(signal));

export const saveReview = (attemptId: string, input: ReviewAttemptInput) =>
  apiRequest(`/api/attempts/${id(attemptId)}/review`, reviewedSchema, { method: 'PUT', body: input });

export const appealAttempt = (attemptId: string, input: { criterionId: string; text: string }) =>
  apiRequest(`/api/attempts/${id(attemptId)}/appeal`, attemptEnvelopeSchema, { method: 'POST', body: input });

export const revokeCertificate = (certificateId: string, reason: string) =>
  apiRequest(`/api/certificates/${id(certificateId)}/revoke`, certificateStatusSchema, { method: 'POST', body: { reason } });
