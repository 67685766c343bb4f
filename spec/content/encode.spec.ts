import { describe, expect, it } from 'vitest';
import { Text } from '../../src/content/content-objects.ts';
import { encodeBody } from '../../src/content/encode.ts';
import { Request } from '../../src/models/request.ts';
import { collect, header, parseMultipart, text } from './helpers.ts';

describe('encodeBody: choosing the kind', () => {
  it('gives no body when nothing is set', () => {
    expect(encodeBody({})).toBeNull();
    expect(encodeBody({ content: null, data: null, files: null, json: undefined })).toBeNull();
  });

  it('sends raw content as it is', async () => {
    const content = encodeBody({ content: 'raw' })!;
    expect(content.headers).toEqual([]);
    expect(await text(content)).toBe('raw');
  });

  it('sends a content object with its type', () => {
    expect(header(encodeBody({ content: new Text('t') })!, 'content-type')).toBe('text/plain; charset=utf-8');
  });

  it('sends json compact, as application/json', async () => {
    const content = encodeBody({ json: { a: 1, b: [true] } })!;
    expect(header(content, 'content-type')).toBe('application/json');
    expect(await text(content)).toBe('{"a":1,"b":[true]}');
  });

  it.each([
    ['a BigInt', { id: 1n }],
    [
      'a cycle',
      (() => {
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        return cycle;
      })(),
    ],
  ])('rejects a json body with %s, saying it was the json body, the cause kept', (_, json) => {
    let error: unknown;
    try {
      encodeBody({ json });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^The `json` body could not be serialized as JSON: ./);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('rejects a json body with no JSON text, naming what it got', () => {
    expect(() => encodeBody({ json: Symbol('s') })).toThrow(
      new TypeError('The `json` body cannot be sent as JSON: JSON has no text for Symbol(s)'),
    );
  });

  it('reads the body fields from own properties only', () => {
    const init = Object.create({ json: { polluted: true }, content: 'polluted' }) as object;
    expect(encodeBody(init)).toBeNull();
  });

  it('sends json: null as the body null', async () => {
    expect(await text(encodeBody({ json: null })!)).toBe('null');
  });

  it('sends data alone urlencoded', async () => {
    const content = encodeBody({ data: { name: 'a b', n: 1 } })!;
    expect(header(content, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect(await text(content)).toBe('name=a+b&n=1');
    expect(content.length).toBe(12);
  });

  it('sends files multipart, with data as text fields', async () => {
    const content = encodeBody({ data: { a: '1' }, files: { f: ['x.txt', 'X'] } })!;
    const type = header(content, 'content-type')!;
    expect(type).toMatch(/^multipart\/form-data; boundary=[0-9a-f]{32}$/);
    const { fields, files } = await parseMultipart((await collect(content)).bytes, type);
    expect(fields.map(({ name, value }) => [name, value])).toEqual([['a', '1']]);
    expect(files.map(({ filename, data }) => [filename, data])).toEqual([['x.txt', 'X']]);
  });

  it('sends files alone multipart', async () => {
    const content = encodeBody({ files: [['f', new Blob(['b'])]] })!;
    expect(header(content, 'content-type')).toMatch(/^multipart\/form-data/);
    expect(content.length).toBe((await collect(content)).bytes.byteLength);
  });

  it('treats empty data and empty files as no body, as httpx does', async () => {
    expect(encodeBody({ data: {} })).toBeNull();
    expect(encodeBody({ data: {}, files: {} })).toBeNull();
    expect(await text(encodeBody({ data: { a: '1' }, files: {} })!)).toBe('a=1');
  });
});

describe('encodeBody: clashes', () => {
  it('rejects content with json, data or files, naming them', () => {
    expect(() => encodeBody({ content: 'x', json: 1 })).toThrow(
      new TypeError('Give one request body, not content and json: they clash'),
    );
    expect(() => encodeBody({ content: 'x', data: {} })).toThrow(/content and data/);
    expect(() => encodeBody({ content: 'x', files: {} })).toThrow(/content and files/);
  });

  it('rejects json with data or files', () => {
    expect(() => encodeBody({ json: null, data: { a: 1 } })).toThrow(/data and json/);
    expect(() => encodeBody({ json: {}, files: { f: 'x' } })).toThrow(TypeError);
  });
});

describe('encodeBody inside a Request', () => {
  it('gives a streamed body Transfer-Encoding: chunked', () => {
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([1]);
    }
    const request = new Request('POST', 'https://example.com/', { content: parts() });
    expect(request.headers.get('transfer-encoding')).toBe('chunked');
    expect(request.headers.get('content-length')).toBeNull();
  });

  it('gives a known-length body its Content-Length and type', () => {
    const request = new Request('POST', 'https://example.com/', { json: { a: 1 } });
    expect(request.headers.get('content-length')).toBe('7');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(new TextDecoder().decode(request.content)).toBe('{"a":1}');
  });
});
