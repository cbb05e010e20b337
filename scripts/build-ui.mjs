#!/usr/bin/env node
/**
 * Builds the Custom UI resources: every static/<surface>/src/index.tsx (or .ts) becomes
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
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SURFACES = ['panel', 'glance', 'matrix', 'gadget', 'admin', 'ticket'];
const TITLES = {
  panel: 'Requirement Triage',
  glance: 'Requirement Triage grade',
  matrix: 'Priority matrix',
  gadget: 'Requirement priorities',
  admin: 'Requirement Triage setup',
  ticket: 'Requirement from a ticket',
};
/**
 * Per surface, the JavaScript fetched before anything is shown (main.js and the chunks it imports
 * statically), after gzip. The glance shows one badge in Jira's issue view and loads beside the
 * panel; the panel must show its scores within a second on Jira Cloud (issue 16). CSS is reported
 * beside it.
 */
const BUDGET_JS_GZIP_BYTES = {
  glance: 40 * 1024,
  panel: 150 * 1024,
  matrix: 200 * 1024,
  gadget: 200 * 1024,
  admin: 200 * 1024,
  ticket: 200 * 1024,
};

/**
 * Atlaskit's `fg()` asks a Statsig feature-gate client only when no flag resolver is set. Every
 * surface sets one before its first render (mountSurface: every flag off), so the client (about
 * 120 KB minified with Statsig) would never run; it is replaced by a gate that is always off.
 */
const FEATURE_GATE_STUB = 'export default { checkGate: () => false };\n';
const featureGateStub = {
  name: 'feature-gate-stub',
  setup(build) {
    build.onResolve({ filter: /^@atlaskit\/feature-gate-js-client(\/.*)?$/ }, () => ({
      path: 'feature-gate-stub',
      namespace: 'rt-stub',
    }));
    build.onLoad({ filter: /.*/, namespace: 'rt-stub' }, () => ({ contents: FEATURE_GATE_STUB, loader: 'js' }));
  },
};

/**
 * `import catalogue from 'rt-messages:./messages'` gives only the catalogue entries that module
 * lists (its default export, an array of message keys), in both languages, copied at build time
 * from the catalogues in static/shared/messages/. The glance shows a few words and ships only
 * those; every surface ships the few it shows before its own catalogue has loaded
 * (static/shared/boot-messages.ts).
 */
const nodeModule = async (file) => {
  const bundled = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [file],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.css': 'empty' },
    logLevel: 'silent',
  });
  return import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
};
let catalogue;
const catalogueSubset = {
  name: 'catalogue-subset',
  setup(build) {
    build.onResolve({ filter: /^rt-messages:/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.slice('rt-messages:'.length)),
      namespace: 'rt-messages',
    }));
    build.onLoad({ filter: /.*/, namespace: 'rt-messages' }, async (args) => {
      const listFile = ['.ts', '.tsx', ''].map((extension) => args.path + extension).find((candidate) => existsSync(candidate));
      if (!listFile) return { errors: [{ text: `rt-messages: ${path.relative(ROOT, args.path)} does not exist` }] };
      catalogue ??= nodeModule(path.join(ROOT, 'static/shared/messages/all.ts')).then((module) => module.MESSAGES);
      const [messages, { default: keys }] = await Promise.all([catalogue, nodeModule(listFile)]);
      const missing = (Array.isArray(keys) ? keys : []).filter((key) => !(key in messages.en));
      if (!Array.isArray(keys) || missing.length > 0) {
        return {
          errors: [
            {
              text: `rt-messages: ${path.relative(ROOT, listFile)} must default-export catalogue keys; unknown: ${missing.join(', ')}`,
            },
          ],
        };
      }
      const pick = (language) => Object.fromEntries(keys.map((key) => [key, messages[language][key]]));
      return {
        contents: `export default ${JSON.stringify({ en: pick('en'), 'zh-CN': pick('zh-CN') })};`,
        loader: 'js',
        watchFiles: [listFile],
      };
    });
  },
};

