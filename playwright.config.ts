import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  AUTH_SECRET,
  E2E_BASE_URL,
  E2E_DATA_DIR,
  E2E_PORT,
} from './e2e/e2e-env.js';

/** Debian's Chromium (never Playwright's downloads); resolved once, inherited by the workers. */
function chromiumPath(): string {
  if (!process.env.CHROMIUM_PATH) {
    process.env.CHROMIUM_PATH = execFileSync(process.execPath, ['scripts/find-chromium.mjs'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
  }
  return process.env.CHROMIUM_PATH;
}

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // Generous on purpose: the suite must pass on a busy 2-core machine. Waits are on state, never on time.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    // English, whatever the machine's locale: the specs find elements by their English names.
    locale: 'en-US',
    // Dialogs and menus appear without transitions: a test never clicks a button still animating in.
    reducedMotion: 'reduce',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node e2e/start-server.mjs',
    url: `${E2E_BASE_URL}/readyz`,
    reuseExistingServer: false,
    // Loading the demo data takes a while on a busy machine.
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      DATA_DIR: E2E_DATA_DIR,
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      APP_URL: E2E_BASE_URL,
      AUTH_SECRET,
      LOG_LEVEL: 'warn',
      // Every test signs in from 127.0.0.1: the per-IP ceiling is for real traffic, not this suite.
      LOGIN_LIMIT_PER_IP: '100000',
      // The specs sign the admin in many times a minute; a code is accepted once per 30 s step, so the
      // admin's required two-factor is off here. e2e/sso.spec.ts signs in with a code (ADR 0021).
      MFA_REQUIRED_FOR: 'none',
      // The specs' AI providers and identity provider listen on 127.0.0.1 (issue 26 refuses that by default).
      AI_ALLOW_PRIVATE_BASE_URLS: 'true',
      API_RATE_LIMIT_PER_MINUTE: '100000',
    },
  },
});
