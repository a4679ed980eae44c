/** Aim for passages of about this many characters (~200 tokens): small enough to send several. */
export const CHUNK_TARGET_CHARS = 900;
/** No passage is longer than this. */
export const CHUNK_MAX_CHARS = 1400;
/** A source yields at most this many passages; the rest of a huge file is not indexed. */
export const MAX_CHUNKS_PER_SOURCE = 3000;

/** Rough token count for budgeting: about four characters a token for English text. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

function normalise(text: string): string {
  return text
    .replaceAll('\u0000', '')
    .replaceAll(/\r\n?/g, '\n')
    .replaceAll(/[ \t\f\v\u00a0]+/g, ' ')
    .replaceAll(/ *\n */g, '\n')
    .replaceAll(/\n{3,}/g, '\n\n')
    .trim();
}

/** Splits an over-long paragraph at sentence ends, and an over-long sentence at spaces. */
function splitLong(paragraph: string): string[] {
  if (paragraph.length <= CHUNK_MAX_CHARS) return [paragraph];
  const sentences = paragraph.match(/[^.!?]+(?:[.!?]+["')\]]*|$)\s*/g) ?? [paragraph];
  const pieces: string[] = [];
  for (const sentence of sentences) {
    let rest = sentence.trim();
    while (rest.length > CHUNK_MAX_CHARS) {
      const cut = rest.lastIndexOf(' ', CHUNK_MAX_CHARS);
      const at = cut > CHUNK_MAX_CHARS / 2 ? cut : CHUNK_MAX_CHARS;
      pieces.push(rest.slice(0, at).trim());
      rest = rest.slice(at).trim();
    }
    if (rest) pieces.push(rest);
  }
  return pieces;
}

/**
 * Cuts text into passages for retrieval: paragraphs are kept whole where they fit and packed
 * together up to the target size, so a passage reads as a unit when it is quoted back.
 */
export function chunkText(text: string): string[] {
  const pieces = normalise(text)
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap(splitLong);
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current && current.length + piece.length + 2 > CHUNK_TARGET_CHARS) {
      chunks.push(current);
      current = '';
      if (chunks.length >= MAX_CHUNKS_PER_SOURCE) return chunks;
    }
    current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current && chunks.length < MAX_CHUNKS_PER_SOURCE) chunks.push(current);
  return chunks;
}
