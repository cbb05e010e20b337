import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { CATALOGUES, MESSAGES } from '../../../static/shared/messages/all';
import type { CatalogueName } from '../../../static/shared/messages';
import { loadMessages as loadAdmin } from '../../../static/admin/src/messages';
import { loadMessages as loadGadget } from '../../../static/gadget/src/messages';
import { loadMessages as loadMatrix } from '../../../static/matrix/src/messages';
import { loadMessages as loadPanel } from '../../../static/panel/src/messages';
import { loadMessages as loadTicket } from '../../../static/ticket/src/messages';
import GLANCE_MESSAGES from '../../../static/glance/src/messages';
import BOOT_MESSAGES from '../../../static/shared/boot-messages';

const ROOT = path.resolve(__dirname, '../../..');
const ALL_KEYS = Object.keys(MESSAGES.en);

/** The source folders each surface bundles; the project page's subpages are folders of their own. */
const SURFACES = {
  panel: { folders: ['static/panel/src'], load: loadPanel },
  matrix: { folders: ['static/matrix/src', 'static/customers/src', 'static/intake/src'], load: loadMatrix },
  // The report gadgets draw their tables with the Reports page's modules.
  gadget: {
    folders: ['static/gadget/src', 'static/matrix/src/report-tables.ts', 'static/matrix/src/ReportNumbers.tsx'],
    load: loadGadget,
  },
  admin: { folders: ['static/admin/src'], load: loadAdmin },
  ticket: { folders: ['static/ticket/src'], load: loadTicket },
} as const;

const sourceFiles = (folder: string): string[] =>
  /\.tsx?$/.test(folder)
    ? [folder]
    : readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? sourceFiles(path.join(folder, entry.name))
          : /\.tsx?$/.test(entry.name)
            ? [path.join(folder, entry.name)]
            : [],
      );

/**
 * The message keys a file names: a string that is a key, a plural base (`common.days` for
 * `common.days.one`), or the fixed start of a template (`closure.${step}`) that begins keys.
 */
function keysNamedIn(file: string): { exact: Set<string>; prefixes: Set<string> } {
  const source = ts.createSourceFile(
    file,
    readFileSync(path.join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.includes('.')) {
      if (ALL_KEYS.includes(node.text)) exact.add(node.text);
      else if (ALL_KEYS.some((key) => key.startsWith(`${node.text}.`))) prefixes.add(`${node.text}.`);
    } else if (
      ts.isTemplateExpression(node) &&
      node.head.text.includes('.') &&
      ALL_KEYS.some((key) => key.startsWith(node.head.text))
    ) {
      prefixes.add(node.head.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { exact, prefixes };
}

const keysOf = (names: readonly CatalogueName[]) => new Set(names.flatMap((name) => Object.keys(CATALOGUES[name].en)));
const namesOf = (modules: readonly { default: object }[]) =>
  modules.map((module) =>
    (Object.keys(CATALOGUES) as CatalogueName[]).find(
      (name) => CATALOGUES[name].en === module.default || CATALOGUES[name]['zh-CN'] === module.default,
    ),
  );

describe('message catalogues', () => {
  test.each(Object.keys(CATALOGUES) as CatalogueName[])(
    '%s has the same keys in English and Chinese, each a non-empty text',
    (name) => {
      const { en, 'zh-CN': zh } = CATALOGUES[name];
      expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
      expect(Object.entries({ ...en, ...zh }).filter(([, text]) => typeof text !== 'string' || text.trim() === '')).toEqual([]);
    },
  );

  test('no key is in two catalogues', () => {
    const seen = new Map<string, CatalogueName>();
    const twice: string[] = [];
    for (const name of Object.keys(CATALOGUES) as CatalogueName[]) {
      for (const key of Object.keys(CATALOGUES[name].en)) {
        if (seen.has(key)) twice.push(`${key} (${seen.get(key)}, ${name})`);
        seen.set(key, name);
      }
    }
    expect(twice).toEqual([]);
  });

  test.each(Object.entries(SURFACES))(
    'the %s loads common and its own catalogues in one language only',
    async (_surface, { load }) => {
      const english = namesOf(await load('en'));
      const chinese = namesOf(await load('zh-CN'));
      expect(english).toContain('common');
      expect(chinese).toEqual(english);
      const modules = await load('zh-CN');
      expect(
        modules.every((module) => Object.values(CATALOGUES).some((catalogue) => catalogue['zh-CN'] === module.default)),
      ).toBe(true);
    },
  );

  test.each(Object.entries(SURFACES))(
    'every key the %s names is in a catalogue it loads',
    async (_surface, { folders, load }) => {
      const loaded = keysOf(namesOf(await load('en')) as CatalogueName[]);
      const missing: string[] = [];
      for (const file of folders.flatMap(sourceFiles)) {
        const { exact, prefixes } = keysNamedIn(file);
        for (const key of exact) if (!loaded.has(key)) missing.push(`${file}: ${key}`);
        for (const prefix of prefixes)
          if (![...loaded].some((key) => key.startsWith(prefix))) missing.push(`${file}: ${prefix}…`);
      }
      expect(missing).toEqual([]);
    },
  );

  test('every key static/shared names is in the common catalogue', () => {
    const common = keysOf(['common']);
    const missing: string[] = [];
    for (const file of sourceFiles('static/shared').filter((file) => !file.includes(`${path.sep}messages${path.sep}`))) {
      const { exact, prefixes } = keysNamedIn(file);
      for (const key of exact) if (!common.has(key)) missing.push(`${file}: ${key}`);
      for (const prefix of prefixes) if (![...common].some((key) => key.startsWith(prefix))) missing.push(`${file}: ${prefix}…`);
    }
    expect(missing).toEqual([]);
  });

  test.each([
    ['the glance', GLANCE_MESSAGES],
    ['every surface before its catalogues load', BOOT_MESSAGES],
  ] as const)('the words %s ships are catalogue keys', (_who, keys) => {
    expect(keys.filter((key) => !ALL_KEYS.includes(key))).toEqual([]);
  });
});
