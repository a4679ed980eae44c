// node bench/lcp-trace.mjs /library /sandbox — one cold load of each page under bench/lcp.mjs's
// throttling, printing each request's start and end (ms after navigation) and the LCP element.
// BENCH_BASE measures a server already running (see bench/lcp.mjs).
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { ADMIN, login, startServer } from './lib.mjs';

const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const paths = process.argv.slice(2);
const server = process.env.BENCH_BASE ? { base: process.env.BENCH_BASE, stop: async () => undefined } : await startServer({ port: Number(process.env.BENCH_PORT ?? 3215) });
const executablePath = process.env.CHROMIUM_PATH ?? execFileSync(process.execPath, ['scripts/find-chromium.mjs'], { encoding: 'utf8' }).trim();
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  await login(server.base);
  for (const path of paths) {
    const context = await browser.newContext({ baseURL: server.base, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' });
    await context.request.post('/api/auth/login', { data: ADMIN });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = globalThis;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) { w.__lcp = entry.startTime; w.__lcpEl = `${entry.element?.tagName} ${entry.element?.textContent?.slice(0, 60)} size=${entry.size}`; }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(path, { waitUntil: 'load', timeout: 120_000 });
    await page.locator('main').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !globalThis.document.querySelector('[data-testid="page-loader"], [data-testid="section-loader"]'), null, { timeout: 120_000 });
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
    const out = await page.evaluate(() => ({
      lcp: globalThis.__lcp, el: globalThis.__lcpEl,
      res: performance.getEntriesByType('resource').map((r) => [Math.round(r.startTime), Math.round(r.responseEnd), r.transferSize, r.name.replace(globalThis.location.origin, '')]),
    }));
    console.log(`\n${path}: LCP ${Math.round(out.lcp)} ms — ${out.el}`);
    for (const [s, e, size, name] of out.res.sort((a, b) => a[0] - b[0])) console.log(`  ${String(s).padStart(5)} → ${String(e).padStart(5)}  ${String(size).padStart(7)}  ${name}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
