import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
// The Node platform's type table, which guesses a file's type from its name.
import '../../src/node/type-table.ts';
import { escapeParam, fieldParts, fileParts } from '../../src/content/multipart-parts.ts';
import { LocalProtocolError } from '../../src/errors.ts';
import { text } from './helpers.ts';

describe('escapeParam', () => {
  it('escapes quote, CR and LF as browsers do, and nothing else', () => {
    expect(escapeParam('a"b\r\nc')).toBe('a%22b%0D%0Ac');
    expect(escapeParam("é 100% ok; x='y'")).toBe("é 100% ok; x='y'");
  });
});

describe('fieldParts', () => {
  it('makes one text part per field with only a Content-Disposition', async () => {
    const parts = fieldParts({ a: 'x', list: [1, true], empty: null, 'say "hi"': 'v' });
    expect(parts.map((part) => part.headers)).toEqual([
      [['Content-Disposition', 'form-data; name="a"']],
      [['Content-Disposition', 'form-data; name="list"']],
      [['Content-Disposition', 'form-data; name="list"']],
      [['Content-Disposition', 'form-data; name="empty"']],
      [['Content-Disposition', 'form-data; name="say %22hi%22"']],
    ]);
    expect(await Promise.all(parts.map((part) => text(part.body)))).toEqual(['x', '1', 'true', '', 'v']);
  });
});

describe('fileParts', () => {
  it('names a bare value "upload" and types it application/octet-stream', () => {
    const [part] = fileParts({ f: new Uint8Array([1]) });
    expect(part!.headers).toEqual([
      ['Content-Disposition', 'form-data; name="f"; filename="upload"'],
      ['Content-Type', 'application/octet-stream'],
    ]);
  });

  it("uses a File's name and type", () => {
    const [part] = fileParts({ f: new File(['x'], 'report.csv', { type: 'text/x-custom' }) });
    expect(part!.headers).toEqual([
      ['Content-Disposition', 'form-data; name="f"; filename="report.csv"'],
      ['Content-Type', 'text/x-custom'],
    ]);
  });

  it("guesses a File's type from its name when the File has none", () => {
    const [part] = fileParts({ f: new File(['x'], 'pic.png') });
    expect(part!.headers[1]).toEqual(['Content-Type', 'image/png']);
  });

  it("uses the base name of a Node file stream's path", () => {
    const stream = Object.assign(Readable.from(['x']), { path: '/tmp/dir/data.json' });
    const [part] = fileParts({ f: stream });
    expect(part!.headers).toEqual([
      ['Content-Disposition', 'form-data; name="f"; filename="data.json"'],
      ['Content-Type', 'application/json'],
    ]);
  });

  it('takes filename, type and extra headers from a tuple; extra headers win', () => {
    const [guessed, given, overridden] = fileParts([
      ['a', ['photo.png', 'x']],
      ['b', ['photo.png', 'x', 'image/webp', { 'X-Part': '1' }]],
      ['c', ['photo.png', 'x', null, { 'content-type': 'text/plain' }]],
    ]);
    expect(guessed!.headers).toEqual([
      ['Content-Disposition', 'form-data; name="a"; filename="photo.png"'],
      ['Content-Type', 'image/png'],
    ]);
    expect(given!.headers).toEqual([
      ['Content-Disposition', 'form-data; name="b"; filename="photo.png"'],
      ['Content-Type', 'image/webp'],
      ['X-Part', '1'],
    ]);
    expect(overridden!.headers).toEqual([
      ['Content-Disposition', 'form-data; name="c"; filename="photo.png"'],
      ['content-type', 'text/plain'],
    ]);
  });

  it('sends no filename parameter for a null filename', () => {
    const [part] = fileParts({ f: [null, 'x'] });
    expect(part!.headers).toEqual([
      ['Content-Disposition', 'form-data; name="f"'],
      ['Content-Type', 'application/octet-stream'],
    ]);
  });

  it('escapes field names and filenames', () => {
    const [part] = fileParts({ 'a"b': ['x"y\r\n.txt', 'x'] });
    expect(part!.headers[0]).toEqual([
      'Content-Disposition',
      'form-data; name="a%22b"; filename="x%22y%0D%0A.txt"',
    ]);
  });

  it('accepts several files per field, as a list or as pairs', () => {
    const listed = fileParts({ docs: [['a.txt', 'A'], new Blob(['B']), ['c.txt', 'C']] });
    const paired = fileParts([
      ['docs', ['a.txt', 'A']],
      ['docs', ['c.txt', 'C']],
    ]);
    expect(listed.map((part) => part.headers[0]![1])).toEqual([
      'form-data; name="docs"; filename="a.txt"',
      'form-data; name="docs"; filename="upload"',
      'form-data; name="docs"; filename="c.txt"',
    ]);
    expect(paired).toHaveLength(2);
  });

  it('rejects extra headers that would break the part framing', () => {
    expect(() => fileParts({ f: ['a.txt', 'x', null, { 'X-Bad': 'a\r\nb' }] })).toThrow(LocalProtocolError);
  });
});
