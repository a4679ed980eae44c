import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away PgBouncer of our own (Debian's package) in transaction mode, on a spare port in front
 * of a PostgreSQL server, with few server connections so that transactions from different clients
 * interleave on them. The settings are the ones docs/deployment.md gives for production, except the
 * pool size and trust authentication on 127.0.0.1.
 */
export interface PrivatePgBouncer {
  /** The PostgreSQL URL `direct`, with host and port turned to PgBouncer's. */
  urlFor(direct: string): string;
  port: number;
  destroy(): void;
}

const binary = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((candidate) => existsSync(candidate));

export const pgbouncerAvailable = (): boolean => binary !== undefined && process.platform === 'linux';

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const accepting = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

export async function startPrivatePgBouncer(server: { host: string; port: number }, options: { poolSize?: number } = {}): Promise<PrivatePgBouncer> {
  if (!binary) throw new Error('pgbouncer is not installed (apt-get install pgbouncer)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aigym-pgbouncer-'));
  const port = await sparePort();
  const config = path.join(dir, 'pgbouncer.ini');
  const pidFile = path.join(dir, 'pgbouncer.pid');
  writeFileSync(path.join(dir, 'userlist.txt'), '"postgres" ""\n');
  writeFileSync(
    config,
    [
      '[databases]',
      `* = host=${server.host} port=${server.port}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${options.poolSize ?? 2}`,
      'min_pool_size = 0',
      'reserve_pool_size = 0',
      'max_client_conn = 500',
      'max_db_connections = 0',
      'server_reset_query =',
      'server_check_delay = 10',
      'query_wait_timeout = 30',
      `logfile = ${path.join(dir, 'pgbouncer.log')}`,
      `pidfile = ${pidFile}`,
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root: run it as the postgres user when we are root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    for (const file of [dir, config, path.join(dir, 'userlist.txt')]) chownSync(file, uid, gid);
    chmodSync(dir, 0o700);
  }
  execFileSync(asRoot ? 'runuser' : binary, asRoot ? ['-u', 'postgres', '--', binary, '-d', config] : ['-d', config], { stdio: 'pipe' });
  const started = Date.now();
  while (!(await accepting(port))) {
    if (Date.now() - started > 10_000) throw new Error(`pgbouncer did not start: ${readFileSync(path.join(dir, 'pgbouncer.log'), 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    urlFor(direct) {
      const url = new URL(direct);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    destroy() {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
