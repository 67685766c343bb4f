/**
 * The platform rule of DESIGN §2: only src/node/ (and the Node entry, src/index.ts) may import
 * `node:*`, undici or tough-cookie, load code with a dynamic `import()`, or use Node's globals;
 * everything else is neutral, and the neutral public names (src/public.ts) never reach src/node/.
 * The searches run over each file's code with its comments taken out (support/source-code.ts).
 * And the cycle rule: src/'s imports form no cycle by value, nor by type but through the one
 * sanctioned type-only edge from errors.ts to the models.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, importEdgesOf, importsOf } from './support/source-code.ts';

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
const EXCEPTIONS: Record<string, string> = {};

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

/** What only src/browser/ (and the browser entry) may use: the DOM's own objects. */
const DOM_GLOBALS: Record<string, RegExp> = {
  XMLHttpRequest: /\bXMLHttpRequest\b/,
  document: /\bdocument\s*\./,
  window: /\bwindow\s*\./,
  navigator: /\bnavigator\s*\./,
  localStorage: /\blocalStorage\b/,
};

const isBrowserFile = (file: string) => file.startsWith('browser/') || file === 'browser.ts';

/** Every file a walk of relative imports from `entry` reaches, by value or by type. */
function closureOf(entry: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const name of importsOf(code(file))) if (name.startsWith('.')) walk(resolved(file, name));
  };
  walk(entry);
  return seen;
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

  it('keeps the DOM (XMLHttpRequest, document, window, navigator, localStorage) inside src/browser/', () => {
    const found = sources(root)
      .map(named)
      .filter((file) => !isBrowserFile(file))
      .flatMap((file) => {
        const text = code(file);
        return Object.entries(DOM_GLOBALS)
          .filter(([, pattern]) => pattern.test(text))
          .map(([name]) => `${file}: ${name}`);
      });
    expect(found).toEqual([]);
  });

  it('never reaches src/browser/ from src/node/ or the neutral core, nor src/node/ from the browser entry', () => {
    const intoBrowser = sources(root)
      .map(named)
      .filter((file) => !isBrowserFile(file))
      .flatMap((file) =>
        importsOf(code(file))
          .filter((name) => name.startsWith('.') && isBrowserFile(resolved(file, name)))
          .map((name) => `${file} → ${name}`),
      );
    expect(intoBrowser).toEqual([]);
    const browser = [...closureOf('browser.ts')];
    expect(browser.filter((file) => file.startsWith('node/') || file === 'index.ts')).toEqual([]);
    expect(browser).toEqual(
      expect.arrayContaining(['browser/xhr-transport.ts', 'browser/fetch-transport.ts', 'client.ts']),
    );
  });

  it('never reaches src/node/ from src/public.ts, by value or by type import', () => {
    const seen = closureOf('public.ts');
    expect([...seen].filter((file) => file.startsWith('node/') || file === 'index.ts')).toEqual([]);
    // The walk reaches the whole neutral core: the client, its pipeline and the models.
    expect([...seen]).toEqual(
      expect.arrayContaining(['client.ts', 'pipeline/pipeline.ts', 'models/request.ts', 'errors.ts']),
    );
  });
});

/** src/'s relative imports, `from → to`, each marked type-only or value. */
function importGraph(): { from: string; to: string; typeOnly: boolean }[] {
  return sources(root)
    .map(named)
    .flatMap((from) =>
      importEdgesOf(code(from))
        .filter((edge) => edge.name.startsWith('.'))
        .map((edge) => ({ from, to: resolved(from, edge.name), typeOnly: edge.typeOnly })),
    );
}

/**
 * The one sanctioned upward edge, type-only: an error names the Request and Response it is
 * about, as httpx's _exceptions.py does under TYPE_CHECKING (review structure-2f0a969 §1 (g)).
 */
const SANCTIONED = new Set(['errors.ts → models/request.ts', 'errors.ts → models/response.ts']);

/**
 * The graph's cycles, one per strongly connected part (Tarjan), each written as one shortest
 * loop through the part's first file, `a → b → a`, so a failure shows where the loop runs.
 */
function cyclesOf(edges: readonly { from: string; to: string }[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const parts: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (stack.includes(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const part: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        part.push(member);
      } while (member !== node);
      const loops = part.length > 1 || (next.get(node) ?? []).includes(node);
      if (loops) parts.push(part.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return parts
    .map((part) => {
      const inside = new Set(part);
      const start = part[0]!;
      // Breadth first from start, inside the part, back to start.
      const came = new Map<string, string>();
      const queue = [start];
      while (queue.length > 0) {
        const node = queue.shift()!;
        for (const to of next.get(node) ?? []) {
          if (!inside.has(to) || came.has(to)) continue;
          came.set(to, node);
          queue.push(to);
        }
        if (came.has(start)) break;
      }
      const loop = [start];
      for (let node = came.get(start)!; node !== start; node = came.get(node)!) loop.unshift(node);
      return `${[start, ...loop].join(' → ')} (all ${part.length}: ${part.join(', ')})`;
    })
    .sort();
}

describe('the cycle rule', () => {
  const edges = importGraph();

  it('finds no import cycle over value imports', () => {
    expect(cyclesOf(edges.filter((edge) => !edge.typeOnly))).toEqual([]);
  });

  it('finds no import cycle over all imports but the sanctioned type-only edge from errors.ts', () => {
    const sanctioned = (edge: { from: string; to: string; typeOnly: boolean }) =>
      edge.typeOnly && SANCTIONED.has(`${edge.from} → ${edge.to}`);
    expect(edges.filter(sanctioned).map((edge) => edge.to)).toEqual([
      'models/request.ts',
      'models/response.ts',
    ]);
    expect(cyclesOf(edges.filter((edge) => !sanctioned(edge)))).toEqual([]);
  });

  it('sees every kind of import, and which are type-only', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      "import { type C, type D } from './c.ts';",
      "import { type E, f } from './e.ts';",
      "import G, { type H } from './g.ts';",
      "export type { I } from './i.ts';",
      "export * from './j.ts';",
      "import './k.ts';",
      'import {\n  type L,\n  type M,\n} from "./l.ts";',
    ].join('\n');
    expect(importEdgesOf(text)).toEqual([
      { name: './a.ts', typeOnly: false },
      { name: './b.ts', typeOnly: true },
      { name: './c.ts', typeOnly: true },
      { name: './e.ts', typeOnly: false },
      { name: './g.ts', typeOnly: false },
      { name: './i.ts', typeOnly: true },
      { name: './j.ts', typeOnly: false },
      { name: './k.ts', typeOnly: false },
      { name: './l.ts', typeOnly: true },
    ]);
    expect(
      cyclesOf([
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'c', to: 'd' },
      ]),
    ).toEqual(['a → b → c → a (all 3: a, b, c)']);
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
