/** The machine, the versions and the httprx commit a run was made with. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function packageVersion(name: string): string {
  try {
    const json = readFileSync(`${root}node_modules/${name}/package.json`, 'utf8');
    return (JSON.parse(json) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function operatingSystem(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) return `${pretty[1]} (${process.platform} ${release()})`;
  } catch {}
  return `${process.platform} ${release()}`;
}

function commit(): string {
  try {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const head = run('rev-parse', '--short', 'HEAD');
    return run('status', '--porcelain', '--', 'src').length > 0
      ? `${head} + uncommitted changes in src/`
      : head;
  } catch {
    return 'unknown';
  }
}

/** A digest of every file under src/, to tell whether httprx changed while a run was under way. */
export function sourceDigest(): string {
  const hash = createHash('sha256');
  const files = readdirSync(`${root}src`, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath}/${entry.name}`)
    .sort();
  for (const file of files) hash.update(relative(root, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** httprx's version, commit and source digest: call it when the run copies src/. */
export function describeSource(): string {
  const httprx = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
  return `${httprx} at ${commit()} (src/ digest ${sourceDigest()})`;
}

/** Rows of `[what, value]` for the header of RESULTS.md. */
export function machineRows(source: string): [string, string][] {
  const cores = cpus();
  const versions = ['axios', 'got', 'node-fetch', 'ky'].map((name) => `${name} ${packageVersion(name)}`);
  return [
    ['CPU', `${cores[0]?.model.trim() ?? 'unknown'}, ${cores.length} cores`],
    ['Memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', operatingSystem()],
    [
      'Node',
      `${process.version} (its bundled undici ${process.versions.undici ?? 'unknown'}, used by fetch and ky)`,
    ],
    ['httprx', `${source}, run from a copy of src/ taken at the start, through Node's type stripping`],
    [
      'Libraries',
      `undici ${packageVersion('undici')}, rxjs ${packageVersion('rxjs')}, ${versions.join(', ')}`,
    ],
  ];
}
