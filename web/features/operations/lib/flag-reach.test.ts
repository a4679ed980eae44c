import { afterAll, describe, expect, it } from 'vitest';
import type { Flag } from '../../../../contracts/flags.js';
import { i18n, setLanguage } from '../../../lib/i18n.js';
import { reachOf, switchOffImpact } from './flag-reach.js';

const flag = (patch: Partial<Flag>): Flag => ({
  key: 'exercises',
  description: '',
  enabled: true,
  rolloutPercentage: 100,
  communityIds: [],
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});
const names = new Map([
  ['a', 'Northwind'],
  ['b', 'Contoso'],
  ['c', 'Fabrikam'],
  ['d', 'Tailspin'],
]);
const t = () => i18n.getFixedT(null, 'operations');

describe('switchOffImpact', () => {
  it('names every community when the flag reaches everyone', () => {
    expect(switchOffImpact(flag({}), names, t())).toBe('Members of all 4 communities will no longer see Exercises.');
  });

  it('names the targeted communities and the share of a partial rollout', () => {
    expect(switchOffImpact(flag({ communityIds: ['a', 'c'] }), names, t())).toBe('Members of Northwind and Fabrikam will no longer see Exercises.');
    expect(switchOffImpact(flag({ key: 'sandbox', communityIds: ['a', 'b', 'c'], rolloutPercentage: 25 }), names, t())).toBe(
      'About 25% of members of Northwind, Contoso and Fabrikam will no longer see the AI Sandbox and Prompt Lab.',
    );
  });

  it('asks nothing for developer flags or flags that already reach nobody', () => {
    expect(switchOffImpact(flag({ key: 'digest.weekly' }), names, t())).toBeNull();
    expect(switchOffImpact(flag({ enabled: false }), names, t())).toBeNull();
    expect(switchOffImpact(flag({ rolloutPercentage: 0 }), names, t())).toBeNull();
  });
});

describe('in Spanish', () => {
  afterAll(() => setLanguage('en'));

  it('says who loses the feature and who a flag reaches', async () => {
    await setLanguage('es');
    expect(switchOffImpact(flag({ communityIds: ['a', 'c'] }), names, t())).toBe('Los miembros de Northwind y Fabrikam dejarán de ver los ejercicios.');
    expect(switchOffImpact(flag({}), new Map([['a', 'Northwind']]), t())).toBe('Los miembros de la única comunidad dejarán de ver los ejercicios.');
    expect(reachOf(flag({ enabled: false }), t())).not.toBe('Off for everyone');
  });
});

describe('reachOf', () => {
  it('says who a flag reaches', () => {
    expect(reachOf(flag({}), t())).toBe('On for everyone');
    expect(reachOf(flag({ rolloutPercentage: 25, communityIds: ['a'] }), t())).toBe('On for 25% of members of 1 community');
    expect(reachOf(flag({ enabled: false }), t())).toBe('Off for everyone');
  });
});
