import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../test/test-app.js';

describe('real-user timings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const post = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/vitals', payload });
  const metrics = async () => (await t.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('exposes reported LCP, INP, CLS and route-change times as histograms by route, ids blanked', async () => {
    const response = await post({
      samples: [
        { name: 'LCP', value: 1800, route: '/dashboard' },
        { name: 'INP', value: 120, route: '/dashboard' },
        { name: 'CLS', value: 0.02, route: '/dashboard' },
        { name: 'route-change', value: 350, route: '/admin/users/3f2a1b7c-1111-4222-8333-444455556666' },
      ],
    });
    expect(response.statusCode).toBe(204);
    const body = await metrics();
    expect(body).toContain('web_vitals_lcp_seconds_bucket{le="2",route="/dashboard"} 1');
    expect(body).toContain('web_vitals_lcp_seconds_bucket{le="1.5",route="/dashboard"} 0');
    expect(body).toContain('web_vitals_inp_seconds_sum{route="/dashboard"} 0.12');
    expect(body).toContain('web_vitals_cls_count{route="/dashboard"} 1');
    expect(body).toContain('web_route_change_seconds_count{route="/admin/users/<id>"} 1');
  });

  it('refuses unknown metric names, negative values and oversized batches', async () => {
    for (const payload of [
      { samples: [{ name: 'FID', value: 10, route: '/x' }] },
      { samples: [{ name: 'LCP', value: -1, route: '/x' }] },
      { samples: Array.from({ length: 51 }, () => ({ name: 'LCP', value: 1, route: '/x' })) },
      { samples: [] },
    ]) {
      const response = await post(payload);
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('validation_failed');
    }
  });

  it('keeps the number of route labels bounded', async () => {
    const samples = Array.from({ length: 50 }, (_, i) => ({ name: 'route-change' as const, value: 10, route: `/spam-${i}-x` }));
    for (let batch = 0; batch < 5; batch += 1) {
      await post({ samples: samples.map((s) => ({ ...s, route: `${s.route}${batch}` })) });
    }
    const body = await metrics();
    const labels = new Set([...body.matchAll(/web_route_change_seconds_count\{route="([^"]+)"\}/g)].map((m) => m[1]));
    expect(labels.size).toBeLessThanOrEqual(200);
    expect(labels.has('other')).toBe(true);
  });
});
