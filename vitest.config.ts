import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The Angular adapter imports the package by its own name: on Node, the Node entry's source.
  resolve: {
    alias: [
      { find: /^httprx$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^httprx\/browser$/, replacement: fileURLToPath(new URL('./src/browser.ts', import.meta.url)) },
      {
        find: /^httprx\/testing$/,
        replacement: fileURLToPath(new URL('./src/node/testing.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['spec/**/*.spec.ts'],
    exclude: ['spec/browser/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // scripts/coverage/report.ts merges this with the browser suite's and applies the bar.
      reporter: ['json'],
      reportsDirectory: '.tmp/coverage/node',
      reportOnFailure: true,
    },
  },
});
