import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = join(import.meta.dirname, '..', 'src');

/**
 * Each member of `export interface name` in `file`, with the TSDoc comment right above it
 * (`''` when there is none). Reads the source: TypeScript 7 has no compiler API to ask.
 */
function membersOf(file: string, name: string): { member: string; doc: string }[] {
  const text = readFileSync(join(src, file), 'utf8');
  const start = text.indexOf(`export interface ${name} `);
  if (start === -1) throw new Error(`no interface ${name} in ${file}`);
  const body = text.slice(text.indexOf('{\n', start) + 2, text.indexOf('\n}', start));
  const members: { member: string; doc: string }[] = [];
  let doc = '';
  let inDoc = false;
  for (const line of body.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('/**')) {
      inDoc = !trimmed.endsWith('*/');
      doc = trimmed;
    } else if (inDoc) {
      doc += `\n${trimmed}`;
      if (trimmed.endsWith('*/')) inDoc = false;
    } else {
      const member = /^(\w+)\??:/.exec(trimmed)?.[1];
      if (member) members.push({ member, doc });
      doc = '';
    }
  }
  return members;
}

/**
 * Members whose comment lacks a description, `@default` or (unless `examples` is false)
 * `@example`, with what is missing.
 */
function undocumented(file: string, name: string, examples = true): string[] {
  return membersOf(file, name).flatMap(({ member, doc }) => {
    const missing = [
      !/^\/\*\*\s*\n?\s*\*?\s*[A-Za-z`'[]/.test(doc) && 'description',
      !doc.includes('@default') && '@default',
      examples && !doc.includes('@example') && '@example',
    ].filter(Boolean);
    return missing.length ? [`${name}.${member}: ${missing.join(', ')}`] : [];
  });
}

describe('the TSDoc of the request options', () => {
  // RequestOptions extends RequestInit: its params, headers, cookies and extensions are
  // RequestInit's members, checked there.
  it.each([
    ['options.ts', 'RequestOptions', ['auth', 'followRedirects', 'timeout']],
    ['content/types.ts', 'BodyInit', ['content', 'data', 'files', 'json']],
    ['models/request.ts', 'RequestInit', ['params', 'headers', 'cookies', 'extensions']],
    ['models/request.ts', 'RequestChanges', ['method', 'url', 'headers', 'body', 'extensions']],
  ])('gives every member of %s %s a description, @default and @example', (file, name, expected) => {
    expect(membersOf(file, name).map(({ member }) => member)).toEqual(expect.arrayContaining(expected));
    expect(undocumented(file, name)).toEqual([]);
  });
});

describe('the TSDoc of the client options', () => {
  // The neutral ones, what the Node client adds (NodeClientOptions extends ClientOptions), the
  // settings of a one-off request's client, and the TLS settings of `verify`.
  it.each([
    [
      'options.ts',
      'ClientOptions',
      [
        'baseUrl',
        'headers',
        'params',
        'limits',
        'transport',
        'defaultEncoding',
        'middleware',
        'scheduler',
        'auth',
        'timeout',
        'followRedirects',
        'maxRedirects',
        'retry',
        'eventHooks',
        'sensitiveHeaders',
        'allowAbsoluteUrls',
        'maxResponseSize',
      ],
    ],
    [
      'node/options.ts',
      'NodeClientOptions',
      ['verify', 'cert', 'trustEnv', 'http1', 'http2', 'cookies', 'mounts', 'proxy'],
    ],
    ['node/options.ts', 'OneOffOptions', ['verify', 'cert', 'trustEnv', 'http1', 'http2', 'proxy']],
    [
      'node/pool-options.ts',
      'ConnectionPoolOptions',
      ['verify', 'cert', 'limits', 'trustEnv', 'http1', 'http2', 'proxy'],
    ],
    [
      'node/tls-options.ts',
      'TlsVerifyOptions',
      ['ca', 'rejectUnauthorized', 'servername', 'minVersion', 'ciphers'],
    ],
  ])('gives every member of %s %s a description and @default', (file, name, expected) => {
    expect(membersOf(file, name).map(({ member }) => member)).toEqual(expected);
    expect(undocumented(file, name, false)).toEqual([]);
  });
});
