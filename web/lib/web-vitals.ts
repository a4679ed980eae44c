import type { DataRouter } from 'react-router';
import type { Metric } from 'web-vitals';
import type { VitalSample } from '../../contracts/vitals.js';

const DEFAULT_SAMPLE_RATE = 0.1;
const MAX_BATCH = 50;

/** Build-time VITE_VITALS_SAMPLE_RATE, or a page-level override (browser tests set 1 before the app loads). */
function sampleRate(): number {
  const override = (globalThis as { __AIGYM_VITALS_SAMPLE_RATE__?: unknown }).__AIGYM_VITALS_SAMPLE_RATE__;
  for (const candidate of [override, import.meta.env.VITE_VITALS_SAMPLE_RATE]) {
    const value = Number(candidate);
    if (candidate !== undefined && Number.isFinite(value) && value >= 0 && value <= 1) return value;
  }
  return DEFAULT_SAMPLE_RATE;
}

/**
 * Reports Core Web Vitals and in-app navigation times for a sample of page loads. The vitals belong
 * to the route the page was loaded on (that is what LCP measures; INP and CLS accumulate over the
 * page's life). Samples are batched and sent with sendBeacon when the page is hidden or left, which
 * is also when web-vitals finalises INP and CLS; a full batch is sent at once.
 */
export function startWebVitals(router: Pick<DataRouter, 'subscribe'>): void {
  if (Math.random() >= sampleRate()) return;
  const landingRoute = window.location.pathname;
  const queue: VitalSample[] = [];

  const flush = () => {
    if (queue.length === 0) return;
    const body = JSON.stringify({ samples: queue.splice(0, MAX_BATCH) });
    const blob = new Blob([body], { type: 'application/json' });
    if (!navigator.sendBeacon?.('/api/vitals', blob)) {
      void fetch('/api/vitals', { method: 'POST', body, headers: { 'content-type': 'application/json' }, keepalive: true }).catch(() => undefined);
    }
    if (queue.length > 0) flush();
  };
  const add = (sample: VitalSample) => {
    queue.push(sample);
    if (queue.length >= MAX_BATCH) flush();
  };
  const report = (metric: Metric) => add({ name: metric.name as VitalSample['name'], value: Math.max(0, metric.value), route: landingRoute });
  // Loaded only on sampled page loads, so the others do not pay for it.
  void import('web-vitals').then(({ onCLS, onINP, onLCP }) => {
    onLCP(report);
    onINP(report);
    onCLS(report);
    // Registered after web-vitals' own listeners, so its final INP and CLS are queued first.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
  });

  // Navigation time: from the router starting to load the next route (lazy chunk included) until
  // the frame after it rendered.
  let started: number | null = null;
  router.subscribe((state) => {
    if (state.navigation.state !== 'idle') {
      started ??= performance.now();
      return;
    }
    if (started === null) return;
    const from = started;
    started = null;
    const route = state.location.pathname;
    requestAnimationFrame(() => setTimeout(() => add({ name: 'route-change', value: performance.now() - from, route }), 0));
  });

  window.addEventListener('pagehide', flush);
}
