import { describe, expect, it } from 'vitest';
import { decodeText, encodingFromContentType, isKnownEncoding } from '../../src/models/charset.ts';

describe('encodingFromContentType', () => {
  it('reads an unquoted charset, lower-cased', () => {
    expect(encodingFromContentType('text/plain; charset=ISO-8859-1')).toBe('iso-8859-1');
  });

  it('reads a quoted charset', () => {
    expect(encodingFromContentType('text/html; charset="UTF-8"')).toBe('utf-8');
  });

  it('finds the charset among other parameters, with or without spaces', () => {
    expect(encodingFromContentType('text/plain;format=flowed;charset=utf-16le')).toBe('utf-16le');
    expect(encodingFromContentType('text/plain; CHARSET = shift_jis ; format=fixed')).toBe('shift_jis');
  });

  it('knows the ISO-8859-1 spellings TextDecoder does not, such as latin-1', () => {
    expect(encodingFromContentType('text/plain; charset=Latin-1')).toBe('latin-1');
    expect(encodingFromContentType('text/plain; charset=iso_8859_1')).toBe('iso_8859_1');
  });

  it('gives undefined for no header, no charset or an encoding TextDecoder does not know', () => {
    expect(encodingFromContentType(null)).toBeUndefined();
    expect(encodingFromContentType('application/json')).toBeUndefined();
    expect(encodingFromContentType('text/plain; charset=klingon-8')).toBeUndefined();
  });

  it('does not mistake a parameter ending in charset for the charset', () => {
    expect(encodingFromContentType('text/plain; xcharset=latin1')).toBeUndefined();
  });
});

describe('isKnownEncoding', () => {
  it('knows the labels TextDecoder knows', () => {
    expect(isKnownEncoding('utf-8')).toBe(true);
    expect(isKnownEncoding('latin1')).toBe(true);
    expect(isKnownEncoding('no-such-encoding')).toBe(false);
  });

  it('knows the Python spellings of ISO-8859-1 as well', () => {
    expect(isKnownEncoding('latin-1')).toBe(true);
    expect(isKnownEncoding('ISO_8859_1')).toBe(true);
    expect(isKnownEncoding('latin-3x')).toBe(false);
  });
});

/** Every byte value, 0x00 to 0xff, in order. */
const EVERY_BYTE = Uint8Array.from({ length: 256 }, (_, byte) => byte);
const EVERY_CODE_POINT = String.fromCharCode(...EVERY_BYTE);

describe('decodeText as ISO-8859-1', () => {
  // Labels WHATWG's TextDecoder maps to windows-1252 but which name ISO-8859-1 (and mean it
  // in httpx, whose Python codecs decode one code point per byte), and Python's own spellings.
  const LATIN1 = [
    'iso-8859-1',
    'ISO-8859-1',
    'latin1',
    'l1',
    'iso8859-1',
    'iso88591',
    'iso_8859-1',
    'iso_8859-1:1987',
    'iso-ir-100',
    'csisolatin1',
    'ibm819',
    'cp819',
    ' latin1 ',
    'latin-1',
    'latin_1',
    'iso_8859_1',
  ];

  it.each(LATIN1)('decodes every byte of %j as the code point of the same number', (label) => {
    expect(decodeText(EVERY_BYTE, label)).toBe(EVERY_CODE_POINT);
  });

  it('gives U+0080 for byte 0x80, not the euro sign windows-1252 has there', () => {
    expect(decodeText(new Uint8Array([0x80, 0x9f]), 'iso-8859-1')).toBe('\u0080\u009f');
  });

  it('keeps windows-1252 for the labels that name it', () => {
    for (const label of ['windows-1252', 'cp1252', 'x-cp1252'])
      expect(decodeText(new Uint8Array([0x80, 0x9f]), label)).toBe('€Ÿ');
  });

  it('keeps the WHATWG reading of us-ascii (windows-1252), as §3.7 asks for every label but ISO-8859-1', () => {
    expect(decodeText(new Uint8Array([0x41, 0x80]), 'us-ascii')).toBe('A€');
  });

  it('decodes a body far larger than one chunk exactly, a leading EF BB BF included (no BOM in ISO-8859-1)', () => {
    const big = Uint8Array.from({ length: 300_001 }, (_, i) => (i * 7 + 0xef) & 0xff);
    big.set([0xef, 0xbb, 0xbf]);
    const text = decodeText(big, 'latin1');
    expect(text.length).toBe(big.length);
    expect(text.slice(0, 3)).toBe('ï»¿');
    // Node's Buffer 'latin1' is true ISO-8859-1; compared whole without a 300 kB diff on failure.
    expect(text === Buffer.from(big).toString('latin1')).toBe(true);
  });
});

describe('decodeText', () => {
  it('decodes bytes in the encoding given', () => {
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'iso-8859-1')).toBe('café');
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xc3, 0xa9]), 'utf-8')).toBe('café');
  });

  it('replaces malformed sequences instead of throwing', () => {
    expect(decodeText(new Uint8Array([0x61, 0xff, 0x62]), 'utf-8')).toBe('a\uFFFDb');
  });

  it('falls back to UTF-8 for an encoding it does not know', () => {
    expect(decodeText(new Uint8Array([0xc3, 0xa9]), 'klingon-8')).toBe('é');
  });
});
