/**
 * Which httprx the measurement processes import. The runner copies src/ once, when it starts,
 * so that edits made while a run goes on (minutes) do not mix versions across rounds: the copy
 * goes to a temporary folder with a `node_modules` link back to the project's (the copy's
 * `rxjs`, `undici`… resolve to the very same modules as the contenders'), and its entry point
 * reaches the measurement processes through an environment variable. Without it (a worker run
 * by hand) they import src/ itself.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Httprx = typeof import('../src/index.ts');

const ENTRY_VARIABLE = 'HTTPRX_BENCH_ENTRY';
const root = fileURLToPath(new URL('../', import.meta.url));

/** In a measurement process: httprx, from the runner's copy of src/ if there is one. */
export function importHttprx(): Promise<Httprx> {
  const entry = process.env[ENTRY_VARIABLE];
  return entry ? (import(entry) as Promise<Httprx>) : import('../src/index.ts');
}

/** In the runner: copies src/ and points the measurement processes at the copy until `dispose()`. */
export function snapshotHttprx(): { dispose(): void } {
  const folder = mkdtempSync(join(tmpdir(), 'httprx-bench-src-'));
  cpSync(join(root, 'src'), join(folder, 'src'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(folder, 'node_modules'), 'dir');
  writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
  process.env[ENTRY_VARIABLE] = pathToFileURL(join(folder, 'src', 'index.ts')).href;
  return {
    dispose() {
      delete process.env[ENTRY_VARIABLE];
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
