/**
 * The build as it is published (tsconfig.build.json, into a temp folder): declarations without
 * the internal members, source maps that carry their sources, and the Node version check that
 * runs before anything else on a Node.js too old for undici.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSupportedNode } from '../../src/node/node-version.ts';
import { projectTempDir, ROOT, run } from './support/run.ts';

/** The Node.js the machine comes with (20): too old for undici 8, the case the check is for. */
const OLD_NODE = '/usr/bin/node';

let out: string;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function declarations(): Map<string, string> {
  return new Map(
    files(out)
      .filter((file) => file.endsWith('.d.ts'))
      .map((file) => [relative(out, file), readFileSync(file, 'utf8')]),
  );
}

beforeAll(async () => {
  out = projectTempDir('build');
  const tsc = await run('tsc', ['-p', 'tsconfig.build.json', '--outDir', out], { timeout: 60_000 });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.code).toBe(0);
}, 90_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the declarations', () => {
  // Members the library calls on itself; each is `@internal` and left out by `stripInternal`.
  const internal: readonly (readonly [file: string, name: string])[] = [
    ['models/response.d.ts', '_begin'],
    ['models/response.d.ts', '_finish'],
    ['scheduling/shared-timer-scheduler.d.ts', '_add'],
    ['scheduling/shared-timer-scheduler.d.ts', '_remove'],
    ['errors.d.ts', 'attachRequest'],
    ['node/cookie-jar.d.ts', 'everyHost'],
    ...[
      'acquire',
      'withdraw',
      'release',
      'waitForSocket',
      'socketWaitEnded',
      'dispatchOptions',
      'responseEnded',
      'dispatch',
    ].map((name) => ['node/pool.d.ts', name] as const),
  ];

  /** A line that declares `name`: an export, or a class member with any modifiers. */
  function declares(name: string): RegExp {
    const modifiers = '(?:(?:static|readonly|get|set|protected|abstract)\\s+)*';
    return new RegExp(`^(?:export declare \\w+ |\\s+${modifiers})${name}\\b`, 'm');
  }

  it.each(internal)('%s leaves out %s', (file, name) => {
    const text = declarations().get(file);
    expect(text, `${file} was not emitted`).toBeDefined();
    expect(text).toMatch(/\S/);
    expect(text).not.toMatch(declares(name));
  });

  it('let ConnectionPool claim only what its declaration has (no ExchangeHost)', () => {
    const pool = declarations().get('node/pool.d.ts')!;
    expect(pool).not.toContain('ExchangeHost');
    expect(pool).toContain('export declare class ConnectionPool implements Transport {');
  });

  it('name no `_`-prefixed member anywhere but in protected RxJS overrides', () => {
    const found = [...declarations()].flatMap(([file, text]) =>
      text
        .split('\n')
        .filter((line) => /^\s+(?:(?:static|readonly|get|set)\s+)*_\w+[(:?<]/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it('keep the public members next to the internal ones', () => {
    const pool = declarations().get('node/pool.d.ts')!;
    expect(pool).toMatch(declares('counts'));
    expect(pool).toMatch(declares('handle'));
    const response = declarations().get('models/response.d.ts')!;
    expect(response).toMatch(declares('raiseForStatus'));
    expect(declarations().get('errors.d.ts')).toMatch(declares('RequestError'));
  });
});

describe('the source maps', () => {
  it('sit beside every module and carry the TypeScript source they map to', () => {
    const modules = files(out).filter((file) => file.endsWith('.js'));
    expect(modules.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const module of modules) {
      const map = JSON.parse(readFileSync(`${module}.map`, 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      const source = join(ROOT, 'src', relative(out, module).replace(/\.js$/, '.ts'));
      if (map.sourcesContent?.[0] !== readFileSync(source, 'utf8')) missing.push(relative(out, module));
    }
    expect(missing).toEqual([]);
  });
});

describe('the Node.js version check', () => {
  it('is, with the Node type table, a module package.json names as having a side effect', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { sideEffects: string[] };
    expect(pkg.sideEffects).toEqual(['./dist/node/node-version.js', './dist/node/type-table.js']);
    expect(existsSync(join(out, 'node/node-version.js'))).toBe(true);
    expect(existsSync(join(out, 'node/type-table.js'))).toBe(true);
  });

  it('stops an old Node.js with a message that says so, before undici fails to load', async () => {
    expect(existsSync(OLD_NODE), `${OLD_NODE} (the machine's Node.js 20) is missing`).toBe(true);
    const version = (await run(OLD_NODE, ['--version'])).stdout.trim().replace(/^v/, '');
    expect(isSupportedNode(version), `${OLD_NODE} is Node.js ${version}, not an old one`).toBe(false);

    const entry = JSON.stringify(join(out, 'index.js'));
    const result = await run(OLD_NODE, ['--input-type=module', '-e', `await import(${entry});`], {
      timeout: 30_000,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      `Error: httprx needs Node.js >= 22.19; this is Node.js ${version}. Run it on Node.js 22.19 or later`,
    );
    expect(result.stderr).not.toContain("reading 'bind'");
  });

  it('lets a current Node.js load the package', async () => {
    const entry = JSON.stringify(join(out, 'index.js'));
    const script = `const m = await import(${entry}); console.log(m.VERSION, typeof m.Client);`;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+ function$/);
  });
});
