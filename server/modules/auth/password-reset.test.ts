import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mail, Mailer } from '../../lib/mailer.js';
import { createTestApp, errorCode, linkToken, seedUser, signIn, sql, TEST_PASSWORD, type TestApp } from '../../test/test-app.js';

/** A mailer the test controls: it can hold every send until released, or fail the first few. */
class ControlledMailer implements Mailer {
  readonly sent: Mail[] = [];
  failuresLeft = 0;
  private gate: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  hold(): void {
    this.gate = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  open(): void {
    this.release();
  }

  async send(mail: Mail): Promise<void> {
    await this.gate;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('smtp unavailable');
    }
    this.sent.push(mail);
  }

  async next(to: string, after = 0): Promise<Mail> {
    for (let i = 0; i < 100; i += 1) {
      const mail = this.sent.slice(after).find((m) => m.to === to);
      if (mail) return mail;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no mail to ${to}`);
  }
}

describe('password reset', () => {
  let t: TestApp;
  const mailer = new ControlledMailer();
  const logs: Array<{ event?: string }> = [];
  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'warn' }, undefined, { write: (line) => logs.push(JSON.parse(line) as { event?: string }) }, mailer);
    await seedUser(t.database, { email: 'admin@reset.example', role: 'admin' });
  });
  afterAll(() => t.close());

  const forgot = (email: string) => t.app.inject({ method: 'POST', url: '/api/auth/password/forgot', payload: { email } });
  const reset = (token: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/password/reset', payload: { token, password } });
  const tokenCount = async (userId: string) =>
    (await t.database.handle.db.selectFrom('one_time_tokens').select('id').where('user_id', '=', userId).execute()).length;

  it('answers forgot before doing any of the work that depends on whether the account exists', async () => {
    const known = await seedUser(t.database, { email: 'known@reset.example' });
    mailer.hold();
    const before = mailer.sent.length;
    const [answerKnown, answerUnknown] = [await forgot('known@reset.example'), await forgot('nobody@reset.example')];
    // The mail is still held: had the answer waited for it, the request would not have returned.
    expect(mailer.sent.length).toBe(before);
    expect(answerKnown.statusCode).toBe(202);
    expect(answerUnknown.statusCode).toBe(202);
    expect(answerKnown.body).toBe(answerUnknown.body);
    expect(Object.keys(answerKnown.headers).sort()).toEqual(Object.keys(answerUnknown.headers).sort());
    mailer.open();
    const mail = await mailer.next('known@reset.example', before);
    expect(mail.text).toContain('/reset-password?token=');
    expect(await tokenCount(known.id)).toBe(1);
    expect(mailer.sent.slice(before).some((m) => m.to === 'nobody@reset.example')).toBe(false);
  });

  it('retries the mail when sending fails (a job with back-off), and marks it failed for good after its attempts', async () => {
    // The reset mail's job (queued after the answer, by the background work); its retries wait for a later clock (runDue).
    const mailJob = async (to: string) =>
      (await sql<{ state: string; attempts: number; last_error: string | null }>`select state, attempts, last_error from jobs where name = 'mail.send' and payload->>'to' = ${to}`.execute(t.database.handle.db)).rows[0];
    const retryUntil = async (done: () => Promise<boolean>) => {
      for (let minutes = 1; minutes < 24 * 60 && !(await done()); minutes *= 2) await t.app.jobs.runDue(new Date(Date.now() + minutes * 60_000));
    };
    await seedUser(t.database, { email: 'flaky@reset.example' });
    mailer.failuresLeft = 2;
    const before = mailer.sent.length;
    expect((await forgot('flaky@reset.example')).statusCode).toBe(202);
    await expect.poll(async () => (await mailJob('flaky@reset.example'))?.last_error ?? null, { timeout: 20_000, interval: 100 }).toContain('smtp unavailable');
    await retryUntil(async () => mailer.sent.slice(before).some((m) => m.to === 'flaky@reset.example'));
    const mail = await mailer.next('flaky@reset.example', before);
    expect(await mailJob('flaky@reset.example')).toMatchObject({ state: 'done', attempts: 3 });
    // One link, made once: the retries resent it.
    expect((await reset(linkToken(mail.text), 'a brand new password')).statusCode).toBe(204);

    await seedUser(t.database, { email: 'unlucky@reset.example' });
    mailer.failuresLeft = 100;
    expect((await forgot('unlucky@reset.example')).statusCode).toBe(202);
    await expect.poll(async () => (await mailJob('unlucky@reset.example'))?.last_error ?? null, { timeout: 20_000, interval: 100 }).toContain('smtp unavailable');
    await retryUntil(async () => (await mailJob('unlucky@reset.example'))?.state === 'failed');
    expect(await mailJob('unlucky@reset.example')).toMatchObject({ state: 'failed', attempts: 8, last_error: expect.stringContaining('smtp unavailable') });
    expect(logs.some((l) => l.event === 'jobs.failed')).toBe(true);
    mailer.failuresLeft = 0;
  });

  it('a newer reset link voids every older one', async () => {
    await seedUser(t.database, { email: 'twice@reset.example' });
    let before = mailer.sent.length;
    await forgot('twice@reset.example');
    const first = linkToken((await mailer.next('twice@reset.example', before)).text);
    before = mailer.sent.length;
    await forgot('twice@reset.example');
    const second = linkToken((await mailer.next('twice@reset.example', before)).text);
    const stale = await reset(first, 'first new password');
    expect(stale.statusCode).toBe(400);
    expect(errorCode(stale)).toBe('invalid_token');
    expect((await reset(second, 'second new password')).statusCode).toBe(204);
  });

  it('any password change voids outstanding reset links', async () => {
    const user = await seedUser(t.database, { email: 'changed@reset.example' });
    const before = mailer.sent.length;
    await forgot('changed@reset.example');
    const token = linkToken((await mailer.next('changed@reset.example', before)).text);
    const admin = await signIn(t.app, 'admin@reset.example', TEST_PASSWORD);
    const changed = await t.app.inject({ method: 'PATCH', url: `/api/users/${user.id}`, headers: admin.auth, payload: { password: 'set by the admin 123' } });
    expect(changed.statusCode).toBe(200);
    const stale = await reset(token, 'attacker chosen password');
    expect(stale.statusCode).toBe(400);
    expect(errorCode(stale)).toBe('invalid_token');
    expect((await signIn(t.app, 'changed@reset.example', 'set by the admin 123')).accessToken).toBeTruthy();
  });
});
