import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { emptyKnowledge, type AgentKnowledge } from '../../../../contracts/knowledge.js';
import { http, HttpResponse, server, signIn, useMockApi } from '../../../test/msw.js';
import { renderWithApp } from '../../../test/render.js';
import { AgentKnowledgeFields } from './agent-knowledge.js';

useMockApi();

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const doc = (i: number) => ({
  id: uuid(i),
  kind: 'document',
  title: `Handbook ${i}`,
  description: '',
  status: 'published',
  thumbnailUrl: null,
  tags: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  publishedAt: null,
  communityIds: [],
  progress: null,
});
const file = (status: 'processing' | 'ready' | 'failed', error: string | null = null) => ({
  id: uuid(500),
  name: 'policy.pdf',
  mime: 'application/pdf',
  sizeBytes: 2048,
  status,
  error,
  chunks: status === 'ready' ? 3 : 0,
  createdAt: '2026-01-01T00:00:00.000Z',
});

/** The section as the editor uses it: the value lives in the parent; the latest is kept for assertions. */
function Harness({ seen, initial = emptyKnowledge() }: { seen: AgentKnowledge[]; initial?: AgentKnowledge }) {
  const [value, setValue] = useState(initial);
  return (
    <AgentKnowledgeFields
      value={value}
      onChange={(next) => {
        seen.push(next);
        setValue(next);
      }}
    />
  );
}
const last = (seen: AgentKnowledge[]) => seen[seen.length - 1];

describe('agent knowledge section (mocked network)', { timeout: 20_000 }, () => {
  it('searches the library by kind and attaches a document, then removes it', async () => {
    const searched: URL[] = [];
    server.use(
      http.get('*/api/content', ({ request }) => {
        const url = new URL(request.url);
        searched.push(url);
        return HttpResponse.json({ items: [doc(1), doc(2)], nextCursor: null });
      }),
      http.get('*/api/content/:id', ({ params }) => HttpResponse.json({ ...doc(Number(String(params.id).slice(-12))), details: { bodyHtml: '', bodyJson: null, wordCount: 0, readingMinutes: 0 } })),
    );
    signIn();
    const seen: AgentKnowledge[] = [];
    renderWithApp(<Harness seen={seen} />);
    const results = await screen.findByRole('list', { name: 'Library results' });
    expect(searched[0]?.searchParams.get('kind')).toBe('document');
    fireEvent.change(screen.getByRole('textbox', { name: 'Search the library' }), { target: { value: 'hand' } });
    await waitFor(() => expect(searched.some((u) => u.searchParams.get('q') === 'hand')).toBe(true));
    fireEvent.click(within(results).getByRole('button', { name: 'Attach Handbook 2' }));
    expect(last(seen)?.contentIds).toEqual([uuid(2)]);
    expect(await within(results).findByText('Attached')).toBeTruthy();
    const attached = await screen.findByRole('list', { name: 'Attached library items' });
    fireEvent.click(await within(attached).findByRole('button', { name: 'Remove Handbook 2' }));
    expect(last(seen)?.contentIds).toEqual([]);
  });

  it('uploads a file, shows it being read until it is ready, and keeps its id', async () => {
    let polls = 0;
    const uploaded: string[] = [];
    server.use(
      http.get('*/api/content', () => HttpResponse.json({ items: [], nextCursor: null })),
      http.post('*/api/knowledge/files', async ({ request }) => {
        const form = await request.formData();
        const sent = form.get('file');
        uploaded.push(sent === null || typeof sent === 'string' ? '' : sent.name);
        return HttpResponse.json({ file: file('processing') }, { status: 201 });
      }),
      http.get('*/api/knowledge/files/:id', () => {
        polls += 1;
        return HttpResponse.json({ file: polls < 2 ? file('processing') : file('ready') });
      }),
      http.get('*/api/knowledge/files', () => HttpResponse.json({ items: [polls < 2 ? file('processing') : file('ready')] })),
    );
    signIn();
    const seen: AgentKnowledge[] = [];
    const { container } = renderWithApp(<Harness seen={seen} />);
    const input = container.querySelector('input[type="file"]');
    if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
    fireEvent.change(input, { target: { files: [new File(['%PDF-1.4'], 'policy.pdf', { type: 'application/pdf' })] } });
    const files = await screen.findByRole('list', { name: 'Attached files' });
    expect(await within(files).findByText('policy.pdf')).toBeTruthy();
    // jsdom's File loses its name on the way into Node's FormData; the browser test checks the name.
    expect(uploaded).toHaveLength(1);
    expect(last(seen)?.fileIds).toEqual([uuid(500)]);
    expect(within(files).getByText('Reading the file…')).toBeTruthy();
    expect(await within(files).findByText('Ready', {}, { timeout: 10_000 })).toBeTruthy();
    expect(within(files).getByText(/3 passages/)).toBeTruthy();
  });

  it('says why a file could not be read, and refuses a file over 20 MB before uploading', async () => {
    server.use(
      http.get('*/api/content', () => HttpResponse.json({ items: [], nextCursor: null })),
      http.get('*/api/knowledge/files', () => HttpResponse.json({ items: [file('failed', 'This PDF has no text layer (a scan?).')] })),
    );
    signIn();
    const seen: AgentKnowledge[] = [];
    const { container } = renderWithApp(<Harness seen={seen} initial={{ contentIds: [], fileIds: [uuid(500)], strict: false }} />);
    expect(await screen.findByText(/Could not be read: This PDF has no text layer/)).toBeTruthy();
    const input = container.querySelector('input[type="file"]');
    if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
    const big = new File(['x'], 'huge.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: 21 * 1024 * 1024 });
    fireEvent.change(input, { target: { files: [big] } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/at most 20 MB/);
    fireEvent.click(screen.getByRole('button', { name: 'Remove policy.pdf' }));
    expect(last(seen)?.fileIds).toEqual([]);
  });

  it('switches strict mode on', async () => {
    server.use(http.get('*/api/content', () => HttpResponse.json({ items: [], nextCursor: null })));
    signIn();
    const seen: AgentKnowledge[] = [];
    renderWithApp(<Harness seen={seen} />);
    fireEvent.click(screen.getByRole('switch', { name: /Strict: answer only from this material/ }));
    expect(last(seen)).toEqual({ contentIds: [], fileIds: [], strict: true });
  });
});
