// The platform job runner (ADR 0034): define a job, register it with `app.jobs`, enqueue it inside
// the transaction that gives it a reason.
export { defineJob, enqueueJob, type EnqueueOptions, type JobDefinition, type JobRun, type RetryPolicy } from './job.js';
export { JobRunner, type RunnerOptions } from './runner.js';
export { enqueueMail, sendMailJob } from './mail.js';
