import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentItem } from '../../contracts/content.js';
import { ATTR_REQUEST_ID, startTracing } from '../lib/tracing.js';
import { sampleContent } from './content-fixtures.js';
import { type FakeProvider, startFakeProvider } from './fake-ai-provider.js';
import { createTestApp, seedCommunity, seedUser, signIn, type TestApp } from './test-app.js';

describe('tracing', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: { shutdown(): Promise<void> };
  let fake: FakeProvider;
  let t: TestApp;
  const lines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    tracing = await startTracing({ serviceName: 'aigym-test', processor: new SimpleSpanProcessor(exporter) });
    fake = await startFakeProvider();
    t = await createTestApp({ LOG_LEVEL: 'info', AI_PROVIDER: 'openai', AI_BASE_URL: fake.baseUrl, AI_API_KEY: 'test-key' }, undefined, {
      write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
    await tracing.shutdown();
  });

  const finished = (): ReadableSpan[] => exporter.getFinishedSpans();
  async function spansOf(requestId: string, predicate: (spans: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
    // The server span ends on the response's 'close', which can come a tick after inject resolves.
    for (let i = 0; i < 100; i += 1) {
      const server = finished().find((s) => s.kind === SpanKind.SERVER && s.attributes[ATTR_REQUEST_ID] === requestId);
      if (server) {
        const traceSpans = finished().filter((s) => s.spanContext().traceId === server.spanContext().traceId);
        if (predicate(traceSpans)) return traceSpans;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no complete trace for ${requestId}: ${finished().map((s) => s.name).join(', ')}`);
  }

  it('makes a server span per request with its SQL statements as children, all carrying the request id, and logs the trace id', async () => {
    await seedUser(t.database, { email: 'traced@example.com' });
    const s = await signIn(t.app, 'traced@example.com');
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { ...s.auth, 'x-request-id': 'trace-req-1' } });
    expect(response.statusCode).toBe(200);
    const spans = await spansOf('trace-req-1', (all) => all.some((x) => x.name.startsWith('db ')));
    const server = spans.find((x) => x.kind === SpanKind.SERVER);
    expect(server?.name).toBe('GET /api/auth/me');
    expect(server?.attributes['http.response.status_code']).toBe(200);
    const queries = spans.filter((x) => x.name.startsWith('db '));
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      expect(q.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
      expect(q.attributes[ATTR_REQUEST_ID]).toBe('trace-req-1');
      expect(q.attributes['db.query.text']).toEqual(expect.any(String));
    }
    const line = lines.find((l) => l.event === 'http.request' && l.reqId === 'trace-req-1');
    expect(line?.traceId).toBe(server?.spanContext().traceId);
  });

  it('continues a trace started upstream (traceparent header)', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await t.app.inject({ method: 'GET', url: '/healthz', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'trace-req-2' } });
    const spans = await spansOf('trace-req-2', () => true);
    expect(spans[0]?.spanContext().traceId).toBe(traceId);
  });

  it('makes a span for the AI provider call under the request, with model and token usage', async () => {
    const community = await seedCommunity(t.database, 'Traced');
    await seedUser(t.database, { email: 'trace-admin@example.com', role: 'admin' });
    await seedUser(t.database, { email: 'trace-member@example.com', communities: [{ id: community, role: 'member' }] });
    const admin = await signIn(t.app, 'trace-admin@example.com');
    const member = await signIn(t.app, 'trace-member@example.com');
    const agent = (
      await t.app.inject({
        method: 'POST',
        url: '/api/content',
        headers: admin.auth,
        payload: sampleContent('agent', 'Tutor', { details: { systemPrompt: 'Be brief.', model: 'traced-model', temperature: 0.3, maxOutputTokens: 100, starterPrompts: [], welcomeMessage: '' } }),
      })
    ).json<ContentItem>();
    await t.app.inject({ method: 'PUT', url: `/api/content/${agent.id}/assignments`, headers: admin.auth, payload: { communityIds: [community] } });
    const conversation = (await t.app.inject({ method: 'POST', url: '/api/conversations', headers: member.auth, payload: { agentId: agent.id } })).json<{ id: string }>();
    fake.behaviour = { kind: 'answer', tokens: ['Hello ', 'there.'] };
    const answer = await t.app.inject({
      method: 'POST',
      url: `/api/conversations/${conversation.id}/messages`,
      headers: { ...member.auth, 'x-request-id': 'trace-chat-1' },
      payload: { text: 'Hi' },
    });
    expect(answer.statusCode).toBe(200);
    const spans = await spansOf('trace-chat-1', (all) => all.some((x) => x.name === 'chat traced-model'));
    const server = spans.find((x) => x.kind === SpanKind.SERVER);
    const ai = spans.find((x) => x.name === 'chat traced-model');
    expect(ai?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(ai?.attributes).toMatchObject({ 'gen_ai.request.model': 'traced-model', 'aigym.answer.status': 'complete', [ATTR_REQUEST_ID]: 'trace-chat-1' });
    expect(ai?.attributes['gen_ai.usage.output_tokens']).toEqual(expect.any(Number));
  });

  it('records the status of a refused request on its span', async () => {
    await t.app.inject({ method: 'GET', url: '/api/users/not-a-uuid', headers: { 'x-request-id': 'trace-req-3' } });
    const spans = await spansOf('trace-req-3', () => true);
    expect(spans.find((x) => x.kind === SpanKind.SERVER)?.attributes['http.response.status_code']).toBeGreaterThanOrEqual(400);
  });
});
