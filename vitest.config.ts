import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The Angular adapter imports the package by its own name: on Node, the Node entry's source.
  resolve: { alias: { httprx: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['spec/**/*.spec.ts'],
    exclude: ['spec/browser/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
