import {
  checkTagChoice,
  DEFAULT_KIND_TAGS,
  defaultKindTags,
  kindOfTag,
  KINDS,
  MAX_TAGS_PER_KIND,
  TAG_CODE_MAX_LENGTH,
  TAG_LABEL_MAX_LENGTH,
  tagLabel,
  validateKindTagLists,
  type KindTagLists,
} from '../../../src/domain/kind-tags';

const lists = (overrides: Partial<Record<string, unknown>> = {}): Record<string, unknown> => ({
  ...DEFAULT_KIND_TAGS,
  ...overrides,
});

describe('default second-level tags', () => {
  test('every kind has its own tags, and function optimisation offers UI interaction, operation flow and data output as the source documents name them', () => {
    expect(Object.keys(DEFAULT_KIND_TAGS).sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS) expect(DEFAULT_KIND_TAGS[kind].length).toBeGreaterThan(1);
    expect(DEFAULT_KIND_TAGS.optimisation.slice(0, 3).map((tag) => tag.label.zh)).toEqual(['界面交互', '操作流程', '数据输出']);
    // The worked case XY2024001 is tagged function optimisation / algorithm module.
    expect(kindOfTag(DEFAULT_KIND_TAGS, 'algorithm')).toBe('optimisation');
    expect(validateKindTagLists(DEFAULT_KIND_TAGS)).toEqual({ ok: true, value: DEFAULT_KIND_TAGS });
    expect(defaultKindTags('REQ')).toEqual({
      projectKey: 'REQ',
      tags: DEFAULT_KIND_TAGS,
      revision: 0,
      updatedBy: null,
      updatedAt: null,
    });
  });

  test('a tag is named in the language asked for, in the other one when an admin gave only one, and by its code when the list has no such tag', () => {
    const custom: KindTagLists = {
      ...DEFAULT_KIND_TAGS,
      optimisation: [
        { code: 'alarm-rules', label: { en: '', zh: '报警规则' } },
        { code: 'reports', label: { en: 'Reports', zh: '' } },
      ],
    };
    expect(tagLabel(DEFAULT_KIND_TAGS, 'ui-interaction', 'en')).toBe('UI interaction');
    expect(tagLabel(DEFAULT_KIND_TAGS, 'ui-interaction', 'zh')).toBe('界面交互');
    expect(tagLabel(custom, 'alarm-rules', 'en')).toBe('报警规则');
    expect(tagLabel(custom, 'reports', 'zh')).toBe('Reports');
    expect(tagLabel(custom, 'gone', 'zh')).toBe('gone');
  });
});

