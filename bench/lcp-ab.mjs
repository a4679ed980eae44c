// AB=<base A>,<base B> node bench/lcp-ab.mjs — bench/lcp.mjs's measurement of two running servers
// (each started with bench/lib.mjs's startServer, so the bench admin exists), interleaved: every run
// loads each page on A then on B, so a busy machine weighs on both alike. PAGES, LCP_RUNS (default 5).
import { execFileSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { ADMIN } from './lib.mjs';
const [A, B] = process.env.AB.split(',');
const PAGES = (process.env.PAGES ?? '/library,/sandbox').split(',');
const RUNS = Number(process.env.LCP_RUNS ?? 5);
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const executablePath = process.env.CHROMIUM_PATH ?? execFileSync(process.execPath, ['scripts/find-chromium.mjs'], { encoding: 'utf8' }).trim();
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
async function measure(base, path) {
  const signedIn = path !== '/login';
  const context = await browser.newContext({ baseURL: base, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'en-US' });
  try {
    if (signedIn) await context.request.post('/api/auth/login', { data: ADMIN });
    const page = await context.newPage();
    await page.addInitScript(() => { new PerformanceObserver((l) => { for (const e of l.getEntries()) globalThis.__lcp = e.startTime; }).observe({ type: 'largest-contentful-paint', buffered: true }); });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(path, { waitUntil: 'load', timeout: 120_000 });
    await page.locator(signedIn ? 'main' : 'form').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !globalThis.document.querySelector('[data-testid="page-loader"], [data-testid="section-loader"]'), null, { timeout: 120_000 });
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
    return await page.evaluate(() => globalThis.__lcp ?? Number.NaN);
  } finally { await context.close(); }
}
const res = {};
for (let i = 0; i < RUNS; i += 1) for (const p of PAGES) for (const [name, base] of [['A', A], ['B', B]]) {
  const v = await measure(base, p); (res[`${p} ${name}`] ??= []).push(v);
  console.log(`run ${i} ${p} ${name} ${(v / 1000).toFixed(2)}`);
}
for (const [k, v] of Object.entries(res)) console.log(`${k.padEnd(14)} median ${(median(v) / 1000).toFixed(2)} s  runs ${v.map((x) => (x / 1000).toFixed(2)).join(', ')}`);
await browser.close();
