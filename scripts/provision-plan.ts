/**
 * The logic of scripts/provision.ts, without side effects: read the package list, read dpkg's
 * database, decide what is missing, and say what to run. Plain Node, no dependencies.
 */

/** One line of scripts/debian-packages. */
export interface Requirement {
  /** The Debian package name, e.g. `apache2`. */
  name: string;
  /** An absolute path the package installs and the tests use, e.g. `/usr/sbin/apache2`. */
  file: string;
  /** Why the tests need it. */
  why: string;
}

/** What was found for one package. */
export type PackageState = 'ok' | 'not installed' | 'file missing';

export interface Checked extends Requirement {
  state: PackageState;
}

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/**
 * Parses the package list: one `name /absolute/file why…` per line; blank lines and lines
 * starting with `#` are skipped. Throws naming the file and line of anything else.
 */
export function parsePackageList(text: string, source: string): Requirement[] {
  const seen = new Set<string>();
  const requirements: Requirement[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${source}:${index + 1}`;
    const [name = '', file = '', ...why] = line.split(/\s+/);
    if (!PACKAGE_NAME.test(name)) {
      throw new Error(`${where}: "${name}" is not a Debian package name (lower-case letters, digits, + - .)`);
    }
    if (!file.startsWith('/')) {
      throw new Error(
        `${where}: after "${name}" comes the absolute path of a file it installs, not "${file}"`,
      );
    }
    if (why.length === 0) throw new Error(`${where}: say after the file why the tests need ${name}`);
    if (seen.has(name)) throw new Error(`${where}: ${name} is listed twice`);
    seen.add(name);
    requirements.push({ name, file, why: why.join(' ') });
  });
  return requirements;
}

/**
 * The names of the installed packages in the text of `/var/lib/dpkg/status`: the stanzas whose
 * `Status:` ends in `installed` (`install ok installed`, `hold ok installed`). A package that was
 * removed but kept its config (`deinstall ok config-files`) is not installed.
 */
export function installedPackages(dpkgStatus: string): Set<string> {
  const installed = new Set<string>();
  for (const stanza of dpkgStatus.split(/\n\s*\n/)) {
    const name = /^Package:\s*(\S+)/m.exec(stanza)?.[1];
    // `Status: <want> <flag> <state>`: the third word is what is on disk.
    const state = /^Status:[ \t]*\S+[ \t]+\S+[ \t]+(\S+)/m.exec(stanza)?.[1];
    if (name !== undefined && state === 'installed') installed.add(name);
  }
  return installed;
}

/**
 * Checks each requirement: `ok` when dpkg has it installed and its file exists. Without a dpkg
 * database (`installed` undefined: not Debian), the file alone decides.
 */
export function check(
  requirements: readonly Requirement[],
  installed: ReadonlySet<string> | undefined,
  exists: (file: string) => boolean,
): Checked[] {
  return requirements.map((requirement) => {
    const state: PackageState =
      installed !== undefined && !installed.has(requirement.name)
        ? 'not installed'
        : exists(requirement.file)
          ? 'ok'
          : installed === undefined
            ? 'not installed'
            : 'file missing';
    return { ...requirement, state };
  });
}

/** The one line printed for a package. */
export function statusLine(checked: Checked): string {
  switch (checked.state) {
    case 'ok':
      return `provision: ${checked.name} ok`;
    case 'not installed':
      return `provision: ${checked.name} missing, needed: ${checked.why}`;
    case 'file missing':
      return `provision: ${checked.name} is installed but ${checked.file} is gone, needed: ${checked.why}`;
  }
}

/** `install -y --no-install-recommends [--reinstall] NAME…`, the arguments a person would type. */
function installArguments(missing: readonly Checked[]): string[] {
  // A plain install leaves a package dpkg calls installed as it is, even with its file gone.
  const reinstall = missing.some((checked) => checked.state === 'file missing') ? ['--reinstall'] : [];
  return [
    'install',
    '-y',
    '--no-install-recommends',
    ...reinstall,
    ...missing.map((checked) => checked.name),
  ];
}

/**
 * The apt-get calls that install the missing packages, quiet, waiting for another apt's lock
 * rather than failing on it. `update` always comes first: a fresh image has no package lists,
 * and old ones name versions the mirror no longer has; it costs seconds only when installing.
 */
export function aptCommands(missing: readonly Checked[]): string[][] {
  return [
    ['apt-get', 'update', '-qq'],
    ['apt-get', '-qq', '-o', 'DPkg::Lock::Timeout=120', ...installArguments(missing)],
  ];
}

/** The same as one shell line, for a person to run as root. */
export function shellLine(missing: readonly Checked[]): string {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get ${installArguments(missing).join(' ')}`;
}

/** Why this process cannot install, or undefined when it can. */
export function cannotInstall(environment: { root: boolean; aptGet: boolean }): string | undefined {
  if (!environment.aptGet) return 'apt-get is not on PATH (this is not Debian or Ubuntu?)';
  if (!environment.root) return 'installing needs root, and this is not root';
  return undefined;
}

/** The message that stops `npm test` when the missing packages cannot be installed here. */
export function refusal(missing: readonly Checked[], reason: string): string {
  const names = missing.map((checked) => checked.name).join(', ');
  return [
    `provision: cannot install ${missing.length === 1 ? 'the Debian package' : 'the Debian packages'} ${names}: ${reason}.`,
    "provision: run this as root (with sudo: sudo sh -c '…'), then npm test again:",
    `  ${shellLine(missing)}`,
    'provision: a test whose server is missing fails, it is never skipped; `npm run test:unit` runs the specs that need none.',
  ].join('\n');
}
