import { resolve } from 'node:path';

/** Shared by playwright.config.ts (server env) and the fixtures (seeding, outbox). */
// E2E_PORT lets two checkouts on one machine run their browser suites side by side.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DATA_DIR = resolve(process.cwd(), '.tmp', 'e2e-data');
export const E2E_OUTBOX_DIR = resolve(E2E_DATA_DIR, 'outbox');
export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'e2e-admin-password-Correct-Horse';
export const AUTH_SECRET = 'e2e-only-auth-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
