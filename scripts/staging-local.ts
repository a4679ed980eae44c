// Staging without Docker: the topology of compose.yaml from Debian packages (postgresql, redis-server,
// nginx-light) — a private PostgreSQL (initdb in a temp dir) with the roles of deploy/staging-roles.sql,
// Redis, two `node dist/server/main.js` and nginx with the production rules (deploy/nginx/aigym.conf).
//   npm run build && npm run staging:local        (Ctrl-C stops everything and removes the temp dir)
// server/test/scale-out.test.ts starts its nginx through startNginx() below, so the recipe is tested.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NGINX_RULES = path.join(root, 'deploy', 'nginx', 'aigym.conf');
export const NGINX_BIN = '/usr/sbin/nginx';
const asRoot = process.getuid?.() === 0;

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** nginx in front of `upstreams` ("host:port"), with the production rules included as they are. */
export async function startNginx(upstreams: string[], port?: number): Promise<Running> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aigym-nginx-'));
  const listen = port ?? (await sparePort());
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream aigym { ${upstreams.map((u) => `server ${u} max_fails=0;`).join(' ')} }
  server {
    listen 127.0.0.1:${listen};
    include ${NGINX_RULES};
  }
}
`,
  );
  const child = spawn(NGINX_BIN, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', `daemon off;${asRoot ? ' user root;' : ''}`], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${listen}`;
  await waitFor(() => fetch(`${url}/healthz`).then((r) => r.ok), 'nginx');
  return {
    url,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Redis on a spare port, nothing persisted: it holds only throttling counters. */
export async function startRedis(): Promise<Running> {
  const port = await sparePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(async () => execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' }).toString().includes('PONG'), 'redis');
  return { url, stop: () => stopChild(child) };
}

/** A private PostgreSQL with the staging roles; `url` is the app's login, `ownerUrl` runs migrations. */
export async function startPostgres(): Promise<Running & { ownerUrl: string }> {
  const version = readdirSync('/usr/lib/postgresql').sort().pop();
  if (!version) throw new Error('install the postgresql package');
  const bin = path.join('/usr/lib/postgresql', version, 'bin');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aigym-staging-pg-'));
  const data = path.join(dir, 'data');
  const port = await sparePort();
  // PostgreSQL refuses to run as root: run it as the postgres user when we are root.
  if (asRoot) {
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(bin, tool), asRoot ? ['-u', 'postgres', '--', path.join(bin, tool), ...args] : args, { stdio: 'pipe' });
  // Trust on 127.0.0.1 only: a throw-away staging server; the roles still separate owner and app.
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-f', path.join(root, 'deploy', 'staging-roles.sql')], { stdio: 'pipe' });
  return {
    url: `postgres://aigym_web:staging-web@127.0.0.1:${port}/aigym`,
    ownerUrl: `postgres://aigym_owner:staging-owner@127.0.0.1:${port}/aigym`,
    async stop() {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One `node dist/server/main.js` on a spare port, with the production environment of docs/deployment.md. */
export async function startApp(env: Record<string, string>): Promise<Running & { port: number }> {
  const port = await sparePort();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'main.js')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), TRUST_PROXY: '1', ...env },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => fetch(`${url}/readyz`).then((r) => r.ok), `the app on port ${port}`, 120_000);
  return { url, port, stop: () => stopChild(child) };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'dist', 'server', 'main.js'))) throw new Error('build first: npm run build');
  const started: Running[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(0)));
  try {
    const postgres = await startPostgres();
    started.push(postgres);
    const redis = await startRedis();
    started.push(redis);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aigym-staging-data-'));
    mkdirSync(dataDir, { recursive: true });
    started.push({ url: dataDir, stop: async () => rmSync(dataDir, { recursive: true, force: true }) });
    const port = Number(process.env.STAGING_PORT ?? 8080);
    const env = {
      APP_URL: process.env.APP_URL ?? `http://127.0.0.1:${port}`,
      DATABASE_URL: postgres.url,
      MIGRATION_DATABASE_URL: postgres.ownerUrl,
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      AUTH_SECRET: process.env.AUTH_SECRET ?? 'staging-only-secret-change-me-0123456789abcdef0123456789',
      AI_KEYS_SECRET: process.env.AI_KEYS_SECRET ?? 'staging-only-ai-keys-secret-0123456789abcdef012345',
      ADMIN_EMAIL: 'admin@staging.example',
      ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? 'staging-admin-password',
    };
    // The first instance migrates; the second starts on the migrated database, as in compose.yaml.
    const first = await startApp(env);
    started.push(first);
    const second = await startApp(env);
    started.push(second);
    const nginx = await startNginx([`127.0.0.1:${first.port}`, `127.0.0.1:${second.port}`], port);
    started.push(nginx);
    process.stdout.write(`\nStaging is up at ${nginx.url} (admin@staging.example / ${env.ADMIN_PASSWORD}); instances ${first.url} and ${second.url}; Ctrl-C stops it.\n`);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`staging failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
