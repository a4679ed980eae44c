import { Worker } from 'node:worker_threads';
import { UnreadableFileError } from './file-errors.js';
import type { KnowledgeFileKind } from './file-parsing.js';
import type { ParseReply } from './parse-worker.js';

export interface FileReaderLimits {
  /** A file still being read after this long is abandoned (its thread is stopped). */
  timeoutMs: number;
  /** The reading thread's heap: a file that needs more is refused instead of taking the server's memory. */
  heapMb: number;
}

export const defaultFileReaderLimits: FileReaderLimits = { timeoutMs: 120_000, heapMb: 384 };

export interface FileReader {
  /** The passages of a file, read in a worker thread; files are read one at a time, in order. */
  read(kind: KnowledgeFileKind, bytes: Buffer): Promise<string[]>;
}

const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './parse-worker.ts' : './parse-worker.js', import.meta.url);

/** Under tsx/vitest the worker is TypeScript source: register tsx in the thread before importing it. */
function startWorker(data: unknown, heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 };
  if (!workerUrl.pathname.endsWith('.ts')) return new Worker(workerUrl, { workerData: data, resourceLimits });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data, resourceLimits });
}

function readInWorker(kind: KnowledgeFileKind, bytes: Buffer, limits: FileReaderLimits): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ kind, bytes: new Uint8Array(bytes) }, limits.heapMb);
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(() => reject(new UnreadableFileError(`Reading this file took longer than ${Math.round(limits.timeoutMs / 1000)} seconds, so it was stopped. Split it into smaller files and upload those.`, 'knowledge_read_timeout', { seconds: Math.round(limits.timeoutMs / 1000) }))),
      limits.timeoutMs,
    );
    worker.on('message', (reply: ParseReply) =>
      finish(() => {
        if ('chunks' in reply) resolve(reply.chunks);
        else if ('unreadable' in reply) reject(UnreadableFileError.fromReply(reply.unreadable, reply.reason));
        else reject(new Error(`file parser failed: ${reply.failed}`));
      }),
    );
    worker.on('error', (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new UnreadableFileError('Reading this file needed more memory than a document of this size should, so it was stopped. Save it again (or split it) and upload the result.', 'knowledge_read_memory')
            : error,
        ),
      ),
    );
    worker.on('exit', (code) => finish(() => reject(new Error(`file parser stopped with exit code ${code}`))));
  });
}

/**
 * Reads uploaded files in a worker thread, one at a time: parsing a PDF or a Word document never
 * blocks the event loop, the heap and time limits bound a hostile file, and a burst of uploads waits
 * in line instead of multiplying the memory taken.
 */
export function createFileReader(limits: FileReaderLimits = defaultFileReaderLimits): FileReader {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    read(kind, bytes) {
      const result = queue.then(() => readInWorker(kind, bytes, limits));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
