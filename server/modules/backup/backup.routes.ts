import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/app-error.js';
import type { DatabaseHandle } from '../../lib/database.js';
import { takeSnapshot } from './snapshot.js';

/** A secret in DATA_DIR: whoever may read the data folder may take a backup of it, nobody else. */
export function backupToken(dataDir: string): string {
  const file = path.join(dataDir, 'backup-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `npm run backup` asks the running server for a snapshot of the embedded database, since only the
 * process that has it open can take a consistent one. Loopback only (the socket's address, never a
 * forwarded one) and the DATA_DIR token; hidden from the API docs. Absent on a PostgreSQL server.
 */
export function registerBackupRoutes(app: FastifyInstance, database: DatabaseHandle, dataDir: string): void {
  if (!database.pglite) return;
  const token = backupToken(dataDir);
  app.post('/api/internal/backup', { schema: { hide: true } }, async (request, reply) => {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!loopback.has(request.socket.remoteAddress ?? '') || !sameSecret(given, token)) {
      throw new AppError('not_found', 'Not found.');
    }
    const { archive, manifest } = await takeSnapshot(database);
    request.log.info({ event: 'backup.snapshot', bytes: archive.length, schemaVersion: manifest.schemaVersion }, 'backup snapshot taken');
    reply.header('content-type', 'application/gzip');
    reply.header('x-aigym-manifest', Buffer.from(JSON.stringify(manifest)).toString('base64url'));
    return reply.send(archive);
  });
}
