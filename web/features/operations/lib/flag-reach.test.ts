import { describe, expect, it } from 'vitest';
import type { Flag } from '../../../../contracts/flags.js';
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

describe('switchOffImpact', () => {
  it('names every community when the flag reaches everyone', () => {
    expect(switchOffImpact(flag({}), names)).toBe('Members of all 4 communities will no longer see Exercises.');
  });

  it('names the targeted communities and the share of a partial rollout', () => {
    expect(switchOffImpact(flag({ communityIds: ['a', 'c'] }), names)).toBe('Members of Northwind and Fabrikam will no longer see Exercises.');
    expect(switchOffImpact(flag({ key: 'sandbox', communityIds: ['a', 'b', 'c'], rolloutPercentage: 25 }), names)).toBe(
      'About 25% of members of Northwind, Contoso and Fabrikam will no longer see the AI Sandbox and Prompt Lab.',
    );
  });

  it('asks nothing for developer flags or flags that already reach nobody', () => {
    expect(switchOffImpact(flag({ key: 'digest.weekly' }), names)).toBeNull();
    expect(switchOffImpact(flag({ enabled: false }), names)).toBeNull();
    expect(switchOffImpact(flag({ rolloutPercentage: 0 }), names)).toBeNull();
  });
});

describe('reachOf', () => {
  it('says who a flag reaches', () => {
    expect(reachOf(flag({}))).toBe('On for everyone');
    expect(reachOf(flag({ rolloutPercentage: 25, communityIds: ['a'] }))).toBe('On for 25% of members of 1 community');
    expect(reachOf(flag({ enabled: false }))).toBe('Off for everyone');
  });
});
