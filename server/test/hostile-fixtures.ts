import { once } from 'node:events';
import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * A PDF of `pages` pages that all share one small content stream: a few hundred bytes a page, so a
 * 20,000-page file (as the red team sent) is about 2 MB. Written by hand, xref table and all.
 */
export function makeManyPagePdf(pages: number, text = 'Refund policy: the refund window for annual plans is 45 days.'): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${i + 5} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  for (let i = 0; i < pages; i += 1) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 3 0 R >> >> >>');
  const header = '%PDF-1.4\n';
  const parts: string[] = [header];
  const offsets: number[] = [];
  let length = header.length;
  objects.forEach((body, i) => {
    const object = `${i + 1} 0 obj\n${body}\nendobj\n`;
    offsets.push(length);
    parts.push(object);
    length += Buffer.byteLength(object);
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(xref, `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  return Buffer.from(parts.join(''), 'latin1');
}

/** Deflates `size` bytes of one repeated character without holding them in memory. */
async function deflatedFiller(size: number, prefix: string, suffix: string): Promise<{ data: Buffer; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (part: Buffer) => out.push(part));
  const block = Buffer.alloc(1024 * 1024, 0x20);
  let crc = crc32(prefix);
  deflate.write(prefix);
  for (let written = 0; written < size; written += block.length) {
    const piece = block.subarray(0, Math.min(block.length, size - written));
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await once(deflate, 'drain');
  }
  crc = crc32(suffix, crc);
  deflate.end(suffix);
  await once(deflate, 'end');
  return { data: Buffer.concat(out), crc };
}

/**
 * A .docx whose document.xml inflates to `inflatedBytes` (spaces inside a paragraph). With
 * `declaredBytes` the zip's headers state a smaller size than the real one: a bomb that lies.
 */
export async function makeDocxBomb(inflatedBytes: number, declaredBytes = inflatedBytes): Promise<Buffer> {
  const prefix = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>';
  const suffix = '</w:t></w:r></w:p></w:body></w:document>';
  const document = await deflatedFiller(inflatedBytes, prefix, suffix);
  const name = Buffer.from('word/document.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(document.crc, 14);
  local.writeUInt32LE(document.data.length, 18);
  local.writeUInt32LE(declaredBytes, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(document.crc, 16);
  central.writeUInt32LE(document.data.length, 20);
  central.writeUInt32LE(declaredBytes, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42);
  const centralOffset = local.length + name.length + document.data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, document.data, central, name, end]);
}
