import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Histogram, type Registry } from 'prom-client';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { type VitalName, vitalsReportSchema } from '../../../contracts/vitals.js';
import { AppError } from '../../lib/app-error.js';
import { normalisePath } from '../error-groups/error-groups.service.js';

const REPORTS_PER_MINUTE = 60;
/** Distinct route labels kept per instance; anything beyond is counted under "other" so a crawler cannot blow up the series. */
const MAX_ROUTES = 200;

type VitalHistograms = Record<VitalName, { histogram: Histogram<'route'>; scale: number }>;

function createVitalHistograms(registry: Registry): VitalHistograms {
  const histogram = (name: string, help: string, buckets: number[]) => new Histogram({ name, help, labelNames: ['route'] as const, buckets, registers: [registry] });
  // Buckets straddle web.dev's "good" and "poor" thresholds so both can be alerted on.
  return {
    LCP: { histogram: histogram('web_vitals_lcp_seconds', 'Largest Contentful Paint seen by real users, by landing route', [0.5, 1, 1.5, 2, 2.5, 3, 4, 6, 10]), scale: 1000 },
    INP: { histogram: histogram('web_vitals_inp_seconds', 'Interaction to Next Paint seen by real users, by landing route', [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2]), scale: 1000 },
    CLS: { histogram: histogram('web_vitals_cls', 'Cumulative Layout Shift seen by real users, by landing route', [0.01, 0.05, 0.1, 0.15, 0.25, 0.5, 1]), scale: 1 },
    'route-change': {
      histogram: histogram('web_route_change_seconds', 'In-app navigation time until the new page rendered, by route', [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10]),
      scale: 1000,
    },
  };
}

/** Sampled Core Web Vitals and route-change times from members' browsers, exposed in /metrics. */
export function registerVitalsRoutes(app: FastifyInstance, registry: Registry): void {
  const { limiter } = app.services;
  const vitals = createVitalHistograms(registry);
  const routes = new Set<string>();
  const label = (path: string): string => {
    const route = normalisePath(path);
    if (routes.has(route)) return route;
    if (routes.size >= MAX_ROUTES) return 'other';
    routes.add(route);
    return route;
  };

  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/vitals',
    { schema: { tags: ['monitoring'], body: vitalsReportSchema, response: { 204: z.null(), 400: errorBodySchema, 429: errorBodySchema } } },
    async (request, reply) => {
      const limit = await limiter.hit(`vitals:ip:${request.ip}`, REPORTS_PER_MINUTE, 60);
      if (!limit.allowed) {
        throw new AppError('rate_limited', 'Too many timing reports.', { headers: { 'retry-after': String(limit.retryAfterSeconds) } });
      }
      for (const sample of request.body.samples) {
        const { histogram, scale } = vitals[sample.name];
        histogram.observe({ route: label(sample.route) }, sample.value / scale);
      }
      return reply.status(204).send(null);
    },
  );
}
