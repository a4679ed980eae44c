import { UnreadableFileError } from './file-errors.js';

/** A Word document's parts together may inflate to at most this much. */
export const DOCX_MAX_INFLATED_BYTES = 60 * 1024 * 1024;
/** No part may inflate to more than this many times its compressed size (text compresses ~10×). */
export const DOCX_MAX_RATIO = 200;
const MAX_ENTRIES = 2_000;

const bomb = () =>
  new UnreadableFileError('This Word document expands to far more data than a document of its size can hold, so it was not opened. Save it again as .docx and upload the result.', 'knowledge_docx_oversized');

/**
 * Reads a zip's central directory (no inflating) and refuses an archive whose parts declare more
 * than DOCX_MAX_INFLATED_BYTES in total or an implausible compression ratio: a decompression bomb
 * is caught before a byte of it is inflated. Declared sizes can lie; the parser's worker has a heap
 * limit for that case.
 */
export function checkZipEntries(bytes: Buffer): void {
  const searchFrom = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.length - 22; at >= searchFrom; at -= 1) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new UnreadableFileError('This Word document could not be read; it may be damaged or in an older format. Save it as .docx and upload it again.', 'knowledge_docx_damaged');
  const entries = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  // Zip64 (0xFFFF entries or 0xFFFFFFFF offsets) is for archives far larger than any upload allowed here.
  if (entries === 0xffff || directoryOffset === 0xffffffff || entries > MAX_ENTRIES) throw bomb();
  let at = directoryOffset;
  let total = 0;
  for (let i = 0; i < entries; i += 1) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw bomb();
    const compressed = bytes.readUInt32LE(at + 20);
    const inflated = bytes.readUInt32LE(at + 24);
    if (compressed === 0xffffffff || inflated === 0xffffffff) throw bomb();
    total += inflated;
    if (total > DOCX_MAX_INFLATED_BYTES) throw bomb();
    if (inflated > 1024 * 1024 && inflated > Math.max(compressed, 1) * DOCX_MAX_RATIO) throw bomb();
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
}
