import { EventEmitter } from 'node:events';

/**
 * 'enqueued' after a transaction that queued a job has committed: the runners of this process look
 * at once instead of at their next poll. Other processes find the job at their next poll.
 */
export const jobSignals = new EventEmitter();
// Every app built in one process (tests build many) listens.
jobSignals.setMaxListeners(0);
