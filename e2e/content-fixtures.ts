import { deflateSync } from 'node:zlib';
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import type { SessionResponse } from '../contracts/auth.js';
import type { ContentItem, CreateContentInput } from '../contracts/content.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, E2E_BASE_URL } from './e2e-env.js';

/** Content seeding through the API as the bootstrap admin (the UI paths are what the specs click). */
export class ContentApi {
  private constructor(
    private readonly ctx: APIRequestContext,
    private readonly token: string,
  ) {}

  static async create(): Promise<ContentApi> {
    const ctx = await playwrightRequest.newContext({ baseURL: E2E_BASE_URL });
    const res = await ctx.post('/api/auth/login', { data: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(res.status(), `admin login: ${await res.text()}`).toBe(200);
    return new ContentApi(ctx, ((await res.json()) as SessionResponse).accessToken);
  }

  async createContent(input: CreateContentInput, communityIds: string[] = []): Promise<ContentItem> {
    const headers = { Authorization: `Bearer ${this.token}` };
    const res = await this.ctx.post('/api/content', { headers, data: input });
    expect(res.status(), `create content: ${await res.text()}`).toBe(201);
    const item = (await res.json()) as ContentItem;
    if (communityIds.length > 0) {
      const assigned = await this.ctx.put(`/api/content/${item.id}/assignments`, { headers, data: { communityIds } });
      expect(assigned.ok(), `assign: ${await assigned.text()}`).toBe(true);
    }
    return item;
  }

  async getContent(id: string): Promise<ContentItem> {
    const res = await this.ctx.get(`/api/content/${id}`, { headers: { Authorization: `Bearer ${this.token}` } });
    expect(res.ok(), `get content: ${await res.text()}`).toBe(true);
    return (await res.json()) as ContentItem;
  }

  async uploadThumbnail(id: string, png: Buffer): Promise<void> {
    const res = await this.ctx.post(`/api/content/${id}/thumbnail`, {
      headers: { Authorization: `Bearer ${this.token}` },
      multipart: { file: { name: 'thumbnail.png', mimeType: 'image/png', buffer: png } },
    });
    expect(res.ok(), `thumbnail: ${await res.text()}`).toBe(true);
  }

  async dispose(): Promise<void> {
    await this.ctx.dispose();
  }
}

/**
 * A published graded exercise with two weighted criteria (who the summary is for, and its format),
 * assigned to one community: what the review and axe walks have a learner attempt.
 */
export async function createGradedExercise(request: APIRequestContext, admin: Record<string, string>, title: string, communityId: string): Promise<string> {
  const exercise = await request.post('/api/content', {
    headers: admin,
    data: {
      kind: 'exercise',
      title,
      status: 'published',
      details: {
        brief: 'Write a prompt that summarises a customer complaint for the support lead.',
        practiceAgentId: null,
        rubric: [
          { id: 'audience', title: 'Names the audience', description: 'Says who the summary is for.', weight: 2 },
          { id: 'format', title: 'Asks for a format', description: 'Asks for bullet points or a table.', weight: 1 },
        ],
        passMark: 60,
        maxAttempts: null,
        evaluatorInstructions: '',
      },
    },
  });
  expect(exercise.status(), await exercise.text()).toBe(201);
  const exerciseId = ((await exercise.json()) as { id: string }).id;
  expect((await request.put(`/api/content/${exerciseId}/assignments`, { headers: admin, data: { communityIds: [communityId] } })).status()).toBe(200);
  return exerciseId;
}

/** Replaces navigator.clipboard with a recorder, so copying works headless and can be checked. */
export async function stubClipboard(page: Page): Promise<void> {
  await page.addInitScript(() => {
    // Runs in the page; e2e code is typed without the DOM library, hence globalThis.
    const copied: string[] = [];
    const scope = globalThis as unknown as { __copied: string[]; navigator: object };
    Object.defineProperty(scope, '__copied', { value: copied });
    Object.defineProperty(scope.navigator, 'clipboard', {
      configurable: true,
      value: {
        writeText: (text: string) => {
          copied.push(text);
          return Promise.resolve();
        },
      },
    });
  });
}

export function copiedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { __copied: string[] }).__copied);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small diagonal-gradient PNG (violet to teal), made here so the suite needs no image files. */
export function gradientPng(width = 320, height = 180): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y += 1) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      const t = (x / width + y / height) / 2;
      row[1 + x * 3] = Math.round(124 + (18 - 124) * t);
      row[2 + x * 3] = Math.round(58 + (184 - 58) * t);
      row[3 + x * 3] = Math.round(237 + (134 - 237) * t);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
