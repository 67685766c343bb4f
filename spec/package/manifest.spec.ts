/**
 * What package.json, LICENSE and the README promise an app that installs httprx.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/run.ts';

interface Manifest {
  license: string;
  keywords?: string[];
  engines: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional: boolean }>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('package.json', () => {
  it('takes rxjs from the app (a peer dependency) and keeps a copy for its own development', () => {
    expect(pkg.peerDependencies).toEqual({
      '@angular/common': '>=22.0.0',
      '@angular/core': '>=22.0.0',
      rxjs: '^7.8.0',
    });
    expect(pkg.dependencies).not.toHaveProperty('rxjs');
    expect(pkg.devDependencies.rxjs).toMatch(/^\^7\.8\.\d+$/);
  });

  it('needs Angular only for httprx/angular: an optional peer', () => {
    expect(pkg.peerDependenciesMeta).toEqual({
      '@angular/common': { optional: true },
      '@angular/core': { optional: true },
    });
  });

  it('says which Node.js it needs, is MIT licensed and can be found by keyword', () => {
    expect(pkg.engines).toEqual({ node: '>=22.19' });
    expect(pkg.license).toBe('MIT');
    expect(pkg.keywords).toEqual(expect.arrayContaining(['http', 'rxjs', 'observable']));
  });

  it('publishes the build (LICENSE, README and package.json come along by themselves)', () => {
    expect(pkg.files).toEqual(['dist']);
    expect(pkg.scripts.prepack).toContain('npm run build');
    expect(pkg.scripts.docs).toContain('typedoc');
  });
});

describe('LICENSE', () => {
  it('is the MIT license of the httprx authors', () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toContain('Copyright (c) 2026 the httprx authors');
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});

describe('the README', () => {
  it('says how to install, right after the introduction', () => {
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map(([, title]) => title);
    expect(sections.slice(0, 2)).toEqual(['Install', 'Try it']);
    const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## Try it'));
    expect(install).toContain('npm i httprx rxjs');
    expect(install).toContain('Node.js 22.19 or later');
    expect(install).toContain('peer dependency');
  });

  it('ends with where the API reference comes from', () => {
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map(([, title]) => title);
    expect(sections.at(-1)).toBe('API reference');
    expect(readme.slice(readme.indexOf('## API reference'))).toContain('npm run docs');
  });
});
