import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ProcessorBuilder, ValidationTypes } from '@forge/manifest';
import { parse } from 'yaml';
import { evaluateValidation, parseJiraExpression } from '../../sandbox/jira/expressions';
import {
  APP_STRING_MAX_LENGTH,
  INPUT_FIELDS,
  RECORD_FIELDS,
  REQUIREMENT_FIELDS,
  type RequirementFieldDefinition,
} from '../../src/domain/fields';
import { MAX_SCALE_BOUND } from '../../src/domain/framework';
import * as entry from '../../src/index';

const root = path.resolve(__dirname, '../..');
const manifestPath = path.join(root, 'manifest.yml');

interface Manifest {
  modules: Record<
    string,
    {
      key: string;
      function?: string;
      resource?: string;
      type?: string;
      collection?: string;
      readOnly?: boolean;
      name?: { i18n: string };
      events?: string[];
      validation?: unknown;
      edit?: { validation?: { expression: string } };
    }[]
  >;
  resources: { key: string; path: string }[];
  permissions: { scopes: string[] };
  translations: { resources: { key: string; path: string }[] };
  app: { runtime: { name: string } };
}

const manifest = parse(readFileSync(manifestPath, 'utf8')) as Manifest;
const customFields = manifest.modules['jira:customField']!;

/**
 * What @forge/manifest accepts but Jira would not evaluate, or the sandbox could not: a validation
 * outside `edit.validation` (the only place the jira:customField page documents), or an expression
 * the sandbox's Jira expression evaluator does not support (it would otherwise pass unchecked).
 */
function unevaluatedValidations(): string[] {
  return customFields.flatMap((field) => {
    if (field.validation !== undefined) return [`${field.key}: validation must be edit.validation, where Jira evaluates it`];
    const expression = field.edit?.validation?.expression;
    if (expression === undefined) return [];
    try {
      parseJiraExpression(expression);
      return [];
    } catch (error) {
      return [`${field.key}: ${(error as Error).message}`];
    }
  });
}

const validationOf = (moduleKey: string) =>
  parseJiraExpression(customFields.find((field) => field.key === moduleKey)!.edit!.validation!.expression);
const accepts = (moduleKey: string, value: unknown): boolean =>
  evaluateValidation(validationOf(moduleKey), { value, fieldId: 'customfield_10000' }, 'refused').valid;

describe('manifest.yml', () => {
  // Resource folders must hold a built index.html: `npm test` builds the UI before running this.
  test.each([ValidationTypes.FULL, ValidationTypes.PRODUCT_TRIGGER])(
    'passes @forge/manifest %s validation with no errors or warnings',
    async (type) => {
      const processor = ProcessorBuilder.instance().withValidation(type).build();
      const result = await processor.process(manifestPath);
      const problems = [
        ...(result.errors ?? []).map((problem) => `${problem.level}: ${problem.message}`),
        ...unevaluatedValidations(),
      ];
      expect(problems).toEqual([]);
      expect(result.success).toBe(true);
    },
    60_000,
  );

  test('runs on nodejs22.x', () => {
    expect(manifest.app.runtime.name).toBe('nodejs22.x');
  });

  test('every function handler is an export of src/index.ts, and every export is used', () => {
    const handlers = manifest.modules.function!.map((fn) =>
      (fn as unknown as { handler: string }).handler.replace(/^index\./, ''),
    );
    expect(handlers.sort()).toEqual(Object.keys(entry).sort());
  });

  // Record fields come last so the scoring fields keep the ids Jira gave them on earlier installs.
  const APP_FIELDS: readonly RequirementFieldDefinition[] = [...REQUIREMENT_FIELDS, ...RECORD_FIELDS];

  test('declares one custom field per Requirement field, computed ones and the duplicate count read-only', () => {
    const fields = manifest.modules['jira:customField']!;
    expect(fields.map((field) => field.key)).toEqual(APP_FIELDS.map((field) => field.moduleKey));
    for (const definition of APP_FIELDS) {
      const field = fields.find((candidate) => candidate.key === definition.moduleKey)!;
      expect({ key: field.key, type: field.type, collection: field.collection, readOnly: field.readOnly === true }).toEqual({
        key: definition.moduleKey,
        type: definition.type,
        collection: definition.collection,
        readOnly: definition.kind === 'computed' || definition.readOnly === true,
      });
    }
  });

  test('an enumerated record field accepts exactly its codes', () => {
    for (const definition of RECORD_FIELDS.filter((field) => 'values' in field)) {
      const expression = customFields.find((field) => field.key === definition.moduleKey)!.edit!.validation!.expression;
      const list = /\[(.*)\]\.includes\(value\)/.exec(expression)![1]!;
      expect(list.split(',').map((code) => code.replace(/'/g, ''))).toEqual(definition.values);
    }
  });

  test('a validation Jira would not evaluate, or the sandbox cannot, is caught', () => {
    expect(unevaluatedValidations()).toEqual([]);
    // The check itself: an unsupported expression is refused, not evaluated loosely.
    expect(() => parseJiraExpression("value == null || user.groups().includes('field-editors')")).toThrow(/not supported/);
  });

  test('Jira accepts on a score input every whole number a framework scale may use, and nothing else', () => {
    for (const field of INPUT_FIELDS.filter((candidate) => candidate.type === 'number')) {
      expect([null, 0, 1, 7, MAX_SCALE_BOUND].map((value) => accepts(field.moduleKey, value))).toEqual([
        true,
        true,
        true,
        true,
        true,
      ]);
      expect([-1, 2.5, MAX_SCALE_BOUND + 1, '3'].map((value) => accepts(field.moduleKey, value))).toEqual([
        false,
        false,
        false,
        false,
      ]);
    }
  });

  test("the Won't-have reason is held to the string field's length", () => {
    expect(accepts('rt-wont-reason', 'x'.repeat(APP_STRING_MAX_LENGTH))).toBe(true);
    expect(accepts('rt-wont-reason', 'x'.repeat(APP_STRING_MAX_LENGTH + 1))).toBe(false);
    expect(accepts('rt-moscow', "Won't")).toBe(true);
    expect(accepts('rt-moscow', 'Maybe')).toBe(false);
  });

  test('field names in en-US and zh-CN match the catalogue', () => {
    const catalogue = (locale: string) =>
      JSON.parse(
        readFileSync(path.join(root, manifest.translations.resources.find((resource) => resource.key === locale)!.path), 'utf8'),
      ) as Record<string, string>;
    const [en, zh] = [catalogue('en-US'), catalogue('zh-CN')];
    for (const definition of APP_FIELDS) {
      const key = manifest.modules['jira:customField']!.find((field) => field.key === definition.moduleKey)!.name!.i18n;
      expect([en[key], zh[key]]).toEqual([definition.label.en, definition.label.zh]);
    }
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  test('the trigger listens to issue created and updated', () => {
    expect(manifest.modules.trigger![0]!.events).toEqual([
      'avi:jira:created:issue',
      'avi:jira:updated:issue',
      'avi:jira:deleted:issue',
    ]);
  });

  // The scopes are checked against the Jira calls the code makes in manifest-scopes.test.ts.
});
