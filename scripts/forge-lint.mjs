/**
 * Runs Atlassian's Forge linter (`@forge/lint`, what `forge lint` and `forge deploy` run) offline:
 * the manifest checks, the handler checks and the scope check of every REST path the code calls.
 *
 *   node scripts/forge-lint.mjs [--project folder] [--json]
 *
 * --project lints another folder holding a manifest.yml and src/ (the tests lint broken copies);
 * the linter reads the manifest from the folder it runs in, as `forge lint` does.
 *
 * `forge lint` itself needs an Atlassian login, so this calls the library the CLI uses, in its
 * client-side mode, with the Jira OpenAPI spec from test/fixtures (the linter would download it).
 * The linter lives in tools/forge-lint with its own lockfile and is installed on first use without
 * install scripts: its keytar dependency only stores login tokens and needs libsecret to build.
 * Exits 1 when the linter reports an error.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TOOL = path.join(ROOT, 'tools', 'forge-lint');

function argument(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function installLinterOnce() {
  if (existsSync(path.join(TOOL, 'node_modules', '@forge', 'lint', 'package.json'))) return;
  console.log('Installing @forge/lint into tools/forge-lint (first run)…');
  execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: TOOL, stdio: 'inherit' });
}

/** The linter reads every product's spec; only Jira's matters to this app, the others are empty. */
function pointAtLocalSpecs() {
  const empty = path.join(mkdtempSync(path.join(tmpdir(), 'forge-lint-')), 'no-paths.json');
  writeFileSync(empty, '{"paths":{}}');
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: path.join(ROOT, 'test', 'fixtures', 'jira-openapi', 'swagger-v3.v3.json'),
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_JSW_SWAGGER: empty,
    LOCAL_CONF_SWAGGER: empty,
    LOCAL_CONF_V2_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  });
}

function sourceFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

/** Feature gates are Atlassian's remote flags; offline every gate is off and no runtime is deprecated. */
const offlineFeatureGates = new Proxy(
  { getDeprecatedRuntimes: async () => [] },
  { get: (target, name) => (name in target ? target[name] : async () => false) },
);

async function main() {
  installLinterOnce();
  pointAtLocalSpecs();
  const require = createRequire(path.join(TOOL, 'package.json'));
  const { lint, reportLintResults, problemCount } = require('@forge/lint');
  const { parse } = require('yaml');
  const project = path.resolve(argument('--project') ?? ROOT);
  const manifest = parse(readFileSync(path.join(project, 'manifest.yml'), 'utf8'));
  // Some of the linter's checks read manifest.yml, resources and handlers from the working directory.
  process.chdir(project);
  // A linter that throws only logs a warning and then counts nothing: that check never ran, so the
  // run fails here (a call named like requestJira that is not one stops the whole scope check).
  const skipped = [];
  const logger = {
    info: (line) => {
      if (/could not perform some linting actions/i.test(line)) skipped.push(line.replace(/\u001b\[[0-9;]*m/g, '').trim());
      console.log(line);
    },
  };
  const results = await lint(sourceFiles('src'), manifest, 'development', logger, offlineFeatureGates, {
    linter: { mode: 'client-side' },
  });
  const counted = problemCount(results);
  const counts = { ...counted, errors: counted.errors + skipped.length, skipped };
  if (process.argv.includes('--json')) {
    const problems = results.flatMap((result) =>
      [...result.errors, ...result.warnings].map((rule) => ({
        file: result.file,
        class: rule.class,
        message: rule.message,
        reference: rule.reference,
      })),
    );
    console.log(JSON.stringify({ ...counts, problems }));
  } else {
    reportLintResults(logger, results);
    console.log(
      `forge lint: ${counts.errors} errors, ${counts.warnings} warnings${skipped.length ? ` (${skipped.length} linter(s) did not run)` : ''}`,
    );
  }
  process.exitCode = counts.errors > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
