// bench/auth: sign-ins per second and authenticated GET /api/auth/me per second, p50/p99.
// Usage: node bench/auth.mjs   (BENCH_DATABASE_URL=postgres://... to run against a server)
import { ADMIN, load, login, report, startServer } from './lib.mjs';

const server = await startServer();
try {
  const database = process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite';
  process.stdout.write(`bench/auth on ${database}, autocannon from a second process against ${server.base}\n`);
  const token = await login(server.base);
  report(
    'POST /api/auth/login (argon2id)',
    await load({
      url: `${server.base}/api/auth/login`,
      method: 'POST',
      connections: 4,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    }),
  );
  report('GET /api/auth/me (bearer, RLS)', await load({ url: `${server.base}/api/auth/me`, headers: { authorization: `Bearer ${token}` } }));
} finally {
  await server.stop();
}
