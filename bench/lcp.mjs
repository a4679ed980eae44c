// npm run bench:lcp — Largest Contentful Paint of /login and signed-in pages on a throttled phone:
// a cold cache, Lighthouse's mobile "Slow 4G" profile (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s
// up, 4× slower CPU) applied through the Chrome DevTools Protocol. Targets (issue 25): /login ≤ 2.5 s,
// signed-in pages ≤ 4 s. Needs `npm run build` (it serves dist/web). LCP_RUNS sets the runs per page.
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { ADMIN, login, startServer } from './lib.mjs';

const RUNS = Number(process.env.LCP_RUNS ?? 3);
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;
const TARGETS = { '/login': 2500, signedIn: 4000 };
const SIGNED_IN = ['/dashboard', '/library', '/sandbox', '/programs'];

// BENCH_BASE measures a server already running (started by bench/lib.mjs's startServer, so the bench
// admin exists): on a busy machine the server can take longer to start than startServer waits.
const server = process.env.BENCH_BASE ? { base: process.env.BENCH_BASE, stop: async () => undefined } : await startServer({ port: Number(process.env.BENCH_PORT ?? 3215) });
const executablePath = process.env.CHROMIUM_PATH ?? execFileSync(process.execPath, ['scripts/find-chromium.mjs'], { encoding: 'utf8' }).trim();
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One cold load of `path` in a fresh context (empty cache); answers its LCP in ms. */
async function measure(path, { signedIn }) {
  const context = await browser.newContext({ baseURL: server.base, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' });
  try {
    if (signedIn) {
      // The refresh cookie lands in the context: the page restores the session like a returning person.
      const res = await context.request.post('/api/auth/login', { data: ADMIN });
      if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
    }
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = /** @type {{ __lcp?: number }} */ (globalThis);
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__lcp = entry.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(path, { waitUntil: 'load', timeout: 120_000 });
    // LCP is final once the page has drawn what it loads: wait for the main content, then no loader.
    await page.locator(signedIn ? 'main' : 'form').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !globalThis.document.querySelector('[data-testid="page-loader"], [data-testid="section-loader"]'), null, { timeout: 120_000 });
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
    return await page.evaluate(() => /** @type {{ __lcp?: number }} */ (globalThis).__lcp ?? Number.NaN);
  } finally {
    await context.close();
  }
}

let failed = false;
try {
  await login(server.base); // the admin exists (bootstrap) before any page is measured
  const rows = [['/login', false], ...SIGNED_IN.map((p) => [p, true])];
  console.log(`LCP on a throttled phone (Slow 4G, ${CPU_SLOWDOWN}× CPU, cold cache), median of ${RUNS}:`);
  for (const [path, signedIn] of rows) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await measure(path, { signedIn }));
    const value = median(runs);
    const target = signedIn ? TARGETS.signedIn : TARGETS['/login'];
    const ok = value <= target;
    if (!ok) failed = true;
    console.log(`  ${path.padEnd(12)} ${(value / 1000).toFixed(2).padStart(5)} s  (runs ${runs.map((r) => (r / 1000).toFixed(2)).join(', ')}; target ≤ ${target / 1000} s) ${ok ? 'OK' : 'OVER'}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
if (failed && process.env.LCP_STRICT) process.exit(1);
