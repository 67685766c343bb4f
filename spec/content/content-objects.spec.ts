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

  it('rejects a value with no JSON text, naming it', () => {
    expect(() => new Json(undefined)).toThrow(
      new TypeError('The value of new Json(value) cannot be sent as JSON: JSON has no text for undefined'),
    );
    expect(() => new Json(() => 1)).toThrow(/cannot be sent as JSON: JSON has no text for a function$/);
  });

  it.each([
    ['a BigInt', { id: 10n }, /BigInt/],
    ['a cycle', cyclic(), /circular/],
  ])(
    'rejects %s with a TypeError saying the value could not be serialized, the cause kept',
    (_, value, reason) => {
      let error: unknown;
      try {
        new Json(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^The value of new Json\(value\) could not be serialized as JSON: /,
      );
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).cause).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain(((error as Error).cause as Error).message);
    },
  );
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

function cyclic(): Record<string, unknown> {
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  return cycle;
}
