import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RESOLVER_DEFINITIONS } from '../../../src/resolvers';

/**
 * Each resolver lives in the file named by its key's first segment, kebab-cased
 * (`keyDates.save` in key-dates.ts), so a key tells where to look.
 */
const RESOLVERS_DIR = join(__dirname, '../../../src/resolvers');
const NOT_DEFINITIONS = new Set(['guard.ts', 'index.ts']);

const fileFor = (key: string): string =>
  `${key.slice(0, key.indexOf('.')).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}.ts`;

const isDefinition = (value: unknown): value is { key: string } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { key?: unknown }).key === 'string' &&
  typeof (value as { run?: unknown }).run === 'function';

async function definitionsByFile(): Promise<{ file: string; key: string }[]> {
  const files = readdirSync(RESOLVERS_DIR).filter((file) => file.endsWith('.ts') && !NOT_DEFINITIONS.has(file));
  const modules = await Promise.all(
    files.map(async (file) => ({
      file,
      exported: Object.values((await import(join(RESOLVERS_DIR, file))) as Record<string, unknown>),
    })),
  );
  return modules.flatMap(({ file, exported }) =>
    exported.filter(isDefinition).map((definition) => ({ file, key: definition.key })),
  );
}

test('every resolver is defined in the file named by its key', async () => {
  const definitions = await definitionsByFile();
  expect(definitions.length).toBeGreaterThan(0);
  expect(definitions.filter(({ file, key }) => fileFor(key) !== file)).toEqual([]);
});

test('the resolver list names every resolver defined, each once', async () => {
  const listed = RESOLVER_DEFINITIONS.map((definition) => definition.key);
  expect(new Set(listed).size).toBe(listed.length);
  expect([...listed].sort()).toEqual((await definitionsByFile()).map(({ key }) => key).sort());
});
