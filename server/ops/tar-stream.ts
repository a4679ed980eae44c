import { once } from 'node:events';
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';
import { header } from './tar.js';

/**
 * The same ustar-in-gzip format as tar.ts, written and read as streams: a backup of a 1.3 GB
 * database must not hold it in memory (issue 27). Memory stays at a few chunks whatever the size.
 */

const BLOCK = 512;

/** Writes an archive to `file` entry by entry; file contents are streamed from disk. */
export class TarGzWriter {
  private readonly gzip: Gzip;
  private readonly out: WriteStream;

  constructor(file: string) {
    // Level 1: the database pages compress well even so, and a backup of a big folder is bound by
    // the compressor (level 6 is ~3× slower for a few per cent).
    this.gzip = createGzip({ level: 1 });
    this.out = createWriteStream(file, { mode: 0o600 });
    this.gzip.pipe(this.out);
  }

  private async write(chunk: Buffer): Promise<void> {
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain');
  }

  async addBuffer(name: string, data: Uint8Array, mode = 0o600): Promise<void> {
    await this.write(header({ name, data, mode }));
    await this.write(Buffer.from(data.buffer, data.byteOffset, data.length));
    await this.pad(data.length);
  }

  /** A file copied as it is on disk now; it must not change while it is read (a staged copy). */
  async addFile(name: string, source: string, mode = 0o600): Promise<void> {
    const size = statSync(source).size;
    await this.write(header({ name, data: new Uint8Array(0), mode }, size));
    let written = 0;
    for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
      const buffer = chunk as Buffer;
      written += buffer.length;
      if (written > size) throw new Error(`tar: ${source} grew while it was archived`);
      await this.write(buffer);
    }
    if (written !== size) throw new Error(`tar: ${source} shrank while it was archived`);
    await this.pad(size);
  }

  private async pad(size: number): Promise<void> {
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await this.write(Buffer.alloc(pad));
  }

  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.gzip.end();
    await finished(this.out);
  }

  /** Stops writing (the caller removes the partial file). */
  destroy(): void {
    this.gzip.destroy();
    this.out.destroy();
  }
}

/** Where an entry's bytes go: a writable stream, into memory (small entries), or nowhere. */
export type EntrySink = { kind: 'stream'; stream: NodeJS.WritableStream } | { kind: 'buffer'; done(data: Buffer): void | Promise<void> } | { kind: 'skip' };

/**
 * Reads a gzipped ustar archive from `file`, asking `onEntry` where each regular file's bytes go
 * (other entry types are skipped). Entries are visited in archive order, one at a time.
 */
export async function readTarGzStream(file: string, onEntry: (name: string, size: number) => Promise<EntrySink> | EntrySink): Promise<void> {
  const gunzip = createReadStream(file).pipe(createGunzip());
  let pending = Buffer.alloc(0);
  let remaining = 0;
  let padding = 0;
  let sink: EntrySink | null = null;
  let collected: Buffer[] = [];
  let ended = false;

  const closeEntry = async () => {
    if (sink?.kind === 'buffer') await sink.done(Buffer.concat(collected));
    if (sink?.kind === 'stream') {
      sink.stream.end();
      await finished(sink.stream);
    }
    sink = null;
    collected = [];
  };

  try {
    for await (const raw of gunzip) {
      let chunk = pending.length ? Buffer.concat([pending, raw as Buffer]) : (raw as Buffer);
      pending = Buffer.alloc(0);
      while (chunk.length > 0 && !ended) {
        if (remaining > 0) {
          const part = chunk.subarray(0, remaining);
          chunk = chunk.subarray(part.length);
          remaining -= part.length;
          if (sink?.kind === 'buffer') collected.push(Buffer.from(part));
          else if (sink?.kind === 'stream' && !sink.stream.write(part)) await once(sink.stream, 'drain');
          if (remaining === 0) await closeEntry();
          continue;
        }
        if (padding > 0) {
          const skip = Math.min(padding, chunk.length);
          chunk = chunk.subarray(skip);
          padding -= skip;
          continue;
        }
        if (chunk.length < BLOCK) {
          pending = Buffer.from(chunk);
          break;
        }
        const block = chunk.subarray(0, BLOCK);
        chunk = chunk.subarray(BLOCK);
        if (block.every((byte) => byte === 0)) {
          ended = true;
          break;
        }
        if (block.toString('ascii', 257, 262) !== 'ustar') throw new Error('not a tar archive');
        const name = block.toString('utf8', 0, 100).replace(/\0.*$/s, '');
        const size = parseInt(block.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
        const type = block.toString('ascii', 156, 157);
        sink = type === '0' || type === '\0' ? await onEntry(name, size) : { kind: 'skip' };
        remaining = size;
        padding = (BLOCK - (size % BLOCK)) % BLOCK;
        if (size === 0) await closeEntry();
      }
      if (ended) break;
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && String((error as NodeJS.ErrnoException).code).startsWith('Z_')) throw new Error('not a gzipped archive');
    throw error;
  } finally {
    gunzip.destroy();
  }
  if (remaining > 0 || !ended) throw new Error('the archive is truncated');
}
