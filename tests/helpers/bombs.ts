/**
 * Hostile .xlsx packages built in the test, never committed: zip bombs (a part that unpacks to a
 * gigabyte from a megabyte, with an honest or a lying declared size), parts under odd names, sheets far
 * larger than a plan. The zip is written here byte by byte, so a bomb never exists unpacked in memory.
 */
import { readFileSync } from 'node:fs';
import { constants, createDeflateRaw, deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { EXAMPLE } from './shared';

const MB = 1024 * 1024;

export interface RawPart {
  name: string;
  /** The stored bytes: deflated when `method` is 8. */
  data: Uint8Array;
  method: 0 | 8;
  /** What the central directory says the part unpacks to (a bomb may lie). */
  size: number;
}

/** Deflate data that unpacks to `mb` MiB of `fill`, built from one flushed MiB repeated: about 1 KB per MiB. */
export async function repeatedDeflate(mb: number, fill = 0x20): Promise<Uint8Array> {
  const one = await new Promise<Buffer>((resolve, reject) => {
    const z = createDeflateRaw({ level: 9 });
    const out: Buffer[] = [];
    z.on('data', (b: Buffer) => out.push(b));
    z.on('error', reject);
    z.write(Buffer.alloc(MB, fill));
    // A full flush ends the segment byte-aligned with a fresh dictionary: the same bytes every time.
    z.flush(constants.Z_FULL_FLUSH, () => resolve(Buffer.concat(out)));
  });
  const end = Uint8Array.from([0x03, 0x00]); // an empty final block
  const out = new Uint8Array(one.length * mb + end.length);
  for (let i = 0; i < mb; i++) out.set(one, i * one.length);
  out.set(end, one.length * mb);
  return out;
}

const le16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A zip written by hand (CRCs left 0: nothing on the reading side checks them before the budget does). */
export function writeZip(parts: RawPart[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const size32 = Math.min(p.size, 0xfffffffe);
    const local = Buffer.from([...le32(0x04034b50), ...le16(20), ...le16(0x800), ...le16(p.method), 0, 0, 0, 0, ...le32(0), ...le32(p.data.length), ...le32(size32), ...le16(name.length), ...le16(0)]);
    chunks.push(local, name, Buffer.from(p.data));
    central.push(Buffer.from([...le32(0x02014b50), ...le16(20), ...le16(20), ...le16(0x800), ...le16(p.method), 0, 0, 0, 0, ...le32(0), ...le32(p.data.length), ...le32(size32), ...le16(name.length), ...le16(0), ...le16(0), ...le16(0), ...le16(0), ...le32(0), ...le32(offset)]), name);
    offset += local.length + name.length + p.data.length;
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.from([...le32(0x06054b50), 0, 0, 0, 0, ...le16(parts.length), ...le16(parts.length), ...le32(cd.length), ...le32(offset), ...le16(0)]);
  return Buffer.concat([...chunks, cd, eocd]);
}

/** The example's parts, deflated as they were. */
export async function exampleParts(file = EXAMPLE): Promise<RawPart[]> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const out: RawPart[] = [];
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const raw = await entry.async('uint8array');
    out.push({ name, data: deflateRawSync(raw), method: 8, size: raw.length });
  }
  return out;
}

/** The example with one part replaced (or added) by `part` (which may name it with a leading "/"). */
export async function exampleWith(part: RawPart): Promise<Buffer> {
  const plain = (n: string) => n.replace(/^\/+/, '');
  const parts = (await exampleParts()).filter((p) => plain(p.name) !== plain(part.name));
  return writeZip([...parts, part]);
}

/** A bomb part: `mb` MiB unpacked, declared honestly or as `declared` bytes. */
export async function bomb(name: string, mb: number, declared?: number): Promise<RawPart> {
  return { name, data: await repeatedDeflate(mb), method: 8, size: declared ?? mb * MB };
}

/** A sheet of `rows` × `cols` numbers (every cell holds data), deflated as it is generated. */
export function denseSheet(rows: number, cols: number): { data: Uint8Array; size: number } {
  const letters = (c: number) => {
    let s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const names = Array.from({ length: cols }, (_, c) => letters(c));
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < cols; c++) row += `<c r="${names[c]}${r}"><v>${(r * 7 + c) % 97}</v></c>`;
    parts.push(row + '</row>');
  }
  parts.push('</sheetData></worksheet>');
  const xml = Buffer.from(parts.join(''), 'utf8');
  return { data: deflateRawSync(xml, { level: 1 }), size: xml.length };
}
