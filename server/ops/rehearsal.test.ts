import { describe, expect, it } from 'vitest';
import { DATASET_MIN_VERSION, migrationVersions, rehearse } from './rehearsal.js';

const serverUrl = process.env.TEST_DATABASE_URL;

describe.runIf(serverUrl && process.env.TEST_DB === 'postgres')('the migration rehearsal', () => {
  it('round-trips every migration on the small dataset, keeps the data, and sees the exclusive locks migrations take', async () => {
    const result = await rehearse({ serverUrl: serverUrl ?? '', scale: 'small' });
    const later = migrationVersions().filter((m) => m.version > DATASET_MIN_VERSION);
    expect(result.steps.map((s) => `${s.version}.${s.action}`)).toEqual(later.flatMap((m) => [`${m.version}.do`, `${m.version}.undo`, `${m.version}.redo`]));
    expect(result.finalVersion).toBe(result.to);
    expect(result.rows.before.messages).toBe(20_000);
    // Nothing lost; 0008 backfills progress rows for agents already chatted with, so that table may grow.
    for (const [table, rows] of Object.entries(result.rows.before)) expect(result.rows.after[table]).toBeGreaterThanOrEqual(rows);
    expect(result.rows.after.messages).toBe(20_000);
    for (const s of result.steps) expect(s.ms).toBeGreaterThan(0);
    // 0010 adds cost columns to messages (ALTER TABLE: ACCESS EXCLUSIVE); 0011 only replaces functions.
    expect(result.steps.find((s) => s.version === 10 && s.action === 'do')?.hot).toContain('public.messages');
    expect(result.steps.filter((s) => s.version === 11).flatMap((s) => s.hot)).toEqual([]);
  }, 120_000);
});