/**
 * `token('color.text', '#292A2E')` from @atlaskit/tokens looks the CSS variable up in a map of
 * every token (about 39 KB minified) at run time. With literal arguments the answer is known at
 * build time, so the surfaces' own calls are replaced by the string token() would return, as
 * Atlaskit's Babel plugin does for its packages, and the map drops out of the bundles. An unknown
 * token fails the build; a call with other arguments is left to token().
 */
const TOKEN_NAMES = createRequire(import.meta.url)('@atlaskit/tokens/token-names').default;
const TOKEN_CALL = /\btoken\(\s*'([^'\\]+)'\s*(?:,\s*'([^'\\]*)'\s*)?\)/g;
const tokensAtBuildTime = {
  name: 'tokens-at-build-time',
  setup(build) {
    build.onLoad({ filter: /[\\/]static[\\/].*\.tsx?$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes("from '@atlaskit/tokens'")) return undefined;
      const unknown = [];
      const contents = source.replace(TOKEN_CALL, (call, name, fallback) => {
        const variable = TOKEN_NAMES[name];
        if (!variable) {
          unknown.push(name);
          return call;
        }
        return JSON.stringify(fallback ? `var(${variable}, ${fallback})` : `var(${variable})`);
      });
      if (unknown.length > 0)
        return { errors: [{ text: `unknown design token(s) ${unknown.join(', ')} in ${path.relative(ROOT, args.path)}` }] };
      return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
    });
  },
};

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
  const entry = ['index.tsx', 'index.ts']
    .map((file) => path.join(ROOT, 'static', name, 'src', file))
    .find((file) => existsSync(file));
  if (!entry) throw new Error(`static/${name}/src/index.tsx (or index.ts) does not exist`);
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
    plugins: [featureGateStub, catalogueSubset, tokensAtBuildTime],
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

  const outputs = result.metafile.outputs;
  const relative = (file) => path.relative(ROOT, file);
  const mainJs = relative(path.join(outdir, 'main.js'));
  attachLazyStyles(outputs, mainJs, hasCss ? readFileSync(cssFile, 'utf8') : '');

  // What the page loads up front: main.js, the chunks it imports statically, and main.css.
  // Lazy chunks (dynamic import) are counted apart; they load only if something asks for them.
  const initial = new Set();
  const visit = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(mainJs);
  const measure = (files) =>
    [...files].reduce(
      (total, file) => {
        const content = readFileSync(path.join(ROOT, file));
        return { raw: total.raw + content.length, gzip: total.gzip + gzipSync(content, { level: 9 }).length };
      },
      { raw: 0, gzip: 0 },
    );
  const lazyFiles = Object.keys(outputs).filter((file) => file.endsWith('.js') && !initial.has(file));
  // The catalogues of one language (static/shared/messages/<language>/): fetched before the first
  // render, after the Forge context has said which language; the other language is never fetched.
  const messagesOf = (language) =>
    measure(
      lazyFiles.filter((file) =>
        Object.keys(outputs[file].inputs).some((input) => input.startsWith(`static/shared/messages/${language}/`)),
      ),
    );
  const sizes = {
    messages: { en: messagesOf('en'), 'zh-CN': messagesOf('zh-CN') },
    js: measure(initial),
    files: initial.size,
    css: hasCss ? measure([relative(cssFile)]) : { raw: 0, gzip: 0 },
    lazy: measure(lazyFiles),
    lazyFiles: lazyFiles.length,
  };
  return { name, sizes, metafile: result.metafile, initial };
}

