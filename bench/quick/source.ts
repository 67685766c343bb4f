/**
 * Which httprx `bench:quick` measures: src/ through Node's type stripping (the default, via
 * importHttprx), a fresh build of src/ (`--dist`: `tsc -p tsconfig.build.json` into a temporary
 * folder whose `node_modules` links to the project's, so `rxjs` and `undici` are the very modules
 * the undici contender uses), or an existing build (`--dist-dir`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importHttprx } from '../httprx-source.ts';

export type Httprx = Awaited<ReturnType<typeof importHttprx>>;

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface LoadedHttprx {
  httprx: Httprx;
  /** Said in the output: what was measured. */
  description: string;
  dispose(): void;
}

function build(): { folder: string; dispose(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'httprx-bench-quick-'));
  const dispose = () => rmSync(folder, { recursive: true, force: true });
  try {
    const tsc = join(root, 'node_modules', '.bin', 'tsc');
    execFileSync(tsc, ['-p', 'tsconfig.build.json', '--outDir', join(folder, 'dist')], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'), 'dir');
    writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
  } catch (error) {
    dispose();
    throw error;
  }
  return { folder: join(folder, 'dist'), dispose };
}

export async function loadHttprx(options: {
  dist: boolean;
  distDir: string | undefined;
}): Promise<LoadedHttprx> {
  if (options.distDir !== undefined) {
    const entry = resolve(options.distDir, 'index.js');
    if (!existsSync(entry))
      throw new Error(`--dist-dir ${options.distDir}: no index.js there (run npm run build?)`);
    const httprx = (await import(pathToFileURL(entry).href)) as Httprx;
    return { httprx, description: `the build in ${entry}`, dispose() {} };
  }
  if (options.dist) {
    const built = build();
    try {
      const httprx = (await import(pathToFileURL(join(built.folder, 'index.js')).href)) as Httprx;
      const description = 'dist/: a fresh build of src/ (tsc -p tsconfig.build.json)';
      return { httprx, description, dispose: built.dispose };
    } catch (error) {
      built.dispose();
      throw error;
    }
  }
  return {
    httprx: await importHttprx(),
    description: "src/, through Node's type stripping",
    dispose() {},
  };
}
