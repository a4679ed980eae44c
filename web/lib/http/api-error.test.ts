import { afterAll, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n.js';
import { ApiError, describeError, errorFromResponse, transportError } from './api-error.js';

const http = (status: number, message = 'The server said so.') => new ApiError({ kind: 'http', status, code: 'x', message, requestId: 'req-1' });
const answered = (status: number, error: { code: string; message: string; details?: unknown }) => errorFromResponse({ status, headers: new Headers(), body: { error } });

describe('describeError', () => {
  it('says the network is down, or the server is slow, in plain words', () => {
    expect(describeError(transportError(new TypeError('Failed to fetch'), false, undefined))).toEqual({
      title: 'You seem to be offline',
      message: 'We could not reach AI GYM. Check your internet connection, then try again.',
    });
    expect(describeError(transportError(new Error('x'), true, undefined)).title).toBe('AI GYM is taking too long');
  });

  it('titles HTTP failures by what the person can do, keeping the server sentence and the reference', () => {
    expect(describeError(http(500))).toEqual({ title: 'Something went wrong on our side', message: 'The server said so.', requestId: 'req-1' });
    expect(describeError(http(400, 'Title can be at most 200 characters.')).title).toBe('Some details need fixing');
    expect(describeError(http(403)).title).toBe("You don't have access to this");
    expect(describeError(http(412)).title).toBe('Someone changed this meanwhile');
  });

  it('never shows a status code or a browser exception', () => {
    const bare = errorFromResponse({ status: 502, headers: new Headers(), body: '<html>Bad gateway</html>' });
    expect(describeError(bare).message).not.toMatch(/502|HTTP/);
    expect(describeError(errorFromResponse({ status: 418, headers: new Headers(), body: null })).message).not.toMatch(/418|HTTP/);
    expect(describeError(new TypeError("Cannot read properties of undefined (reading 'x')")).message).toBe(
      'An unexpected problem stopped this. Reload the page and try again.',
    );
  });
});

describe('server errors by code (ADR 0047)', () => {
  afterAll(() => setLanguage('en'));

  it('shows a known code in the person’s language, with its details, and keeps the server’s sentence aside', async () => {
    const error = answered(409, { code: 'sso_domain_taken', message: 'acme.com already signs in through Alpha.', details: { domain: 'acme.com', community: 'Alpha' } });
    expect(error.message).toBe('acme.com already signs in through Alpha. A domain can belong to one community only.');
    await setLanguage('es');
    expect(error.message).toBe('acme.com ya inicia sesión a través de Alpha. Un dominio solo puede pertenecer a una comunidad.');
    expect(describeError(answered(409, { code: 'legal_hold', message: 'This person is under a legal hold.' })).message).toMatch(/retención legal/);
    expect(error.serverMessage).toBe('acme.com already signs in through Alpha.');
  });

  it('names the first invalid field of a validation failure, and keeps the server’s words for a code it does not know', async () => {
    await setLanguage('es');
    expect(answered(400, { code: 'validation_failed', message: 'title: too long', details: { in: 'body', issues: [{ path: 'title', message: 'too long' }] } }).message).toBe('Revisa «title»: no es válido.');
    expect(answered(400, { code: 'brand_new_code', message: 'A newer server said this.' }).message).toBe('A newer server said this.');
  });

  it('words a field the schema refused by its zod issue code and facts (issue 23)', async () => {
    await setLanguage('es');
    const tooShort = answered(400, { code: 'validation_failed', message: 'title: Too small: expected string to have >=3 characters', details: { in: 'body', issues: [{ path: 'title', message: 'Too small', code: 'too_small', origin: 'string', minimum: 3 }] } });
    expect(tooShort.message).toBe('Revisa «title»: Debe tener al menos 3 caracteres.');
    await setLanguage('en');
    expect(tooShort.message).toBe('title: Too small: expected string to have >=3 characters');
  });
});
