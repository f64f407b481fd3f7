import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { decode, encode } from '../../src/cli/read';

function roundTrip(bytes: Buffer): Buffer | null {
  const d = decode(bytes);
  return d && encode(d.text, d);
}

describe('decode / encode', () => {
  test.for([
    ['utf8', Buffer.from('<?php echo "héllo";\r\n')],
    ['utf8 with BOM', Buffer.from('\ufeff<?php\n', 'utf8')],
    ['utf16le with BOM', Buffer.from('\ufeff<?php // ü\n', 'utf16le')],
    ['utf16be with BOM', Buffer.from('\ufeff<?php // ü\n', 'utf16le').swap16()],
    ['latin1', Buffer.from('<?php // caf\u00e9\n', 'latin1')],
  ] as const)('%s round-trips byte for byte', ([, bytes]) => {
    expect(roundTrip(bytes)?.equals(bytes)).toBe(true);
  });

  test('any bytes without NUL round-trip exactly (as UTF-8 or latin1)', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(randomBytes(64).map((b) => b || 1));
      if (bytes[0] === 0xff || bytes[0] === 0xfe) bytes[0] = 0x41; // not a UTF-16 BOM
      expect(roundTrip(bytes)?.equals(bytes)).toBe(true);
    }
  });

  test('the BOM is not part of the text', () => {
    expect(decode(Buffer.from('\ufeffabc', 'utf8'))).toMatchObject({ text: 'abc', encoding: 'utf8' });
    expect(decode(Buffer.from('\ufeffabc', 'utf16le'))).toMatchObject({ text: 'abc', encoding: 'utf16le' });
  });

  test('binary: a NUL in the first 8 KB, UTF-32, odd-length UTF-16', () => {
    expect(decode(Buffer.from([0x3c, 0, 0x3e]))).toBeNull();
    expect(decode(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]))).toBeNull();
    expect(decode(Buffer.from([0xff, 0xfe, 0x41]))).toBeNull();
    expect(decode(Buffer.concat([Buffer.alloc(9000, 0x41), Buffer.from([0])]))).not.toBeNull();
  });

  test('latin1 cannot hold other characters: encode refuses', () => {
    expect(encode('€', { encoding: 'latin1', bom: Buffer.alloc(0) })).toBeNull();
  });
});
