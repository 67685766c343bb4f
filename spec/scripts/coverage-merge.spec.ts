/** The coverage merge: by line and by branch arm, over the Node report's lines. */
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { mergeByLine, percent, sum } from '../../scripts/coverage/merge.ts';

const at = (line: number, column = 0) => ({ start: { line, column }, end: { line, column: column + 5 } });

/** A file's report: statements on `lines` with their counts, and branches by line with their arms' counts. */
function file(
  path: string,
  statements: Record<number, number>,
  branches: Record<number, number[]> = {},
): FileCoverageData {
  const entries = Object.entries(statements);
  const branchEntries = Object.entries(branches);
  return {
    path,
    statementMap: Object.fromEntries(entries.map(([line], id) => [id, at(Number(line))])),
    s: Object.fromEntries(entries.map(([, count], id) => [id, count])),
    fnMap: {},
    f: {},
    branchMap: Object.fromEntries(
      branchEntries.map(([line, arms], id) => [
        id,
        {
          loc: at(Number(line)),
          type: 'if',
          locations: arms.map(() => at(Number(line))),
          line: Number(line),
        },
      ]),
    ),
    b: Object.fromEntries(branchEntries.map(([, arms], id) => [id, arms])),
  } as FileCoverageData;
}

describe('the coverage merge', () => {
  it('counts a line covered when either suite ran it, over the Node report’s lines', () => {
    const node = { '/a.ts': file('/a.ts', { 1: 1, 2: 0, 3: 0, 4: 0 }) };
    // The browser ran lines 2 and 3 (line 3 twice over, as two statements), and a line 9 Node does not list.
    const browser = { '/a.ts': file('/a.ts', { 2: 3, 3: 1, 9: 1 }) };
    expect(mergeByLine(node, browser).get('/a.ts')).toEqual({ lines: 4, covered: 3, arms: 0, taken: 0 });
  });

  it('takes a branch arm as taken when either suite took it', () => {
    const node = { '/b.ts': file('/b.ts', { 1: 1 }, { 1: [1, 0], 5: [0, 0] }) };
    const browser = { '/b.ts': file('/b.ts', { 1: 1 }, { 1: [0, 2], 5: [0, 0] }) };
    expect(mergeByLine(node, browser).get('/b.ts')).toEqual({ lines: 1, covered: 1, arms: 4, taken: 2 });
  });

  it('keeps a file the browser never loaded as Node saw it, and sums rows', () => {
    const node = { '/c.ts': file('/c.ts', { 1: 0, 2: 1 }), '/d.ts': file('/d.ts', { 1: 1 }) };
    const rows = mergeByLine(node, {});
    const total = sum(rows.values());
    expect(total).toEqual({ lines: 3, covered: 2, arms: 0, taken: 0 });
    expect(percent(total.covered, total.lines)).toBeCloseTo(66.67, 2);
    expect(percent(0, 0)).toBe(100);
  });
});