/** The top-level rules and at-rules of a stylesheet, as written. */
function cssBlocks(css) {
  const blocks = [];
  let depth = 0;
  let start = 0;
  let quote = null;
  for (let index = 0; index < css.length; index += 1) {
    const character = css[index];
    if (quote) {
      if (character === '\\') index += 1;
      else if (character === quote) quote = null;
    } else if (character === '"' || character === "'") quote = character;
    else if (character === '{') depth += 1;
    else if (character === '}' && --depth === 0) {
      blocks.push(css.slice(start, index + 1).trim());
      start = index + 1;
    } else if (character === ';' && depth === 0) {
      blocks.push(css.slice(start, index + 1).trim());
      start = index + 1;
    }
  }
  return blocks.filter(Boolean);
}

/**
 * esbuild writes the CSS a lazily imported module needs beside its chunk but leaves loading it to
 * the app. Each such chunk gets a first statement that adds its stylesheet (a relative URL inside
 * the resource, as Custom UI requires) and waits for it, so a section never renders unstyled; a
 * stylesheet that fails to load is logged and the section still renders. Rules main.css already
 * has are dropped from the chunk's stylesheet.
 */
function attachLazyStyles(outputs, mainJs, mainCss) {
  const loaded = new Set(cssBlocks(mainCss));
  for (const [file, output] of Object.entries(outputs)) {
    if (file === mainJs || !output.cssBundle || !file.endsWith('.js')) continue;
    const cssPath = path.join(ROOT, output.cssBundle);
    const rules = cssBlocks(readFileSync(cssPath, 'utf8')).filter((rule) => !loaded.has(rule));
    if (rules.length === 0) {
      rmSync(cssPath);
      continue;
    }
    writeFileSync(cssPath, rules.join(''));
    const href = `./${path.relative(path.dirname(file), output.cssBundle)}`;
    const loader =
      `await new Promise((done)=>{const link=document.createElement("link");link.rel="stylesheet";` +
      `link.href=new URL(${JSON.stringify(href)},import.meta.url).href;link.onload=()=>done();` +
      `link.onerror=()=>{console.warn("Requirement Triage: "+link.href+" did not load.");done()};document.head.append(link)});\n`;
    const jsPath = path.join(ROOT, file);
    writeFileSync(jsPath, loader + readFileSync(jsPath, 'utf8'));
  }
}

function printAnalysis({ name, metafile, initial }) {
  const byPackage = new Map();
  for (const file of initial) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]?.inputs ?? {})) {
      const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const key = match ? match[1] : input.split('/').slice(0, 3).join('/');
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  const top = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`  ${name}: largest inputs of the initial load (minified, before gzip)`);
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
    const details =
      Array.isArray(error?.errors) && error.errors.length > 0
        ? esbuild.formatMessagesSync(error.errors, { kind: 'error' }).join('').trim()
        : String(error?.message ?? error);
    console.error(`✗ ${name}: build failed\n${details}`);
    continue;
  }
  const { sizes } = outcome.value;
  const budget = BUDGET_JS_GZIP_BYTES[name];
  const over = sizes.js.gzip > budget;
  if (over) failed = true;
  console.log(
    `${over ? '✗' : '✓'} ${name.padEnd(6)} JS ${kb(sizes.js.gzip).padStart(8)} gzip of ${kb(budget)} (${kb(sizes.js.raw)} raw, ${sizes.files} files)` +
      ` + CSS ${kb(sizes.css.gzip)} gzip; lazy, fetched only when shown: ${sizes.lazyFiles} chunks, ${kb(sizes.lazy.gzip)} gzip` +
      (sizes.messages.en.gzip > 0
        ? `; messages in one language before the first render: en ${kb(sizes.messages.en.gzip)}, zh-CN ${kb(sizes.messages['zh-CN'].gzip)} gzip`
        : '') +
      (over ? `  OVER the ${kb(budget)} JS budget` : ''),
  );
  if (analyze) printAnalysis(outcome.value);
}
console.log(`build-ui: ${surfaces.length} surface(s) in ${Date.now() - started} ms${failed ? ', with errors' : ''}`);
process.exit(failed ? 1 : 0);
