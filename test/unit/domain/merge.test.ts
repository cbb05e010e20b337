import { MAX_LINKED_CUSTOMERS } from '../../../src/domain/customer-links';
import { APP_STRING_MAX_LENGTH } from '../../../src/domain/fields';
import {
  changedSinceMerge,
  mergeFieldLabels,
  mergedFields as mergedOutcome,
  suggestedKeep,
  type MergeCandidateFacts,
  type MergeSide,
} from '../../../src/domain/merge';

/** The merged fields of a merge that must succeed. */
function mergedFields(...args: Parameters<typeof mergedOutcome>) {
  const outcome = mergedOutcome(...args);
  if (!outcome.ok) throw new Error(outcome.violations.map((violation) => violation.message).join(' '));
  return outcome.value.fields;
}

const side = (overrides: Partial<MergeSide>): MergeSide => ({
  key: 'REQ-1',
  description: null,
  customerWords: null,
  sourceChannel: null,
  duplicateCount: null,
  linkedCustomers: [],
  ...overrides,
});

test.each([
  [
    'words and channel are appended under the duplicate key',
    side({ customerWords: '误报太多' }),
    side({ key: 'REQ-9', customerWords: ' 老是误报 ', sourceChannel: 'questionnaire' }),
    '误报太多\n\nREQ-9 (questionnaire): 老是误报',
  ],
  ['the kept one had no words', side({}), side({ key: 'REQ-9', customerWords: 'export please' }), 'REQ-9: export please'],
  [
    'only a channel still records where it came from',
    side({ customerWords: 'x' }),
    side({ key: 'REQ-9', sourceChannel: 'support-ticket' }),
    'x\n\nREQ-9 (support-ticket):',
  ],
  ['nothing to append keeps the words', side({ customerWords: 'x' }), side({ key: 'REQ-9' }), 'x'],
])('%s', (_name, kept, duplicate, words) => {
  expect(mergedFields(kept, duplicate, 'kept').customerWords).toBe(words);
});

test('the channel fills only an empty one, the count adds the duplicate and what it had absorbed', () => {
  expect(
    mergedFields(
      side({ sourceChannel: 'support-ticket', duplicateCount: 2 }),
      side({ sourceChannel: 'questionnaire', duplicateCount: 1 }),
      'kept',
    ),
  ).toMatchObject({ sourceChannel: 'support-ticket', duplicateCount: 4 });
  expect(mergedFields(side({}), side({ sourceChannel: 'questionnaire' }), 'kept')).toMatchObject({
    sourceChannel: 'questionnaire',
    duplicateCount: 1,
  });
});

test('the person picks which description stays', () => {
  const kept = side({ description: { type: 'doc', content: [] } });
  const duplicate = side({ description: { type: 'doc', content: [{ type: 'paragraph' }] } });
  expect(mergedFields(kept, duplicate, 'kept').description).toBe(kept.description);
  expect(mergedFields(kept, duplicate, 'duplicate').description).toBe(duplicate.description);
});

test('an undo stops on fields edited since the merge; missing and null are the same', () => {
  const written = {
    description: { type: 'doc' },
    customerWords: 'a',
    sourceChannel: null,
    duplicateCount: 1,
    linkedCustomers: [],
  };
  expect(
    changedSinceMerge(written, { ...written, description: { type: 'doc' }, sourceChannel: undefined as unknown as null }),
  ).toEqual([]);
  expect(changedSinceMerge(written, { ...written, customerWords: 'b', duplicateCount: 2 })).toEqual([
    'customerWords',
    'duplicateCount',
  ]);
});

test('the refusal names the edited fields as the screens do, in each language', () => {
  expect(mergeFieldLabels('en')).toEqual({
    description: 'Description',
    customerWords: "Customer's original words",
    sourceChannel: expect.any(String),
    duplicateCount: 'Duplicate count',
    linkedCustomers: expect.any(String),
  });
  expect(mergeFieldLabels('zh')).toMatchObject({ description: '描述', customerWords: '客户原话', duplicateCount: '重复次数' });
});

test("the duplicate's customers join the kept one's, each once, in link order", () => {
  const merged = mergedFields(
    side({ linkedCustomers: ['CUS202405002', 'CUS202405001'] }),
    side({ key: 'REQ-9', linkedCustomers: ['CUS202405001', 'CUS202406003'] }),
    'kept',
  );
  expect(merged.linkedCustomers).toEqual(['CUS202405002', 'CUS202405001', 'CUS202406003']);
});

test('customers linked or unlinked since the merge stop an undo; a record from before links existed reads as none', () => {
  const written = {
    description: null,
    customerWords: null,
    sourceChannel: null,
    duplicateCount: 1,
    linkedCustomers: ['CUS202405001'],
  };
  expect(changedSinceMerge(written, { ...written, linkedCustomers: ['CUS202405001', 'CUS202405002'] })).toEqual([
    'linkedCustomers',
  ]);
  const older = { description: null, customerWords: null, sourceChannel: null, duplicateCount: 1 } as unknown as typeof written;
  expect(changedSinceMerge(older, { ...written, linkedCustomers: [] })).toEqual([]);
});

