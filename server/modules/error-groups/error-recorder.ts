import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db-schema.js';
import type { ErrorForwarder } from '../../lib/error-reporting.js';
import { type ErrorOccurrence, recordError } from './error-groups.service.js';

/**
 * Records an occurrence in its group and forwards it to Sentry when configured. Never awaited by
 * the request and never throws: failing to record an error must not cause another.
 */
export class ErrorRecorder {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly forwarder?: ErrorForwarder,
  ) {}

  record(occurrence: ErrorOccurrence, error: unknown, log: FastifyBaseLogger): Promise<void> {
    return recordError(this.db, occurrence).then(
      ({ fingerprint, count }) => {
        this.forwarder?.send(error, { fingerprint, source: occurrence.source, location: occurrence.location, requestId: occurrence.requestId });
        // The first occurrence is the one worth a log line of its own: a new kind of failure.
        if (count === 1) log.warn({ event: 'error_group.new', fingerprint, source: occurrence.source, location: occurrence.location }, 'a new kind of error appeared');
      },
      (err: unknown) => log.warn({ err, event: 'error_group.record_failed' }, 'could not record an error occurrence'),
    );
  }
}
