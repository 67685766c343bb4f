import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
// The Node platform's type table, which guesses a file's type from its name.
import '../../src/node/type-table.ts';
import { MultipartContent } from '../../src/content/multipart.ts';
import { fieldParts, fileParts } from '../../src/content/multipart-parts.ts';
import type { FilesInit, FormInit } from '../../src/content/types.ts';
import { StreamConsumed } from '../../src/errors.ts';
import { collect, header, parseMultipart, text } from './helpers.ts';

function multipart(data: FormInit, files: FilesInit, boundary = 'BOUNDARY'): MultipartContent {
  return new MultipartContent([...fieldParts(data), ...fileParts(files)], boundary);
}

async function parse(content: MultipartContent) {
  return parseMultipart((await collect(content)).bytes, header(content, 'content-type')!);
}

describe('MultipartContent: the bytes', () => {
  it('writes a small body exactly', async () => {
    const content = multipart({ a: '1' }, { f: ['hi.txt', 'hello'] }, 'XyZ');
    const expected =
      '--XyZ\r\n' +
      'Content-Disposition: form-data; name="a"\r\n' +
      '\r\n' +
      '1\r\n' +
      '--XyZ\r\n' +
      'Content-Disposition: form-data; name="f"; filename="hi.txt"\r\n' +
      'Content-Type: text/plain\r\n' +
      '\r\n' +
      'hello\r\n' +
      '--XyZ--\r\n';
    expect(await text(content)).toBe(expected);
    expect(content.length).toBe(expected.length);
    expect(header(content, 'content-type')).toBe('multipart/form-data; boundary=XyZ');
    expect(new TextDecoder().decode(content.bytes)).toBe(expected);
  });

  it('writes only the closing delimiter when there are no parts', async () => {
    const content = new MultipartContent([], 'B');
    expect(await text(content)).toBe('--B--\r\n');
    expect(content.length).toBe(7);
  });

  it('counts UTF-8 bytes, not characters, in the length', async () => {
    const content = multipart({ naïve: 'café' }, {});
    expect(content.length).toBe((await collect(content)).bytes.byteLength);
  });
});

describe('MultipartContent: parsed back by busboy', () => {
  it('round-trips fields, filenames, content types and file contents', async () => {
    const content = multipart(
      { title: 'cat', flag: true, none: null },
      {
        photo: new File(['PNGDATA'], 'cat.png'),
        meta: ['meta.json', '{"a":1}'],
        raw: new Uint8Array([104, 105]),
        typed: ['notes.bin', 'text', 'text/markdown'],
      },
    );
    const { fields, files } = await parse(content);
    expect(fields.map(({ name, value }) => [name, value])).toEqual([
      ['title', 'cat'],
      ['flag', 'true'],
      ['none', ''],
    ]);
    expect(files).toEqual([
      { name: 'photo', filename: 'cat.png', mimeType: 'image/png', data: 'PNGDATA' },
      { name: 'meta', filename: 'meta.json', mimeType: 'application/json', data: '{"a":1}' },
      { name: 'raw', filename: 'upload', mimeType: 'application/octet-stream', data: 'hi' },
      { name: 'typed', filename: 'notes.bin', mimeType: 'text/markdown', data: 'text' },
    ]);
  });

  it('sends several files under one field', async () => {
    const { files } = await parse(
      multipart(
        {},
        {
          docs: [
            ['a.txt', 'A'],
            ['b.txt', 'B'],
          ],
        },
      ),
    );
    expect(files.map(({ name, filename, data }) => [name, filename, data])).toEqual([
      ['docs', 'a.txt', 'A'],
      ['docs', 'b.txt', 'B'],
    ]);
  });

  it('sends a part with a null filename without a filename parameter', async () => {
    const { fields, files } = await parse(multipart({}, { f: [null, 'body', 'text/plain'] }));
    expect(files).toEqual([]);
    expect(fields).toEqual([{ name: 'f', value: 'body', mimeType: 'text/plain' }]);
  });

  it('escapes quotes in names and filenames so the parser keeps the part whole', async () => {
    const { fields, files } = await parse(multipart({ 'say "hi"': 'v' }, { 'f"': ['a"b.txt', 'x'] }));
    expect(fields[0]!.name).toBe('say %22hi%22');
    expect(files[0]!.name).toBe('f%22');
    expect(files[0]!.filename).toBe('a%22b.txt');
    expect(files[0]!.data).toBe('x');
  });

  it('keeps binary file contents intact', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const content = multipart({}, { bin: ['all.bin', bytes] });
    const body = (await collect(content)).bytes;
    const text = new TextDecoder('latin1').decode(body);
    const start = text.indexOf('\r\n\r\n') + 4;
    expect([...body.subarray(start, start + 256)]).toEqual([...bytes]);
  });
});

