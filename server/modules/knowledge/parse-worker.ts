import { parentPort, workerData } from 'node:worker_threads';
import { chunkText } from './chunking.js';
import { extractFileText, type KnowledgeFileKind, UnreadableFileError } from './file-parsing.js';

/** What the reader thread answers: the file's passages, or why it could not be read. */
export type ParseReply = { chunks: string[] } | { unreadable: string; reason: string } | { failed: string };

/**
 * Runs in a worker thread (see file-reader.ts): parsing and chunking a file here keeps the server's
 * event loop free, and the thread's heap limit bounds what a hostile file can take.
 */
async function parse(input: { kind: KnowledgeFileKind; bytes: Uint8Array }): Promise<ParseReply> {
  try {
    const text = await extractFileText(input.kind, Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength));
    return { chunks: chunkText(text) };
  } catch (error) {
    if (error instanceof UnreadableFileError) return { unreadable: error.message, reason: error.reason };
    return { failed: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'unknown error' };
  }
}

void parse(workerData as { kind: KnowledgeFileKind; bytes: Uint8Array }).then((reply) => parentPort?.postMessage(reply));
