import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../lib/app-error.js';
import { registerErrorHandling } from './errors.js';

async function appThrowing(error: unknown) {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  app.get('/boom', async () => {
    throw error;
  });
  app.post('/typed', { schema: { body: z.object({ age: z.number().int().min(0) }) } }, async () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('the error handler', () => {
  it('answers an unexpected error with a generic 500 that leaks nothing', async () => {
    const app = await appThrowing(new Error('secret internal detail: password=hunter2 at /srv/app/db.ts:12'));
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    const body = response.json<{ error: { code: string; message: string; requestId: string } }>();
    expect(body.error.code).toBe('internal_error');
    expect(body.error.requestId).toBeTruthy();
    expect(response.body).not.toMatch(/hunter2|srv|db\.ts|stack/);
  });

  it('answers a lost database connection with 503 and Retry-After', async () => {
    const app = await appThrowing(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(503);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('database_unavailable');
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body).not.toContain('5432');
  });

  it('answers a value the database refuses (SQLSTATE class 22/23) as a client error, not a 500', async () => {
    const nul = await appThrowing(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' }));
    const response = await nul.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain('0x00');
    const duplicate = await appThrowing(Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: '23505' }));
    const conflict = await duplicate.inject({ method: 'GET', url: '/boom' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.body).not.toContain('users_email_key');
  });

  it('answers a deadlock or a serialisation failure as a 409 to try again, not a 500', async () => {
    for (const code of ['40P01', '40001']) {
      const app = await appThrowing(Object.assign(new Error('deadlock detected: Process 123 waits for ShareLock on transaction 456'), { code }));
      const response = await app.inject({ method: 'GET', url: '/boom' });
      expect(response.statusCode).toBe(409);
      expect(response.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'conflict', message: expect.stringContaining('try again') });
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body).not.toMatch(/ShareLock|Process 123/);
    }
  });

  it('passes an AppError through with its status, code, message and headers', async () => {
    const app = await appThrowing(new AppError('rate_limited', 'Slow down.', { headers: { 'retry-after': '30' } }));
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('30');
    expect(response.json()).toMatchObject({ error: { code: 'rate_limited', message: 'Slow down.' } });
  });

  it('names the invalid field of a schema violation', async () => {
    const app = await appThrowing(new Error('unused'));
    const response = await app.inject({ method: 'POST', url: '/typed', payload: { age: -1 } });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; message: string; details: { issues: Array<{ path: string }> } } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/^age: /);
    expect(body.error.details.issues[0]?.path).toBe('age');
  });
});
