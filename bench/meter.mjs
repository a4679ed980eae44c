// Load with CPU accounting, shared by bench/compare and bench/ab: req/s and latency from autocannon,
// and the CPU each request cost the server process and its PostgreSQL backends (from /proc).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { load } from './lib.mjs';

// CPU time is what a shared machine cannot blur: req/s and latency depend on what else runs, but
// the CPU a request costs the server process and its database backends hardly does. Throughput at
// saturation is about cores / CPU per request, so its ratio is the steadier comparison.
const TICK_MS = 1000 / 100; // Linux USER_HZ
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0; // the process has gone
  }
}

/**
 * `adminUrl` is a connection to the PostgreSQL server's maintenance database, used to find and
 * watch each target database's backends.
 */
export async function createMeter(adminUrl, { connections, seconds }) {
  const monitor = new pg.Client({ connectionString: adminUrl });
  await monitor.connect();
  async function backends(database) {
    if (!database) return [];
    const { rows } = await monitor.query(`select pid, state from pg_stat_activity where datname = $1 and backend_type = 'client backend'`, [database]);
    return rows;
  }

  /**
   * A 2 s warm-up, then the measured phase; non-2xx answers count as failures. `target` names the
   * server process and its database (none for PGlite), so the CPU each request costs them is
   * measured too, and how often its connections were caught idle in a transaction (waiting for
   * Node between round trips).
   */
  async function measure(options, target) {
    await load({ connections, ...options, duration: 2 });
    const pids = target ? [target.pid, ...(await backends(target.database)).map((b) => b.pid)] : [];
    const before = new Map(pids.map((pid) => [pid, cpuMs(pid)]));
    // A backend may end during the phase (the pool closes a connection): its CPU is then the last
    // figure seen while sampling, not 0.
    const lastSeen = new Map(before);
    const states = { active: 0, 'idle in transaction': 0, idle: 0 };
    let sampling = Boolean(target?.database);
    const sampler = (async () => {
      while (sampling) {
        for (const b of await backends(target.database)) {
          if (b.state in states) states[b.state] += 1;
          lastSeen.set(b.pid, cpuMs(b.pid) || (lastSeen.get(b.pid) ?? 0));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const result = await load({ connections, ...options, duration: seconds });
    sampling = false;
    await sampler;
    let nodeCpu = 0;
    let dbCpu = 0;
    for (const pid of new Set([...pids, ...lastSeen.keys(), ...(target ? (await backends(target.database)).map((b) => b.pid) : [])])) {
      const used = (cpuMs(pid) || (lastSeen.get(pid) ?? 0)) - (before.get(pid) ?? 0);
      if (pid === target.pid) nodeCpu += used;
      else dbCpu += used;
    }
    const requests = Math.max(1, result.requests.total);
    const busy = states.active + states['idle in transaction'];
    return {
      rps: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failed: result.non2xx + result.errors + result.timeouts,
      total: result.requests.total,
      cpuPerRequest: target ? (nodeCpu + dbCpu) / requests : undefined,
      nodeCpuPerRequest: target ? nodeCpu / requests : undefined,
      dbCpuPerRequest: target ? dbCpu / requests : undefined,
      idleInTransaction: busy ? states['idle in transaction'] / busy : undefined,
    };
  }

  return { measure, close: () => monitor.end() };
}
