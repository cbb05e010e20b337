import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `npm test` runs Atlassian's linter on the real project (scripts/forge-lint.mjs). These prove the
 * step can fail: copies of the project whose manifest lacks a scope the client's calls need, or a
 * handler pointing at no file, are reported as `forge deploy` would reject them.
 */

const ROOT = path.resolve(__dirname, '../..');
const SURFACES = ['panel', 'glance', 'matrix', 'gadget', 'admin'];

interface LintReport {
  errors: number;
  skipped: string[];
  problems: { file: string; class: string; message: string; reference: string }[];
}

function lintCopy(edit: (manifest: string) => string, extraFiles: Record<string, string>): LintReport {
  const project = mkdtempSync(path.join(tmpdir(), 'rt-forge-lint-'));
  try {
    for (const folder of ['src', 'locales', 'static/assets'])
      cpSync(path.join(ROOT, folder), path.join(project, folder), { recursive: true });
    // The linter checks that each resource folder exists; the copy needs no real build.
    for (const surface of SURFACES) {
      mkdirSync(path.join(project, 'static', surface, 'build'), { recursive: true });
      writeFileSync(path.join(project, 'static', surface, 'build', 'index.html'), '<!doctype html>');
    }
    writeFileSync(path.join(project, 'manifest.yml'), edit(readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8')));
    for (const [file, text] of Object.entries(extraFiles)) writeFileSync(path.join(project, file), text);
    let output: string;
    try {
      output = execFileSync('node', [path.join(ROOT, 'scripts/forge-lint.mjs'), '--project', project, '--json'], {
        encoding: 'utf8',
      });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    return JSON.parse(output.trim().split('\n').pop()!) as LintReport;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

test('forge lint reads every Jira call of the client: without write:jira-work it names each write, and a handler without a file', () => {
  const report = lintCopy(
    (manifest) =>
      manifest.replace(/^\s*- write:jira-work\n/m, '').replace('handler: index.onIssueEvent', 'handler: missing.onIssueEvent'),
    {},
  );
  const scopeErrors = report.problems.filter((problem) => problem.reference === 'permission-scope-required');
  expect(scopeErrors.map((problem) => problem.file)).toEqual(expect.arrayContaining(['src/jira/client.ts']));
  expect(scopeErrors.map((problem) => problem.message)).toEqual(
    expect.arrayContaining([
      'Jira endpoint: PUT /rest/api/3/issue/{issueIdOrKey} requires "write:jira-work" scope',
      'Jira endpoint: POST /rest/api/3/issue/{issueIdOrKey}/transitions requires "write:jira-work" scope',
      'Jira endpoint: POST /rest/api/3/issue/{issueIdOrKey}/comment requires "write:jira-work" scope',
    ]),
  );
  expect(report.problems.filter((problem) => problem.reference === 'valid-module-required')).toHaveLength(1);
  expect(report.skipped).toEqual([]);
}, 120_000);

test('forge lint fails when one of its linters could not run (a call named like requestJira that is not one)', () => {
  const report = lintCopy((manifest) => manifest, {
    'src/lint-probe.ts':
      'export class Probe {\n  private requestJiraLater(): void {}\n  run(): void {\n    this.requestJiraLater();\n  }\n}\n',
  });
  expect(report.skipped).toEqual([expect.stringContaining('PermissionLinter')]);
  expect(report.errors).toBeGreaterThanOrEqual(1);
}, 120_000);
