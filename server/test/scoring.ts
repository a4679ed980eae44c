import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/**
 * Submits an attempt as a learner's page does: POST answers 202 with the attempt `submitted`, the
 * scoring job runs (only it: no other module's housekeeping), and the attempt is read again. A
 * refused submit (4xx) is answered as it came; an accepted one as the GET after scoring (200).
 */
export async function submitAndScore(app: FastifyInstance, headers: Record<string, string>, attemptId: string, payload: unknown = {}): Promise<LightMyRequestResponse> {
  const res = await app.inject({ method: 'POST', url: `/api/attempts/${attemptId}/submit`, headers, payload: payload as Record<string, unknown> });
  if (res.statusCode >= 300) return res;
  expect(res.statusCode, res.body).toBe(202);
  expect(res.json<{ attempt: { status: string } }>().attempt.status).toBe('submitted');
  await app.jobs.runDue(new Date(), ['exercises.score']);
  return app.inject({ method: 'GET', url: `/api/attempts/${attemptId}`, headers });
}
