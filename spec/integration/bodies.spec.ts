import { Readable } from 'node:stream';
import { firstValueFrom, from, Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  Form,
  Html,
  Json,
  MultiPart,
  type RequestOptions,
  StreamConsumed,
  Text,
} from '../../src/index.ts';
import { parseMultipart } from './support/multipart.ts';
import { type SeenRequest, startRecordingServer, type TestServer } from './support/server.ts';

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array<ArrayBuffer> => encoder.encode(text);

let server: TestServer & { readonly requests: SeenRequest[] };
let client: Client;

beforeAll(async () => {
  server = await startRecordingServer();
  client = new Client();
});
afterEach(() => {
  server.requests.length = 0;
});
afterAll(async () => {
  await client.close();
  await server.close();
});

/** POSTs with `options` and returns what the server received. */
async function post(options: RequestOptions): Promise<SeenRequest> {
  const response = await firstValueFrom(client.post(server.url, options));
  expect(response.status).toBe(200);
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!;
}

function text(request: SeenRequest): string {
  return request.body.toString('utf8');
}

/** A body of known length: Content-Length on the wire, no chunked framing. */
function expectLength(request: SeenRequest, length: number): void {
  expect(request.headers['content-length']).toBe(String(length));
  expect(request.headers['transfer-encoding']).toBeUndefined();
  expect(request.body.length).toBe(length);
}

/** A body of unknown length: chunked framing, no Content-Length. */
function expectChunked(request: SeenRequest): void {
  expect(request.headers['transfer-encoding']).toBe('chunked');
  expect(request.headers['content-length']).toBeUndefined();
}

describe('raw content reaches the server byte-exact', () => {
  it('sends a string as UTF-8 with its byte length and no Content-Type', async () => {
    const request = await post({ content: 'héllo ✓' });
    expect(text(request)).toBe('héllo ✓');
    expectLength(request, bytes('héllo ✓').length);
    expect(request.headers['content-type']).toBeUndefined();
  });

  it('sends a Uint8Array as it is, binary bytes included', async () => {
    const body = new Uint8Array([0, 1, 2, 253, 254, 255, 13, 10]);
    const request = await post({ content: body });
    expect([...request.body]).toEqual([...body]);
    expectLength(request, 8);
  });

  it('sends only the viewed bytes of a Uint8Array over a larger buffer', async () => {
    const buffer = bytes('xxabcdyy');
    const request = await post({ content: buffer.subarray(2, 6) });
    expect(text(request)).toBe('abcd');
    expectLength(request, 4);
  });

  it('sends an ArrayBuffer', async () => {
    const request = await post({ content: bytes('array buffer').buffer as ArrayBuffer });
    expect(text(request)).toBe('array buffer');
    expectLength(request, 12);
  });

  it('sends a Blob with its type as Content-Type and its size as Content-Length', async () => {
    const blob = new Blob(['<svg/>', bytes(' tail')], { type: 'image/svg+xml' });
    const request = await post({ content: blob });
    expect(text(request)).toBe('<svg/> tail');
    expect(request.headers['content-type']).toBe('image/svg+xml');
    expectLength(request, 11);
  });

  it('sends an array of chunks with their total length', async () => {
    const request = await post({ content: [bytes('one,'), bytes('two,'), bytes('three')] });
    expect(text(request)).toBe('one,two,three');
    expectLength(request, 13);
  });

  it('sends a sync generator chunked', async () => {
    function* parts(): Generator<Uint8Array> {
      yield bytes('a');
      yield bytes('bc');
      yield bytes('def');
    }
    const request = await post({ content: parts() });
    expect(text(request)).toBe('abcdef');
    expectChunked(request);
  });

  it('sends an async generator chunked', async () => {
    async function* parts(): AsyncGenerator<Uint8Array> {
      for (const word of ['async ', 'generator ', 'body']) {
        await new Promise((resolve) => setImmediate(resolve));
        yield bytes(word);
      }
    }
    const request = await post({ content: parts() });
    expect(text(request)).toBe('async generator body');
    expectChunked(request);
  });

  it('sends a Node Readable chunked', async () => {
    const request = await post({ content: Readable.from([Buffer.from('node '), Buffer.from('readable')]) });
    expect(text(request)).toBe('node readable');
    expectChunked(request);
  });

  it('sends a WHATWG ReadableStream chunked', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes('web '));
        controller.enqueue(bytes('stream'));
        controller.close();
      },
    });
    const request = await post({ content: stream });
    expect(text(request)).toBe('web stream');
    expectChunked(request);
  });

  it('sends an Observable of chunks chunked', async () => {
    const request = await post({ content: from([bytes('rx '), bytes('observable '), bytes('body')]) });
    expect(text(request)).toBe('rx observable body');
    expectChunked(request);
  });

  it('sends a large body whole', async () => {
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 251);
    const request = await post({ content: big });
    expectLength(request, big.length);
    expect(request.body.equals(big)).toBe(true);
  });
});

