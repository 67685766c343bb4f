/**
 * The first module the Node entry evaluates: on a Node.js older than 22.19 it throws an error
 * that says so, before undici (which needs 22.19, and on older versions fails while it loads
 * with an obscure `TypeError`) is evaluated. It imports nothing, so nothing runs before it.
 */

/** The oldest Node.js httprx runs on: undici 8's minimum, as package.json's `engines` says. */
const MINIMUM = { major: 22, minor: 19 } as const;

/**
 * True when `version` (as in `process.versions.node`, e.g. `22.19.0`; a leading `v` is allowed)
 * is at least 22.19. A version that cannot be read as `major.minor` is let through: this check
 * only exists to turn a known crash into a clear message.
 */
export function isSupportedNode(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (match === null) return true;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > MINIMUM.major || (major === MINIMUM.major && minor >= MINIMUM.minor);
}

/** Throws when `version` is older than httprx supports, naming it and what is needed. */
export function checkNodeVersion(version: string): void {
  if (isSupportedNode(version)) return;
  throw new Error(
    `httprx needs Node.js >= ${MINIMUM.major}.${MINIMUM.minor}; this is Node.js ${version}. ` +
      `Run it on Node.js ${MINIMUM.major}.${MINIMUM.minor} or later (24 LTS is current).`,
  );
}

const running: unknown = globalThis.process?.versions?.node;
if (typeof running === 'string') checkNodeVersion(running);
