import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../lib/app-error.js';

export const THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024;

/** The type comes from the file's first bytes, never from its name or the declared MIME type. */
export function sniffImageType(bytes: Buffer): 'png' | 'jpg' | 'gif' | 'webp' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  return null;
}

/** Stores an uploaded image under DATA_DIR/uploads with a random name; returns its public path. */
export async function storeThumbnail(uploadsDir: string, bytes: Buffer): Promise<string> {
  const type = sniffImageType(bytes);
  if (!type) throw new AppError('unsupported_media_type', 'Upload a PNG, JPEG, GIF or WebP image.');
  await mkdir(uploadsDir, { recursive: true, mode: 0o700 });
  const name = `${randomUUID()}.${type}`;
  await writeFile(path.join(uploadsDir, name), bytes, { mode: 0o600 });
  return `/uploads/${name}`;
}
