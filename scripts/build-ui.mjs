#!/usr/bin/env node
/**
 * Builds the Custom UI resources: every static/<surface>/src/index.tsx becomes
 * static/<surface>/build/{index.html, main.js, main.css?}. Forge serves each resource under its own
 * path, so index.html refers to its assets relatively (./main.js). Offline, production, minified.
 *
 *   node scripts/build-ui.mjs            build all surfaces
 *   node scripts/build-ui.mjs panel      build only the named surfaces
 *   node scripts/build-ui.mjs --analyze  also print what takes the space in each bundle
 *
 * Exits non-zero on any build error, a missing surface, or a bundle over the size budget.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SURFACES = ['panel', 'glance', 'matrix', 'gadget', 'admin'];
const TITLES = {
  panel: 'Requirement Triage',
  glance: 'Requirement Triage grade',
  matrix: 'Priority matrix',
  gadget: 'Requirement priorities',
  admin: 'Requirement Triage setup',
};
/** Per surface, JS + CSS after gzip. */
const BUDGET_GZIP_BYTES = 300 * 1024;

const args = process.argv.slice(2);
const analyze = args.includes('--analyze');
const requested = args.filter((arg) => !arg.startsWith('--'));
const unknown = requested.filter((name) => !SURFACES.includes(name));
if (unknown.length > 0) {
  console.error(`build-ui: unknown surface(s) ${unknown.join(', ')}; expected one of ${SURFACES.join(', ')}.`);
  process.exit(2);
}
const surfaces = requested.length > 0 ? requested : SURFACES;

function html(name, hasCss) {
  // `<head>` stays bare: the local sandbox injects its bridge script right after it.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${TITLES[name]}</title>
${hasCss ? '<link rel="stylesheet" href="./main.css">\n' : ''}</head>
<body>
<div id="root"></div>
<script type="module" src="./main.js"></script>
</body>
</html>
`;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function buildSurface(name) {
  const entry = path.join(ROOT, 'static', name, 'src', 'index.tsx');
  if (!existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} does not exist`);
  const outdir = path.join(ROOT, 'static', name, 'build');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });

  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: entry },
    outdir,
    bundle: true,
    // ES modules with splitting: Atlaskit's theme loaders use import(), and each theme then becomes
    // a lazy chunk instead of ~200 KB inlined into every bundle. Only static/shared/theme.ts may
    // load one (the dark theme, when the host marks dark mode but supplies no token styles).
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    treeShaking: true,
    sourcemap: false,
    legalComments: 'none',
    charset: 'utf8',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file' },
    assetNames: 'assets/[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    write: true,
  });
  for (const warning of result.warnings) {
    console.warn(`build-ui: ${name}: warning: ${esbuild.formatMessagesSync([warning], { kind: 'warning' }).join('').trim()}`);
  }

  const cssFile = path.join(outdir, 'main.css');
  const hasCss = existsSync(cssFile);
  writeFileSync(path.join(outdir, 'index.html'), html(name, hasCss));

  // What the page loads up front: main.js, the chunks it imports statically, and main.css.
  // Lazy chunks (dynamic import) are counted apart; they load only if something asks for them.
  const outputs = result.metafile.outputs;
  const relative = (file) => path.relative(ROOT, file);
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(relative(path.join(outdir, 'main.js')));
  if (hasCss) initial.add(relative(cssFile));
  const measure = (files) =>
    [...files].reduce(
      (total, file) => {
        const content = readFileSync(path.join(ROOT, file));
        return { raw: total.raw + content.length, gzip: total.gzip + gzipSync(content, { level: 9 }).length };
      },
      { raw: 0, gzip: 0 },
    );
  const lazyFiles = Object.keys(outputs).filter((file) => file.endsWith('.js') && !initial.has(file));
  const sizes = { initial: measure(initial), files: initial.size, lazy: measure(lazyFiles), lazyFiles: lazyFiles.length };
  return { name, sizes, metafile: result.metafile };
}

function printAnalysis({ name, metafile }) {
  const output = Object.values(metafile.outputs).find((candidate) => candidate.entryPoint);
  if (!output) return;
  const byPackage = new Map();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const match = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const key = match ? match[1] : file.split('/').slice(0, 2).join('/');
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  const top = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log(`  ${name}: largest inputs (minified, before gzip)`);
  for (const [key, bytes] of top) console.log(`    ${kb(bytes).padStart(10)}  ${key}`);
}

const started = Date.now();
const outcomes = await Promise.allSettled(surfaces.map(buildSurface));
let failed = false;
for (const [index, outcome] of outcomes.entries()) {
  const name = surfaces[index];
  if (outcome.status === 'rejected') {
    failed = true;
    const error = outcome.reason;
    const details = Array.isArray(error?.errors) && error.errors.length > 0
      ? esbuild.formatMessagesSync(error.errors, { kind: 'error' }).join('').trim()
      : String(error?.message ?? error);
    console.error(`✗ ${name}: build failed\n${details}`);
    continue;
  }
  const { sizes } = outcome.value;
  const over = sizes.initial.gzip > BUDGET_GZIP_BYTES;
  if (over) failed = true;
  console.log(
    `${over ? '✗' : '✓'} ${name.padEnd(6)} ${kb(sizes.initial.raw).padStart(9)} raw, ${kb(sizes.initial.gzip).padStart(8)} gzip` +
      ` (initial load: ${sizes.files} files)  + ${sizes.lazyFiles} lazy chunks, fetched only on demand (${kb(sizes.lazy.gzip)} gzip)` +
      (over ? `  OVER the ${kb(BUDGET_GZIP_BYTES)} gzip budget` : ''),
  );
  if (analyze) printAnalysis(outcome.value);
}
console.log(`build-ui: ${surfaces.length} surface(s) in ${Date.now() - started} ms${failed ? ', with errors' : ''}`);
process.exit(failed ? 1 : 0);
