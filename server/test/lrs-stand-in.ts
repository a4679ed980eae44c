import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

export interface StoredStatement {
  id: string;
  actor: Record<string, unknown>;
  verb: { id: string };
  object: { id: string; definition?: { type?: string } };
  result?: { score?: { scaled: number }; success?: boolean; completion?: boolean };
  context?: Record<string, unknown>;
  timestamp?: string;
}

/**
 * A Learning Record Store on 127.0.0.1 that speaks the xAPI 1.0.3 statements resource as an LRS
 * must: Basic authentication, the version header, a batch refused whole (400) when a statement is
 * malformed or an id repeats, 409 for an id it holds with other content, the first copy kept. It
 * can be taken down (503) and brought back, and told to refuse particular ids.
 */
export class LrsStandIn {
  readonly statements: StoredStatement[] = [];
  readonly requests: Array<{ method: string; url: string; status: number }> = [];
  down = false;
  redirectTo: string | undefined;
  readonly refuseIds = new Set<string>();
  private server: Server | undefined;

  constructor(
    readonly username = 'lrs-key',
    readonly password = 'lrs-secret',
  ) {}

  get endpoint(): string {
    const { port } = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${port}/xapi/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', status });
        res.writeHead(status, { 'content-type': 'application/json', 'x-experience-api-version': '1.0.3', ...headers });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.down) return { status: 503, body: { error: 'LRS is down for maintenance' } };
    if (this.redirectTo) return { status: 307, headers: { location: this.redirectTo } };
    const url = new URL(req.url ?? '/', 'http://lrs');
    if (req.method === 'GET' && url.pathname === '/xapi/about') return { status: 200, body: { version: ['1.0.3'] } };
    const expected = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return { status: 401, body: { error: 'bad credentials' } };
    if (!String(req.headers['x-experience-api-version'] ?? '').startsWith('1.0')) return { status: 400, body: { error: 'missing X-Experience-API-Version' } };
    if (url.pathname !== '/xapi/statements' || req.method !== 'POST') return { status: 404 };
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return { status: 400, body: { error: 'not JSON' } };
    }
    const batch = (Array.isArray(parsed) ? parsed : [parsed]) as StoredStatement[];
    const ids = batch.map((s) => s.id);
    if (new Set(ids).size !== ids.length) return { status: 400, body: { error: 'an id repeats in the batch' } };
    for (const s of batch) {
      if (!/^[0-9a-f-]{36}$/.test(s.id ?? '') || !s.actor || !s.verb?.id || !s.object?.id) return { status: 400, body: { error: 'malformed statement' } };
      if (this.refuseIds.has(s.id)) return { status: 400, body: { error: `statement ${s.id} is refused` } };
      const held = this.statements.find((h) => h.id === s.id);
      if (held && !isDeepStrictEqual(held, s)) return { status: 409, body: { error: `statement ${s.id} conflicts` } };
    }
    for (const s of batch) if (!this.statements.some((h) => h.id === s.id)) this.statements.push(s);
    return { status: 200, body: ids };
  }
}
