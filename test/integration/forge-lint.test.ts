import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `npm test` runs Atlassian's linter on the real project (scripts/forge-lint.mjs). This proves the
 * step can fail: a copy of the project whose manifest lacks a scope that a visible call needs, and
 * a handler pointing at no file, are both reported as errors, as `forge deploy` would reject them.
 */

const ROOT = path.resolve(__dirname, '../..');
const SURFACES = ['panel', 'glance', 'matrix', 'gadget', 'admin'];

interface LintReport {
  errors: number;
  problems: { file: string; class: string; message: string; reference: string }[];
}

function lintCopy(edit: (manifest: string) => string, extraFiles: Record<string, string>): LintReport {
  const project = mkdtempSync(path.join(tmpdir(), 'rt-forge-lint-'));
  try {
    for (const folder of ['src', 'locales', 'static/assets']) cpSync(path.join(ROOT, folder), path.join(project, folder), { recursive: true });
    // The linter checks that each resource folder exists; the copy needs no real build.
    for (const surface of SURFACES) {
      mkdirSync(path.join(project, 'static', surface, 'build'), { recursive: true });
      writeFileSync(path.join(project, 'static', surface, 'build', 'index.html'), '<!doctype html>');
    }
    writeFileSync(path.join(project, 'manifest.yml'), edit(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')));
    for (const [file, text] of Object.entries(extraFiles)) writeFileSync(path.join(project, file), text);
    let output: string;
    try {
      output = execFileSync('node', [path.join(ROOT, 'scripts/forge-lint.mjs'), '--project', project, '--json'], { encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    return JSON.parse(output.trim().split('\n').pop()!) as LintReport;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

const WRITE_CALL = `import api, { route } from '@forge/api';
export async function renameIssue(key: string) {
  return api.asUser().requestJira(route\`/rest/api/3/issue/\${key}\`, { method: 'PUT', body: '{}' });
}
`;

test('forge lint reports a missing scope and a handler without a file, and nothing else in the project', () => {
  const report = lintCopy(
    (manifest) => manifest.replace(/^\s*- write:jira-work\n/m, '').replace('handler: index.onIssueEvent', 'handler: missing.onIssueEvent'),
    { 'src/rename-probe.ts': WRITE_CALL },
  );
  expect(report.problems.map((problem) => problem.reference).sort()).toEqual(['permission-scope-required', 'valid-module-required']);
  expect(report.problems.find((problem) => problem.reference === 'permission-scope-required')).toMatchObject({
    file: 'src/rename-probe.ts',
    message: expect.stringContaining('requires "write:jira-work" scope'),
  });
  expect(report.errors).toBe(2);
}, 120_000);
