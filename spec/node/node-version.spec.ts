import { describe, expect, it } from 'vitest';
import { checkNodeVersion, isSupportedNode } from '../../src/node/node-version.ts';

describe('isSupportedNode', () => {
  it.each([
    ['22.19.0', true],
    ['22.19.1', true],
    ['22.20.0', true],
    ['23.0.0', true],
    ['24.21.0', true],
    ['26.1.0', true],
    ['v24.0.0', true],
    ['22.19.0-nightly20260101', true],
    ['22.18.0', false],
    ['22.18.99', false],
    ['22.9.0', false],
    ['22.0.0', false],
    ['21.99.0', false],
    ['20.20.2', false],
    ['18.20.8', false],
    ['v20.20.2', false],
  ])('%s → %s', (version, supported) => {
    expect(isSupportedNode(version)).toBe(supported);
  });

  it('lets a version it cannot read through (the check only turns a known crash into a message)', () => {
    expect(isSupportedNode('')).toBe(true);
    expect(isSupportedNode('unknown')).toBe(true);
  });
});

describe('checkNodeVersion', () => {
  it('names the version that runs and the one needed', () => {
    expect(() => checkNodeVersion('20.20.2')).toThrow(
      'httprx needs Node.js >= 22.19; this is Node.js 20.20.2. Run it on Node.js 22.19 or later (24 LTS is current).',
    );
    expect(() => checkNodeVersion('22.18.0')).toThrow(/this is Node\.js 22\.18\.0\./);
  });

  it('returns quietly on a version new enough', () => {
    expect(checkNodeVersion('22.19.0')).toBeUndefined();
    expect(checkNodeVersion(process.versions.node)).toBeUndefined();
  });
});