describe('a project’s tag lists as an admin edits them', () => {
  test('codes and names are trimmed; an empty list for a kind is allowed', () => {
    const result = validateKindTagLists(
      lists({ cooperation: [], optimisation: [{ code: ' alarm-rules ', label: { en: ' Alarm rules ', zh: '报警规则' } }] }),
    );
    expect(result.ok && result.value.optimisation).toEqual([
      { code: 'alarm-rules', label: { en: 'Alarm rules', zh: '报警规则' } },
    ]);
    expect(result.ok && result.value.cooperation).toEqual([]);
  });

  test('each bad tag is named by kind, position and field with its rule', () => {
    const result = validateKindTagLists(
      lists({
        optimisation: [
          { code: '', label: { en: 'No code', zh: '' } },
          { code: 'Bad Code', label: { en: 'x', zh: '' } },
          { code: 'x'.repeat(41), label: { en: 'x', zh: '' } },
          { code: 'unnamed', label: { en: ' ', zh: '' } },
          { code: 'long-name', label: { en: 'n'.repeat(41), zh: '名'.repeat(41) } },
          'not a tag',
        ],
      }),
    );
    expect(result.ok ? [] : result.violations.map((violation) => `${violation.field} ${violation.rule}`)).toEqual([
      'optimisation.0.code required',
      'optimisation.1.code syntax',
      'optimisation.2.code length',
      'optimisation.3.label required',
      'optimisation.4.label.en length',
      'optimisation.4.label.zh length',
      'optimisation.5.code required',
      'optimisation.5.label required',
    ]);
    expect(result.ok ? '' : result.violations[1]!.message).toBe(
      'optimisation.1.code: use lower-case letters, digits and hyphens, starting with a letter (got "Bad Code").',
    );
  });

  test('a code belongs to one kind only: the same code twice, in one kind or two, is refused at its second place', () => {
    const twice = validateKindTagLists(
      lists({ improvement: [...DEFAULT_KIND_TAGS.improvement, { code: 'ui-interaction', label: { en: 'UI', zh: '' } }] }),
    );
    expect(twice).toEqual({
      ok: false,
      violations: [
        {
          field: 'improvement.4.code',
          rule: 'unique',
          message: 'improvement.4.code: "ui-interaction" is already a tag of optimisation; a tag belongs to one kind.',
          params: { value: 'ui-interaction' },
        },
      ],
    });
  });

  test('the largest lists an admin may save fit one KVS value (240 KiB)', () => {
    const full = Object.fromEntries(
      KINDS.map((kind, at) => [
        kind,
        Array.from({ length: MAX_TAGS_PER_KIND }, (_, index) => ({
          code: `k${at}-${index}-`.padEnd(TAG_CODE_MAX_LENGTH, 'x'),
          label: { en: 'e'.repeat(TAG_LABEL_MAX_LENGTH), zh: '标'.repeat(TAG_LABEL_MAX_LENGTH) },
        })),
      ]),
    );
    const result = validateKindTagLists(full);
    expect(result.ok).toBe(true);
    const stored = {
      ...defaultKindTags('PROJECTKEYOFTENCHARS'),
      tags: result.ok ? result.value : DEFAULT_KIND_TAGS,
      updatedBy: 'n'.repeat(255),
      updatedAt: new Date(0).toISOString(),
    };
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(240 * 1024);
  });

  test('every kind must be given as a list, no other key is accepted, and a kind holds at most 30 tags', () => {
    const many = Array.from({ length: MAX_TAGS_PER_KIND + 1 }, (_, index) => ({
      code: `tag-${index}`,
      label: { en: `Tag ${index}`, zh: '' },
    }));
    const { cooperation: _left, ...withoutCooperation } = lists({ optimisation: many, colour: [] });
    const result = validateKindTagLists(withoutCooperation);
    expect(result.ok ? [] : result.violations.map((violation) => `${violation.field} ${violation.rule}`)).toEqual([
      'colour enum',
      'optimisation length',
      'cooperation type',
    ]);
    expect(validateKindTagLists('lists').ok).toBe(false);
  });
});

describe('a requirement’s tag', () => {
  test('no tag is always allowed; a tag of the requirement’s own kind is allowed', () => {
    expect(checkTagChoice(DEFAULT_KIND_TAGS, null, null)).toBeUndefined();
    expect(checkTagChoice(DEFAULT_KIND_TAGS, 'optimisation', 'data-output')).toBeUndefined();
  });

  test('an unknown tag, a tag without a kind and a tag of another kind are refused, naming the field and the rule', () => {
    expect(checkTagChoice(DEFAULT_KIND_TAGS, 'optimisation', 'colour')).toEqual({
      field: 'kindTag',
      rule: 'enum',
      message: 'Second-level tag: "colour" is not one of this project\'s tags.',
      params: { value: 'colour' },
    });
    expect(checkTagChoice(DEFAULT_KIND_TAGS, null, 'data-output')).toMatchObject({ field: 'kindTag', rule: 'required' });
    expect(checkTagChoice(DEFAULT_KIND_TAGS, 'new-feature', 'data-output')).toEqual({
      field: 'kindTag',
      rule: 'mismatch',
      message: 'Second-level tag: "data-output" is a tag of optimisation, not of new-feature; choose one of new-feature\'s tags.',
      params: { value: 'data-output', tagKind: 'optimisation', kind: 'new-feature' },
    });
  });

  test('a tag an admin removed from the project’s lists is refused like an unknown one', () => {
    const withoutDataOutput: KindTagLists = {
      ...DEFAULT_KIND_TAGS,
      optimisation: DEFAULT_KIND_TAGS.optimisation.filter((tag) => tag.code !== 'data-output'),
    };
    expect(checkTagChoice(withoutDataOutput, 'optimisation', 'data-output')).toMatchObject({ rule: 'enum' });
  });
});
