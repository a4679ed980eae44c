import type { analyticsQuerySchema } from '../../../../contracts/analytics.js';
import { contentItemSchema, contentSummarySchema } from '../../../../contracts/content.js';
import {
  attemptEnvelopeSchema,
  attemptListSchema,
  attemptReadersSchema,
  exerciseMembersSchema,
  exerciseStatsSchema,
  skillsSchema,
  transcriptSchema,
} from '../../../../contracts/exercises.js';
import type { AppealAttemptInput } from '../../../../contracts/reviews.js';
import { pageSchema } from '../../../../contracts/pagination.js';
import { apiRequest } from '../../../lib/http/request.js';
import type { z } from 'zod';

const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});
const id = (value: string) => encodeURIComponent(value);

export const getExercise = (exerciseId: string, signal?: AbortSignal) => apiRequest(`/api/content/${id(exerciseId)}`, contentItemSchema, withSignal(signal));

export const listExercises = (signal?: AbortSignal) =>
  apiRequest('/api/content', pageSchema(contentSummarySchema), { query: { kind: 'exercise', sort: 'title', limit: 100 }, ...withSignal(signal) });

export const listAttempts = (exerciseId: string, userId: string | null, signal?: AbortSignal) =>
  apiRequest(`/api/exercises/${id(exerciseId)}/attempts`, attemptListSchema, { query: { userId: userId ?? undefined }, ...withSignal(signal) });

export const getAttempt = (attemptId: string, signal?: AbortSignal) => apiRequest(`/api/attempts/${id(attemptId)}`, attemptEnvelopeSchema, withSignal(signal));

export const startAttempt = (exerciseId: string) => apiRequest(`/api/exercises/${id(exerciseId)}/attempts`, attemptEnvelopeSchema, { method: 'POST' });

/** Answers 202 with the attempt `submitted`: the workout follows it until it is scored. */
export const submitAttempt = (attemptId: string, answer: string) =>
  apiRequest(`/api/attempts/${id(attemptId)}/submit`, attemptEnvelopeSchema, { method: 'POST', body: { answer } });

/** The learner contests one criterion with a sentence (ADR 0036). */
export const appealAttempt = (attemptId: string, body: AppealAttemptInput) =>
  apiRequest(`/api/attempts/${id(attemptId)}/appeal`, attemptEnvelopeSchema, { method: 'POST', body });

export const setShared = (attemptId: string, shared: boolean) =>
  apiRequest(`/api/attempts/${id(attemptId)}/share`, attemptEnvelopeSchema, { method: shared ? 'PUT' : 'DELETE' });

export const getReaders = (attemptId: string, signal?: AbortSignal) => apiRequest(`/api/attempts/${id(attemptId)}/readers`, attemptReadersSchema, withSignal(signal));

export const getTranscript = (attemptId: string, signal?: AbortSignal) => apiRequest(`/api/attempts/${id(attemptId)}/transcript`, transcriptSchema, withSignal(signal));

type AnalyticsQuery = z.input<typeof analyticsQuerySchema>;

export const getExerciseStats = (query: AnalyticsQuery, signal?: AbortSignal) =>
  apiRequest('/api/analytics/exercises', exerciseStatsSchema, { query: { ...query }, ...withSignal(signal) });

export const getExerciseMembers = (exerciseId: string, signal?: AbortSignal) =>
  apiRequest(`/api/analytics/exercises/${id(exerciseId)}/members`, exerciseMembersSchema, withSignal(signal));

export const getSkills = (userId: string | null, signal?: AbortSignal) =>
  apiRequest('/api/analytics/skills', skillsSchema, { query: { userId: userId ?? undefined }, ...withSignal(signal) });
