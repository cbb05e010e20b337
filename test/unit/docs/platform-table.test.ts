import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * docs/PLATFORM.md promises a test for every platform contract. Each row's last cell names a test
 * file and, in quotes, part of a test's name; this keeps the promise true as tests move or change.
 */

const ROOT = path.resolve(__dirname, '../../..');
const TEST_CELL = /^`(test\/[^`]+\.test\.ts)`\s+"([^"]+)"$/;

interface ContractRow {
  contract: string;
  testCell: string;
}

function contractRows(markdown: string): ContractRow[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Contract ') && !/^\|[-| ]+\|$/.test(line))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim());
      return { contract: cells[0] ?? '', testCell: cells[cells.length - 1] ?? '' };
    });
}

/** True when the file declares a test or describe block whose name contains the words. */
function declaresTest(source: string, words: string): boolean {
  const names = [...source.matchAll(/\b(?:test|it|describe)(?:\.each\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs)].map(
    (match) => match[2],
  );
  return names.some((name) => name?.includes(words) ?? false);
}

const rows = contractRows(readFileSync(path.join(ROOT, 'docs/PLATFORM.md'), 'utf8'));

test('docs/PLATFORM.md lists platform contracts', () => {
  expect(rows.length).toBeGreaterThanOrEqual(1);
});

test.each(rows.map((row) => [row.contract, row.testCell]))('%s: its test exists', (_contract, testCell) => {
  const match = TEST_CELL.exec(testCell);
  expect(match).not.toBeNull();
  const [, file = '', words = ''] = match ?? [];
  expect(existsSync(path.join(ROOT, file))).toBe(true);
  expect(declaresTest(readFileSync(path.join(ROOT, file), 'utf8'), words)).toBe(true);
});

test('the checker refuses a row whose test is missing', () => {
  const [fake] = contractRows('| X | docs | emu | app | `test/unit/docs/platform-table.test.ts` "no such test name" |');
  const words = TEST_CELL.exec(fake?.testCell ?? '')?.[2];
  expect(words).toBe('no such test name');
  expect(declaresTest(readFileSync(__filename, 'utf8'), words ?? '')).toBe(false);
  expect(declaresTest(readFileSync(__filename, 'utf8'), 'the checker refuses')).toBe(true);
});