describe('MultipartContent: length, replay and streaming', () => {
  it('knows its length with Blobs, and streams Blobs instead of holding their bytes', async () => {
    const content = multipart({ a: 'b' }, { f: new Blob(['blob body']) });
    expect(content.length).toBe((await collect(content)).bytes.byteLength);
    expect(content.bytes).toBeUndefined();
    expect(content.replayable).toBe(true);
    expect(await text(content)).toContain('blob body');
  });

  it('is sent chunked and read once when a file is a stream', async () => {
    const content = multipart({}, { f: ['a.txt', Readable.from(['streamed'])] });
    expect(content.length).toBeUndefined();
    expect(content.replayable).toBe(false);
    expect((await parse(content)).files[0]!.data).toBe('streamed');
    expect(() => content.stream()).toThrow(StreamConsumed);
  });

  it('replays a body of bytes and Blobs', async () => {
    const content = multipart({ a: '1' }, { f: new Blob(['x']), g: 'y' });
    expect(await text(content)).toBe(await text(content));
  });

  it('joins small neighbouring pieces into few chunks', async () => {
    const data = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`field${i}`, `value${i}`]));
    const { chunks } = await collect(multipart(data, {}));
    expect(chunks).toHaveLength(1);
  });

  it('streams an 8 MiB async generator chunk by chunk without buffering it', async () => {
    const chunkSize = 64 * 1024;
    const count = 128;
    let produced = 0;
    async function* big(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < count; i++) {
        produced++;
        yield new Uint8Array(chunkSize).fill(i % 256);
      }
    }
    const content = multipart({}, { big: ['big.bin', big()] });
    expect(content.length).toBeUndefined();
    let chunks = 0;
    let total = 0;
    let producedAtFirstFileChunk = -1;
    for await (const chunk of content.stream()) {
      chunks++;
      total += chunk.byteLength;
      if (chunk.byteLength === chunkSize && producedAtFirstFileChunk === -1)
        producedAtFirstFileChunk = produced;
    }
    expect(chunks).toBeGreaterThan(count);
    expect(producedAtFirstFileChunk).toBe(1);
    expect(total).toBeGreaterThan(count * chunkSize);
  });
});

describe('MultipartContent: as one Blob, for a browser', () => {
  it('is the same bytes as the stream when every part is bytes or a Blob, Blobs unread', async () => {
    const photo = new Blob(['PNGDATA'], { type: 'image/png' });
    const body = multipart({ title: 'Notes' }, { photo: ['cat.png', photo], raw: ['a.txt', 'hi'] });
    expect(body.bytes).toBeUndefined();
    const blob = body.blob!;
    expect(blob).toBeInstanceOf(Blob);
    expect(blob.size).toBe(body.length);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual((await collect(body)).bytes);
  });

  it('is not there when a part is a stream', () => {
    const body = multipart({}, { log: ['log.txt', Readable.from([Buffer.from('x')])] });
    expect(body.blob).toBeUndefined();
  });
});
