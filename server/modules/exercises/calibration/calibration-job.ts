import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { platformRoleSchema } from '../../../../contracts/users.js';
import { assumeIdentity, type RunAsUser, runAnonymous } from '../../../lib/transactions.js';
import { defineJob } from '../../../platform/jobs/index.js';
import { executeCalibration } from './calibration.service.js';

/**
 * A calibration run on the platform job runner (ADR 0034, 0035): the admin's POST records the run
 * as `running` and queues this job in the same transaction; GET follows it. The job acts as the
 * admin who started it, so row-level security applies as in the request. A run is recorded as
 * failed by `executeCalibration` itself; an unexpected error is not retried (a second run would
 * call the provider another 51 times), and a worker that died is replaced when the lease runs out.
 */
export const calibrationJob = defineJob({
  name: 'exercises.calibrate',
  payload: z.object({ calibrationId: z.uuid(), exerciseId: z.uuid(), userId: z.uuid(), role: platformRoleSchema }),
  retry: { attempts: 1, backoffMs: 0 },
  // 17 texts × 3 samples, three at a time, each allowed a minute: well under a quarter of an hour.
  leaseMs: 15 * 60_000,
  async handle(payload, job) {
    const meta = {
      requestId: `job-exercises.calibrate-${randomUUID()}`,
      ip: '127.0.0.1',
      onBackgroundError: (err: unknown) => job.log.error({ err, event: 'exercise.calibration.after_commit_failed' }, 'work after a calibration step failed'),
    };
    const run: RunAsUser = (fn) => runAnonymous(job.app.services.db, meta, async (ctx) => fn(await assumeIdentity(ctx, payload.userId, payload.role)));
    const { config, mailer } = job.app.services;
    await executeCalibration(run, { config, mailer, log: job.log }, payload.calibrationId, payload.exerciseId);
    job.log.info({ event: 'exercise.calibration.finished', calibrationId: payload.calibrationId }, 'calibration finished');
  },
});
