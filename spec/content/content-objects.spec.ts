import { describe, expect, it } from 'vitest';
import { isContentSource } from '../../src/content/content.ts';
import { Form, Html, Json, MultiPart, Text } from '../../src/content/content-objects.ts';
import { collect, header, parseMultipart, text } from './helpers.ts';

describe('Text and Html', () => {
  it('sends text as UTF-8 text/plain', async () => {
    const body = new Text('hé');
    expect(body.contentType).toBe('text/plain; charset=utf-8');
    const content = body.toContent();
    expect(header(content, 'content-type')).toBe('text/plain; charset=utf-8');
    expect(content.length).toBe(3);
    expect(content.replayable).toBe(true);
    expect(await text(content)).toBe('hé');
  });

  it('sends HTML as text/html', async () => {
    const content = new Html('<p>x</p>').toContent();
    expect(header(content, 'content-type')).toBe('text/html; charset=utf-8');
    expect(await text(content)).toBe('<p>x</p>');
  });

  it('are content sources', () => {
    expect(isContentSource(new Text('a'))).toBe(true);
    expect(isContentSource('a')).toBe(false);
  });
});

describe('Json', () => {
  it('sends compact JSON as application/json', async () => {
    const content = new Json({ a: [1, 'é'], b: null }).toContent();
    expect(header(content, 'content-type')).toBe('application/json');
    expect(await text(content)).toBe('{"a":[1,"é"],"b":null}');
    expect(content.length).toBe(23);
  });

  it('sends null as null', async () => {
    expect(await text(new Json(null).toContent())).toBe('null');
  });

  it('rejects what JSON cannot hold', () => {
    expect(() => new Json(undefined)).toThrow(TypeError);
    expect(() => new Json(() => 1)).toThrow(/cannot be sent as JSON/);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => new Json(cycle)).toThrow(TypeError);
  });
});

describe('Form', () => {
  it('sends urlencoded fields', async () => {
    const body = new Form({ q: 'rx js', page: 2 });
    expect(body.contentType).toBe('application/x-www-form-urlencoded');
    const content = body.toContent();
    expect(header(content, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect(await text(content)).toBe('q=rx+js&page=2');
    expect(content.length).toBe(14);
  });
});

describe('MultiPart', () => {
  it('picks a random 32-hex boundary and says it in its content type', () => {
    const body = new MultiPart({ a: '1' });
    expect(body.boundary).toMatch(/^[0-9a-f]{32}$/);
    expect(body.contentType).toBe(`multipart/form-data; boundary=${body.boundary}`);
    expect(new MultiPart().boundary).not.toBe(body.boundary);
    expect(header(body.toContent(), 'content-type')).toBe(body.contentType);
  });

  it('uses a given boundary, and rejects an invalid one', async () => {
    const body = new MultiPart({ a: '1' }, null, { boundary: 'my-boundary' });
    expect(body.boundary).toBe('my-boundary');
    expect(await text(body.toContent())).toMatch(/^--my-boundary\r\n[\s\S]*--my-boundary--\r\n$/);
    expect(() => new MultiPart({}, {}, { boundary: 'bad"boundary' })).toThrow(TypeError);
  });

  it('puts data fields before files', async () => {
    const body = new MultiPart({ title: 't' }, { f: ['a.txt', 'A'] });
    const content = body.toContent();
    const { fields, files } = await parseMultipart((await collect(content)).bytes, body.contentType);
    expect(fields.map((field) => field.name)).toEqual(['title']);
    expect(files.map((file) => file.filename)).toEqual(['a.txt']);
    expect((await text(content)).indexOf('name="title"')).toBeLessThan(
      (await text(content)).indexOf('name="f"'),
    );
  });

  it('can be a file of another multipart body, with its own type', async () => {
    const inner = new Json({ x: 1 });
    const body = new MultiPart(null, { meta: ['meta', inner] });
    const { files } = await parseMultipart((await collect(body.toContent())).bytes, body.contentType);
    expect(files).toEqual([
      { name: 'meta', filename: 'meta', mimeType: 'application/json', data: '{"x":1}' },
    ]);
  });
});
