/**
 * `node scripts/provision.ts [list]`: the first step of `npm test`. Checks the Debian packages
 * the tests need (scripts/debian-packages, or the list file given) and installs the missing
 * ones with apt-get, as root, printing one line per package. Where it cannot install (not root,
 * no apt-get) it exits 1 with the packages and the command to run, so `npm test` fails rather
 * than skipping the tests that need them. One read of dpkg's database: well under a second
 * when everything is there. Plain Node (type stripping), no dependencies.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  aptCommands,
  type Checked,
  cannotInstall,
  check,
  installedPackages,
  parsePackageList,
  type Requirement,
  refusal,
  statusLine,
} from './provision-plan.ts';

const DPKG_STATUS = '/var/lib/dpkg/status';

function installed(): Set<string> | undefined {
  return existsSync(DPKG_STATUS) ? installedPackages(readFileSync(DPKG_STATUS, 'utf8')) : undefined;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir !== '' && existsSync(join(dir, command)));
}

/** Runs the apt-get calls with their output captured; returns it when one fails. */
function apt(missing: readonly Checked[]): string | undefined {
  for (const [command, ...args] of aptCommands(missing)) {
    const result = spawnSync(command!, args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      const how = result.error ? String(result.error) : `exit code ${result.status ?? result.signal}`;
      return `${command} ${args.join(' ')}: ${how}\n${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd();
    }
  }
  return undefined;
}

function main(listFile: string): number {
  let requirements: Requirement[];
  try {
    requirements = parsePackageList(readFileSync(listFile, 'utf8'), listFile);
  } catch (error) {
    console.error(`provision: ${error instanceof Error ? error.message : error}`);
    return 2;
  }
  const checked = check(requirements, installed(), existsSync);
  const missing = checked.filter((each) => each.state !== 'ok');
  for (const each of checked) console.log(statusLine(each));
  if (missing.length === 0) return 0;

  const names = missing.map((each) => each.name).join(' ');
  const reason = cannotInstall({ root: process.getuid?.() === 0, aptGet: onPath('apt-get') });
  if (reason !== undefined) {
    console.error(refusal(missing, reason));
    return 1;
  }
  const started = performance.now();
  console.log(`provision: installing ${names} (apt-get update, then apt-get install)`);
  const failure = apt(missing);
  const still = check(missing, installed(), existsSync).filter((each) => each.state !== 'ok');
  if (failure !== undefined || still.length > 0) {
    if (failure !== undefined) console.error(failure);
    for (const each of still) console.error(statusLine(each));
    console.error(`provision: installing ${names} failed`);
    return 1;
  }
  console.log(`provision: installed ${names} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

process.exitCode = main(process.argv[2] ?? join(import.meta.dirname, 'debian-packages'));
