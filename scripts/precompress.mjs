#!/usr/bin/env node
// Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file of the built web app,
// at the highest levels (done once at build time, not per request). @fastify/static serves them
// with `preCompressed`, choosing by Accept-Encoding. Files under 1 KB are left alone: compressing
// them saves less than the headers cost.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = join(process.cwd(), 'dist', 'web');
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;
const MIN_BYTES = 1024;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let count = 0;
let before = 0;
let afterBr = 0;
for (const path of files(DIST)) {
  if (!COMPRESSIBLE.test(path) || path.endsWith('.map')) continue;
  const data = readFileSync(path);
  if (data.length < MIN_BYTES) continue;
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gz);
  count += 1;
  before += data.length;
  afterBr += br.length;
}
console.log(
  `precompress: ${count} files in ${relative(process.cwd(), DIST)}: ${(before / 1024).toFixed(0)} KB → ${(afterBr / 1024).toFixed(0)} KB brotli (+ gzip copies)`,
);
