/**
 * An esbuild plugin that instruments the library's own sources (src/**\/*.ts) with istanbul
 * as the browser suite bundles them, so the run leaves `window.__coverage__`, which karma
 * hands to karma-coverage's reporter. The TypeScript is instrumented as it is (babel keeps the
 * types for esbuild to strip), so the coverage names the source's own lines.
 */
import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Plugin } from 'esbuild';
import { createInstrumenter } from 'istanbul-lib-instrument';

export function instrumentSources(root: string): Plugin {
  const sources = join(root, 'src') + sep;
  const instrumenter = createInstrumenter({
    esModules: true,
    produceSourceMap: false,
    parserPlugins: ['typescript', 'importAttributes', 'explicitResourceManagement'],
  });
  return {
    name: 'istanbul-sources',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(sources)) return undefined;
        const code = await readFile(args.path, 'utf8');
        return { contents: instrumenter.instrumentSync(code, args.path), loader: 'ts' };
      });
    },
  };
}
