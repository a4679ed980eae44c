import { describe, expect, it } from 'vitest';
import { ssoErrorCodes } from '../../../contracts/sso-codes.js';
import en from '../../locales/en/auth.json';
import es from '../../locales/es/auth.json';

describe('single-sign-on refusals on the sign-in page', () => {
  it.each(ssoErrorCodes)('explain %s in English and Spanish', (code) => {
    expect(en.sso.errors[code]).toBeTruthy();
    expect(es.sso.errors[code]).toBeTruthy();
  });
});
