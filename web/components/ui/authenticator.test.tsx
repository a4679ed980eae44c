import { describe, expect, it } from 'vitest';
import { totpCode } from './authenticator.js';

describe('totpCode', () => {
  it('takes six digits, with the space some authenticator apps show in the middle', () => {
    expect(totpCode('123456')).toBe('123456');
    expect(totpCode(' 123 456 ')).toBe('123456');
  });

  it('refuses anything that is not six digits', () => {
    expect(totpCode('')).toBeNull();
    expect(totpCode('12345')).toBeNull();
    expect(totpCode('1234567')).toBeNull();
    expect(totpCode('12a456')).toBeNull();
  });
});
