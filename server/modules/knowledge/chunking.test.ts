import { describe, expect, it } from 'vitest';
import { CHUNK_MAX_CHARS, CHUNK_TARGET_CHARS, chunkText, estimateTokens } from './chunking.js';

describe('chunkText', () => {
  it('keeps short text as one passage and drops empty text', () => {
    expect(chunkText('  One short paragraph.  ')).toEqual(['One short paragraph.']);
    expect(chunkText(' \n\n \u0000 ')).toEqual([]);
  });

  it('packs paragraphs together up to the target size without splitting them', () => {
    const paragraph = `${'word '.repeat(60).trim()}.`;
    const chunks = chunkText(Array.from({ length: 10 }, () => paragraph).join('\n\n'));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_TARGET_CHARS);
      expect(chunk.split('\n\n').every((p) => p === paragraph)).toBe(true);
    }
  });

  it('splits an over-long paragraph at sentences and an over-long sentence at spaces, losing no words', () => {
    const sentence = `${'alpha '.repeat(40).trim()}.`;
    const longSentence = 'beta '.repeat(600).trim();
    const text = `${Array.from({ length: 20 }, () => sentence).join(' ')}\n\n${longSentence}`;
    const chunks = chunkText(text);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(CHUNK_MAX_CHARS);
    const words = chunks.join(' ').split(/\s+/).filter(Boolean);
    expect(words.filter((w) => w.startsWith('alpha')).length).toBe(800);
    expect(words.filter((w) => w === 'beta').length).toBe(600);
  });

  it('estimates about four characters a token', () => {
    expect(estimateTokens('x'.repeat(400))).toBe(100);
  });
});
