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
