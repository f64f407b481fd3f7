import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { isUtf8 } from 'node:buffer';

export type Encoding = 'utf8' | 'latin1' | 'utf16le' | 'utf16be';

/** Text as the engines see it (no BOM), and how to turn it back into the same bytes. */
export interface Decoded {
  text: string;
  encoding: Encoding;
  /** The byte order mark the file started with, restored on write (empty: none). */
  bom: Buffer;
}

const BINARY_PROBE = 8192;

function startsWith(buf: Buffer, ...bytes: number[]): boolean {
  return buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);
}

/** Decodes a file's bytes; null when they look binary (a NUL in the first 8 KB) or are UTF-32/odd UTF-16. */
export function decode(buf: Buffer): Decoded | null {
  if (startsWith(buf, 0xff, 0xfe, 0, 0)) return null; // UTF-32 LE: not a source encoding we read
  const utf16 = startsWith(buf, 0xff, 0xfe) ? 'utf16le' : startsWith(buf, 0xfe, 0xff) ? 'utf16be' : null;
  if (utf16) {
    const body = Buffer.from(buf.subarray(2));
    if (body.length % 2) return null;
    if (utf16 === 'utf16be') body.swap16();
    return { text: body.toString('utf16le'), encoding: utf16, bom: buf.subarray(0, 2) };
  }
  const bomLength = startsWith(buf, 0xef, 0xbb, 0xbf) ? 3 : 0;
  const body = buf.subarray(bomLength);
  if (body.subarray(0, BINARY_PROBE).includes(0)) return null;
  // Not UTF-8: latin1 maps each byte to one character, so the bytes come back exactly on write.
  const encoding = isUtf8(body) ? 'utf8' : 'latin1';
  return { text: body.toString(encoding), encoding, bom: buf.subarray(0, bomLength) };
}

/** The bytes for `text` in the file's encoding and BOM; null when the encoding cannot hold it. */
export function encode(text: string, d: Pick<Decoded, 'encoding' | 'bom'>): Buffer | null {
  let body: Buffer;
  if (d.encoding === 'latin1') {
    if (/[^\x00-\xff]/.test(text)) return null;
    body = Buffer.from(text, 'latin1');
  } else if (d.encoding === 'utf8') {
    body = Buffer.from(text, 'utf8');
  } else {
    body = Buffer.from(text, 'utf16le');
    if (d.encoding === 'utf16be') body.swap16();
  }
  return Buffer.concat([d.bom, body]);
}

export type ReadResult =
  | { kind: 'ok'; bytes: Buffer; decoded: Decoded; stats: Stats }
  | { kind: 'skip'; reason: string };

function sizeReason(size: number, max: number): string {
  return `${size} bytes, over maxFileSize (${max}); skipped`;
}

/** Reads a source file; binary, oversized and non-regular files are skipped with a reason. Throws on I/O errors. */
export function readSource(file: string, maxFileSize: number): ReadResult {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO must not wait for a writer. A socket cannot be opened at all.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENXIO') return { kind: 'skip', reason: 'not a regular file; skipped' };
    throw err;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { kind: 'skip', reason: 'not a regular file; skipped' };
    if (stats.size > maxFileSize) return { kind: 'skip', reason: sizeReason(stats.size, maxFileSize) };
    const bytes = readFileSync(fd);
    const decoded = decode(bytes);
    if (!decoded) return { kind: 'skip', reason: 'binary file (NUL bytes, or UTF-32); skipped' };
    return { kind: 'ok', bytes, decoded, stats };
  } finally {
    closeSync(fd);
  }
}