describe('json and form bodies', () => {
  it('sends json compact as application/json', async () => {
    const request = await post({ json: { name: 'ünïcode', list: [1, 2], nested: { ok: true } } });
    expect(text(request)).toBe('{"name":"ünïcode","list":[1,2],"nested":{"ok":true}}');
    expect(request.headers['content-type']).toBe('application/json');
    expectLength(request, request.body.length);
  });

  it('sends data urlencoded', async () => {
    const request = await post({ data: { q: 'rx js', tags: ['a', 'b&c'], n: 3 } });
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(text(request))]).toEqual([
      ['q', 'rx js'],
      ['tags', 'a'],
      ['tags', 'b&c'],
      ['n', '3'],
    ]);
    expectLength(request, request.body.length);
  });

  it('sends Content-Length: 0 for a POST without a body', async () => {
    const request = await post({});
    expect(request.headers['content-length']).toBe('0');
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(request.body.length).toBe(0);
  });

  it('sends no Content-Length for a GET without a body', async () => {
    await firstValueFrom(client.get(server.url));
    const request = server.requests[0]!;
    expect(request.headers['content-length']).toBeUndefined();
    expect(request.headers['transfer-encoding']).toBeUndefined();
  });
});

describe('content objects', () => {
  it('sends new Text as text/plain; charset=utf-8', async () => {
    const request = await post({ content: new Text('plain ✓') });
    expect(text(request)).toBe('plain ✓');
    expect(request.headers['content-type']).toBe('text/plain; charset=utf-8');
    expectLength(request, bytes('plain ✓').length);
  });

  it('sends new Html as text/html; charset=utf-8', async () => {
    const request = await post({ content: new Html('<p>hi</p>') });
    expect(text(request)).toBe('<p>hi</p>');
    expect(request.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('sends new Json compact as application/json', async () => {
    const request = await post({ content: new Json([1, 'two', null]) });
    expect(text(request)).toBe('[1,"two",null]');
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('sends new Form urlencoded', async () => {
    const request = await post({ content: new Form({ a: '1 2', b: 'x' }) });
    expect(text(request)).toBe('a=1+2&b=x');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('sends new MultiPart with its boundary in the Content-Type', async () => {
    const body = new MultiPart(
      { title: 'cat' },
      { photo: ['cat.txt', 'meow'] },
      { boundary: 'test-boundary-42' },
    );
    const request = await post({ content: body });
    expect(request.headers['content-type']).toBe('multipart/form-data; boundary=test-boundary-42');
    const parts = await parseMultipart(request.body, request.headers['content-type']!);
    expect(parts).toEqual([
      { kind: 'field', name: 'title', value: 'cat', mimeType: 'text/plain' },
      { kind: 'file', name: 'photo', filename: 'cat.txt', mimeType: 'text/plain', data: 'meow' },
    ]);
  });

  it('lets a request header override the content type a body implies', async () => {
    const request = await post({
      content: new Json({}),
      headers: { 'Content-Type': 'application/vnd.api+json' },
    });
    expect(request.headers['content-type']).toBe('application/vnd.api+json');
    expect(text(request)).toBe('{}');
  });
});

describe('multipart files', () => {
  it('sends data fields then files, parsed by a real multipart parser', async () => {
    const request = await post({
      data: { user: 'ann', roles: ['admin', 'dev'] },
      files: {
        docs: [
          ['a.txt', 'first file'],
          ['b.json', '{"b":2}', 'application/json'],
        ],
        picture: new File([bytes('PNGDATA')], 'pic.png', { type: 'image/png' }),
        upload: ['stream.csv', Readable.from([Buffer.from('x,y\n'), Buffer.from('1,2\n')]), 'text/csv'],
        anonymous: [null, 'no name'],
      },
    });
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=[^\s;]+$/);
    const parts = await parseMultipart(request.body, request.headers['content-type']!);
    expect(parts).toEqual([
      { kind: 'field', name: 'user', value: 'ann', mimeType: 'text/plain' },
      { kind: 'field', name: 'roles', value: 'admin', mimeType: 'text/plain' },
      { kind: 'field', name: 'roles', value: 'dev', mimeType: 'text/plain' },
      { kind: 'file', name: 'docs', filename: 'a.txt', mimeType: 'text/plain', data: 'first file' },
      { kind: 'file', name: 'docs', filename: 'b.json', mimeType: 'application/json', data: '{"b":2}' },
      { kind: 'file', name: 'picture', filename: 'pic.png', mimeType: 'image/png', data: 'PNGDATA' },
      { kind: 'file', name: 'upload', filename: 'stream.csv', mimeType: 'text/csv', data: 'x,y\n1,2\n' },
      {
        kind: 'file',
        name: 'anonymous',
        filename: undefined,
        mimeType: 'application/octet-stream',
        data: 'no name',
      },
    ]);
  });

  it('sends a Blob file with its own type and the default file name', async () => {
    const request = await post({ files: { blob: new Blob(['blob bytes'], { type: 'text/markdown' }) } });
    const parts = await parseMultipart(request.body, request.headers['content-type']!);
    expect(parts).toEqual([
      { kind: 'file', name: 'blob', filename: 'upload', mimeType: 'text/markdown', data: 'blob bytes' },
    ]);
  });

  it('sends a multipart body of known parts with a Content-Length', async () => {
    const request = await post({ files: { f: ['f.txt', 'known length'] } });
    expectLength(request, request.body.length);
  });

  it('sends a multipart body with a stream part chunked', async () => {
    const request = await post({ files: { f: ['f.bin', Readable.from([Buffer.from('streamed')])] } });
    expectChunked(request);
    const parts = await parseMultipart(request.body, request.headers['content-type']!);
    expect(parts).toMatchObject([{ kind: 'file', name: 'f', filename: 'f.bin', data: 'streamed' }]);
  });

  it('escapes a quote in a field name and a file name as %22, as browsers do', async () => {
    const request = await post({
      data: { 'say "hi"': 'x' },
      files: { 'the "file"': ['my "doc".txt', 'quoted'] },
    });
    const parts = await parseMultipart(request.body, request.headers['content-type']!);
    expect(parts).toEqual([
      { kind: 'field', name: 'say %22hi%22', value: 'x', mimeType: 'text/plain' },
      {
        kind: 'file',
        name: 'the %22file%22',
        filename: 'my %22doc%22.txt',
        mimeType: 'text/plain',
        data: 'quoted',
      },
    ]);
  });
});

describe('sending a built request again', () => {
  it('raises StreamConsumed when a one-shot body is needed a second time, and sends nothing', async () => {
    const request = client.buildRequest('POST', server.url, {
      content: Readable.from([Buffer.from('once')]),
    });
    const response$ = client.send(request);
    const first = await firstValueFrom(response$);
    expect(first.text).toBe('once');
    await expect(firstValueFrom(response$)).rejects.toBeInstanceOf(StreamConsumed);
    expect(server.requests).toHaveLength(1);
  });

  it('sends a replayable body again on each subscription', async () => {
    let subscriptions = 0;
    const source = new Observable<Uint8Array>((subscriber) => {
      subscriptions++;
      subscriber.next(bytes(`take ${subscriptions}`));
      subscriber.complete();
    });
    const response$ = client.send(client.buildRequest('PUT', server.url, { content: source }));
    expect((await firstValueFrom(response$)).text).toBe('take 1');
    expect((await firstValueFrom(response$)).text).toBe('take 2');
    expect(server.requests.map(text)).toEqual(['take 1', 'take 2']);
  });

  it('sends a Blob body again on each subscription', async () => {
    const response$ = client.post(server.url, { content: new Blob(['same']) });
    await firstValueFrom(response$);
    await firstValueFrom(response$);
    expect(server.requests.map(text)).toEqual(['same', 'same']);
  });
});
