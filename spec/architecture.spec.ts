/**
 * The platform rule of DESIGN §2: only src/node/ (and the Node entry, src/index.ts) may import
 * `node:*`, undici or tough-cookie, load code with a dynamic `import()`, or use Node's globals;
 * everything else is neutral, and the neutral public names (src/public.ts) never reach src/node/.
 * The searches run over each file's code with its comments taken out (support/source-code.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, importsOf } from './support/source-code.ts';

const root = join(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** A file's path under src/, with `/` on every platform. */
const named = (file: string) => relative(root, file).split('\\').join('/');
/** The src/ path a relative import in `file` names. */
const resolved = (file: string, name: string) => named(resolve(dirname(join(root, file)), name));
const code = (file: string) => codeOf(readFileSync(join(root, file), 'utf8'));
const neutralFiles = sources(root)
  .map(named)
  .filter((file) => !file.startsWith('node/') && file !== 'index.ts');

const builtins = new Set(builtinModules);
const isNodeOnlyModule = (name: string) =>
  name.startsWith('node:') ||
  builtins.has(name) ||
  name === 'undici' ||
  name.startsWith('undici/') ||
  name === 'tough-cookie' ||
  name.startsWith('tough-cookie/');

/** What a neutral file may not do, each a word-boundary search over its code. */
const NODE_GLOBALS: Record<string, RegExp> = {
  'dynamic import()': /\bimport\s*\(/,
  process: /\bprocess\b/,
  Buffer: /\bBuffer\b/,
  require: /\brequire\b/,
  __dirname: /\b__dirname\b/,
  __filename: /\b__filename\b/,
  'global.': /\bglobal\s*[.[]/,
};

/**
 * The known exceptions, as `file: what it uses`, each with the step of issue 9 that removes it.
 * The spec fails if one goes away without leaving this list, so the list stays true.
 */
const EXCEPTIONS: Record<string, string> = {
  // `ClientOptions.cookies` accepts a tough-cookie `CookieJar` (a type-only import). It goes when
  // ClientOptions splits into a neutral one and a Node one (issue 9, P1: NodeClientOptions).
  'options.ts': 'tough-cookie',
};

function offences(file: string): string[] {
  const text = code(file);
  const modules = importsOf(text).filter(
    (name) => isNodeOnlyModule(name) || (name.startsWith('.') && resolved(file, name).startsWith('node/')),
  );
  const globals = Object.entries(NODE_GLOBALS)
    .filter(([, pattern]) => pattern.test(text))
    .map(([name]) => name);
  return [...new Set([...modules, ...globals])];
}

describe('the platform rule', () => {
  it('keeps node:*, undici, tough-cookie, dynamic import(), Node globals and imports of src/node/ inside src/node/', () => {
    const found = Object.fromEntries(
      neutralFiles.flatMap((file) => {
        const uses = offences(file);
        return uses.length === 0 ? [] : [[file, uses.join(', ')]];
      }),
    );
    expect(found).toEqual(EXCEPTIONS);
  });

  it('sees through to code: a use in code is found, one in a comment is not', () => {
    const sample = [
      "import { x } from 'node:fs'; // process",
      "/* Buffer */ const url = 'https://h/p'; const re = /\\/\\//;",
      // A template inside a template's placeholder (written with # for $).
      'const t = `a #{`b #{Buffer.from(url)}`} c`; // require',
    ]
      .join('\n')
      .replaceAll('#', '$');
    const text = codeOf(sample);
    expect(importsOf(text)).toEqual(['node:fs']);
    expect(text).toContain("'https://h/p'");
    expect(text).toContain('/\\/\\//');
    expect(/\bprocess\b|\brequire\b/.test(text)).toBe(false);
    expect(text.match(/\bBuffer\b/g)).toEqual(['Buffer']);
  });

  it('never reaches src/node/ from src/public.ts, by value or by type import', () => {
    const seen = new Set<string>();
    const walk = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const name of importsOf(code(file))) {
        if (name.startsWith('.')) walk(resolved(file, name));
      }
    };
    walk('public.ts');
    expect([...seen].filter((file) => file.startsWith('node/') || file === 'index.ts')).toEqual([]);
    // The walk reaches the whole neutral core: the client, its pipeline and the models.
    expect([...seen]).toEqual(
      expect.arrayContaining(['client.ts', 'pipeline/pipeline.ts', 'models/request.ts', 'errors.ts']),
    );
  });
});

describe('the neutral type check', () => {
  it('is run by npm run check over src/ minus src/node/ and the Node entry, with no Node types', () => {
    const top = join(root, '..');
    const config = JSON.parse(readFileSync(join(top, 'tsconfig.neutral.json'), 'utf8')) as {
      compilerOptions: { types: string[] };
      include: string[];
      exclude: string[];
    };
    expect(config.compilerOptions.types).toEqual([]);
    expect(config.include).toEqual(['src']);
    expect(config.exclude).toEqual(['src/node', 'src/index.ts']);
    const pkg = JSON.parse(readFileSync(join(top, 'package.json'), 'utf8')) as { scripts: { check: string } };
    expect(pkg.scripts.check).toContain('tsc -p tsconfig.neutral.json --noEmit');
  });
});

describe('the files', () => {
  it('are each under 300 lines', () => {
    const long = sources(root).filter((file) => readFileSync(file, 'utf8').split('\n').length > 300);
    expect(long.map(named)).toEqual([]);
  });
});
