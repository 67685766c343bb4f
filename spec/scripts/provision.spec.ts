/**
 * scripts/provision.ts run for real on lists of its own. None of them makes it install
 * anything: `npm test` itself exercises the install (it runs the script first).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../scripts/provision.ts');
const dir = mkdtempSync(join(tmpdir(), 'httprx-provision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function provision(list: string, env: NodeJS.ProcessEnv = process.env) {
  const file = join(dir, `list-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, list);
  const result = spawnSync(process.execPath, [SCRIPT, file], { encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, file };
}

describe('scripts/provision.ts', () => {
  it('prints one ok line per package that is there and exits 0', () => {
    // dpkg is Essential on Debian: always installed, with its own binary.
    const result = provision('dpkg /usr/bin/dpkg the package manager itself\n');
    expect(result).toMatchObject({ status: 0, stdout: 'provision: dpkg ok\n', stderr: '' });
  });

  it('stops with the packages and the command when it cannot install', () => {
    const result = provision(
      'dpkg /usr/bin/dpkg the package manager\nhttprx-no-such-package /usr/bin/httprx-none for this test\n',
      { ...process.env, PATH: dir }, // no apt-get on this PATH
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      'provision: dpkg ok\nprovision: httprx-no-such-package missing, needed: for this test\n',
    );
    expect(result.stderr).toContain(
      'provision: cannot install the Debian package httprx-no-such-package: apt-get is not on PATH',
    );
    expect(result.stderr).toContain(
      'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends httprx-no-such-package',
    );
  });

  it('exits 2 naming the line of a list it cannot read', () => {
    const result = provision('dpkg usr/bin/dpkg why\n');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `provision: ${result.file}:1: after "dpkg" comes the absolute path of a file it installs, not "usr/bin/dpkg"\n`,
    );
  });
});
