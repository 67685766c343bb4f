import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  aptCommands,
  type Checked,
  cannotInstall,
  check,
  installedPackages,
  parsePackageList,
  refusal,
  shellLine,
  statusLine,
} from '../../scripts/provision-plan.ts';

// The shape of /var/lib/dpkg/status: stanzas separated by a blank line, continuation lines indented.
const DPKG_STATUS = `Package: openssl
Status: install ok installed
Priority: optional
Architecture: amd64
Version: 3.0.15-1~deb12u1
Description: Secure Sockets Layer toolkit - cryptographic utility
 This package is part of the OpenSSL project's implementation of the SSL
 and TLS cryptographic protocols for secure communication over the

Package: apache2
Status: deinstall ok config-files
Architecture: amd64
Version: 2.4.62-1~deb12u2

Package: libc6
Status: hold ok installed
Multi-Arch: same
Architecture: amd64

Package: libc6
Status: install ok installed
Multi-Arch: same
Architecture: i386

Package: squid
Status: install ok half-configured
Architecture: amd64
`;

const LIST = `# a comment
openssl   /usr/bin/openssl    makes throw-away certificates

apache2   /usr/sbin/apache2   the real Digest server (spec/integration/digest-apache.spec.ts)
`;

const requirement = (name: string, state: Checked['state']): Checked => ({
  name,
  file: `/usr/sbin/${name}`,
  why: `${name} is needed`,
  state,
});

describe('parsePackageList', () => {
  it('reads name, file and why, skipping comments and blank lines', () => {
    expect(parsePackageList(LIST, 'list')).toEqual([
      { name: 'openssl', file: '/usr/bin/openssl', why: 'makes throw-away certificates' },
      {
        name: 'apache2',
        file: '/usr/sbin/apache2',
        why: 'the real Digest server (spec/integration/digest-apache.spec.ts)',
      },
    ]);
  });

  it('names the file and line of a bad entry and what would be right', () => {
    expect(() => parsePackageList('openssl /usr/bin/openssl ok\nApache2 /x why', 'list')).toThrow(
      'list:2: "Apache2" is not a Debian package name',
    );
    expect(() => parsePackageList('apache2 apache2 why', 'list')).toThrow(
      'list:1: after "apache2" comes the absolute path of a file it installs, not "apache2"',
    );
    expect(() => parsePackageList('apache2 /usr/sbin/apache2', 'list')).toThrow(
      'list:1: say after the file why the tests need apache2',
    );
    expect(() => parsePackageList('hello /usr/bin/hello a\n\nhello /usr/bin/hello b', 'list')).toThrow(
      'list:3: hello is listed twice',
    );
  });

  it('reads the project list: every package with its file and reason', () => {
    const file = join(import.meta.dirname, '../../scripts/debian-packages');
    const names = parsePackageList(readFileSync(file, 'utf8'), file).map((each) => each.name);
    expect(names).toEqual(expect.arrayContaining(['openssl', 'apache2']));
  });
});

describe('installedPackages', () => {
  it('counts install and hold as installed, not removed-with-config or half-configured', () => {
    expect([...installedPackages(DPKG_STATUS)].sort()).toEqual(['libc6', 'openssl']);
  });

  it('is empty for an empty database', () => {
    expect(installedPackages('').size).toBe(0);
  });
});

describe('check', () => {
  const requirements = parsePackageList(LIST, 'list');

  it('is ok only when dpkg has the package and its file exists', () => {
    const states = check(requirements, installedPackages(DPKG_STATUS), () => true).map((each) => each.state);
    expect(states).toEqual(['ok', 'not installed']);
  });

  it('says file missing when dpkg has the package but its file is gone', () => {
    const states = check(
      requirements,
      new Set(['openssl', 'apache2']),
      (file) => file !== '/usr/sbin/apache2',
    );
    expect(states.map((each) => each.state)).toEqual(['ok', 'file missing']);
  });

  it('lets the file alone decide without a dpkg database', () => {
    const states = check(requirements, undefined, (file) => file === '/usr/bin/openssl');
    expect(states.map((each) => each.state)).toEqual(['ok', 'not installed']);
  });
});

describe('what is printed and run', () => {
  it('prints one line per package, with the reason for a missing one', () => {
    expect(statusLine(requirement('apache2', 'ok'))).toBe('provision: apache2 ok');
    expect(statusLine(requirement('apache2', 'not installed'))).toBe(
      'provision: apache2 missing, needed: apache2 is needed',
    );
    expect(statusLine(requirement('apache2', 'file missing'))).toBe(
      'provision: apache2 is installed but /usr/sbin/apache2 is gone, needed: apache2 is needed',
    );
  });

  it('updates once, then installs every missing package in one apt-get call', () => {
    const missing = [requirement('apache2', 'not installed'), requirement('squid', 'not installed')];
    expect(aptCommands(missing)).toEqual([
      ['apt-get', 'update', '-qq'],
      [
        ...['apt-get', '-qq', '-o', 'DPkg::Lock::Timeout=120'],
        ...['install', '-y', '--no-install-recommends', 'apache2', 'squid'],
      ],
    ]);
  });

  it('reinstalls when a package has lost its file', () => {
    const missing = [requirement('apache2', 'file missing'), requirement('squid', 'not installed')];
    expect(aptCommands(missing)[1]).toContain('--reinstall');
    expect(shellLine(missing)).toBe(
      'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends --reinstall apache2 squid',
    );
  });
});

describe('when it cannot install', () => {
  it('installs as root with apt-get, refuses otherwise', () => {
    expect(cannotInstall({ root: true, aptGet: true })).toBeUndefined();
    expect(cannotInstall({ root: false, aptGet: true })).toBe('installing needs root, and this is not root');
    expect(cannotInstall({ root: true, aptGet: false })).toMatch(/^apt-get is not on PATH/);
  });

  it('names the packages and the exact command to run as root', () => {
    const missing = [requirement('apache2', 'not installed'), requirement('squid', 'not installed')];
    const message = refusal(missing, cannotInstall({ root: false, aptGet: true })!);
    expect(message.split('\n')).toEqual([
      'provision: cannot install the Debian packages apache2, squid: installing needs root, and this is not root.',
      "provision: run this as root (with sudo: sudo sh -c '…'), then npm test again:",
      '  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends apache2 squid',
      'provision: a test whose server is missing fails, it is never skipped; `npm run test:unit` runs the specs that need none.',
    ]);
  });
});