const customerNumber = (index: number): string =>
  `CUS2024${String(1 + Math.floor(index / 999)).padStart(2, '0')}${String((index % 999) + 1).padStart(3, '0')}`;

test(`a merge that would link more than ${MAX_LINKED_CUSTOMERS} customers is refused, naming the field and the rule`, () => {
  const kept = side({ linkedCustomers: Array.from({ length: 60 }, (_, index) => customerNumber(index)) });
  const fits = side({ key: 'REQ-9', linkedCustomers: Array.from({ length: 40 }, (_, index) => customerNumber(60 + index)) });
  expect(mergedFields(kept, fits, 'kept').linkedCustomers).toHaveLength(MAX_LINKED_CUSTOMERS);
  const tooMany = side({ key: 'REQ-9', linkedCustomers: Array.from({ length: 41 }, (_, index) => customerNumber(60 + index)) });
  expect(mergedOutcome(kept, tooMany, 'kept')).toEqual({
    ok: false,
    violations: [
      {
        field: 'linkedCustomers',
        rule: 'length',
        message: `linkedCustomers: "Linked customers" holds at most ${MAX_LINKED_CUSTOMERS} customers, as every Jira list field of an app does (the merge makes 101).`,
        params: { max: MAX_LINKED_CUSTOMERS, length: 101 },
      },
    ],
  });
});

test("merged customer's words are cut to the field's length, the duplicate's first, saying how much was left out", () => {
  const keptWords = '误'.repeat(200);
  const outcome = mergedOutcome(
    side({ customerWords: keptWords }),
    side({ key: 'REQ-9', customerWords: 'x'.repeat(100) }),
    'kept',
  );
  if (!outcome.ok) throw new Error('refused');
  const full = `${keptWords}\n\nREQ-9: ${'x'.repeat(100)}`;
  expect(outcome.value.fields.customerWords).toHaveLength(APP_STRING_MAX_LENGTH);
  expect(outcome.value.fields.customerWords).toBe(`${full.slice(0, APP_STRING_MAX_LENGTH - 1)}…`);
  expect(outcome.value.fields.customerWords!.startsWith(keptWords)).toBe(true);
  expect(outcome.value.customerWordsLeftOut).toBe(full.length - (APP_STRING_MAX_LENGTH - 1));
  expect(outcome.value.customerWordsInFull).toBe(full);
});

test('words that fit are not cut and the record needs no full copy', () => {
  const outcome = mergedOutcome(side({ customerWords: 'a' }), side({ key: 'REQ-9', customerWords: 'b' }), 'kept');
  expect(outcome).toEqual({ ok: true, value: expect.objectContaining({ customerWordsInFull: null, customerWordsLeftOut: 0 }) });
  expect(mergedOutcome(side({}), side({ key: 'REQ-9' }), 'kept')).toEqual({
    ok: true,
    value: expect.objectContaining({ fields: expect.objectContaining({ customerWords: null }), customerWordsLeftOut: 0 }),
  });
});

describe('which requirement a merge keeps by default', () => {
  const facts = (key: string, change: Partial<MergeCandidateFacts> = {}): MergeCandidateFacts => ({
    key,
    created: '2026-11-01T00:00:00.000Z',
    weightedScore: null,
    linkedCustomers: 0,
    feasibilityMarks: 0,
    duplicateCount: 0,
    ...change,
  });

  test('the one with a score, customers and marks stays open, whichever side it is', () => {
    const rich = facts('REQ-2', { weightedScore: 3.8, linkedCustomers: 2, feasibilityMarks: 3 });
    expect(suggestedKeep(facts('REQ-9', { created: '2026-12-03T00:00:00.000Z' }), rich)).toBe('other');
    expect(suggestedKeep(rich, facts('REQ-9'))).toBe('this');
  });

  test('between equally rich ones the older stays open; without dates, this one', () => {
    expect(
      suggestedKeep(
        facts('REQ-9', { created: '2026-12-03T00:00:00.000Z' }),
        facts('REQ-2', { created: '2026-11-01T00:00:00.000Z' }),
      ),
    ).toBe('other');
    expect(
      suggestedKeep(
        facts('REQ-2', { created: '2026-11-01T00:00:00.000Z' }),
        facts('REQ-9', { created: '2026-12-03T00:00:00.000Z' }),
      ),
    ).toBe('this');
    expect(suggestedKeep(facts('REQ-2', { created: null }), facts('REQ-9'))).toBe('this');
    expect(suggestedKeep(facts('REQ-2'), facts('REQ-9'))).toBe('this');
  });

  test('duplicates already absorbed count as recorded work', () => {
    expect(suggestedKeep(facts('REQ-2'), facts('REQ-9', { duplicateCount: 1 }))).toBe('other');
  });
});
