import { changedSinceMerge, mergedFields, type MergeSide } from '../../../src/domain/merge';

const side = (overrides: Partial<MergeSide>): MergeSide => ({ key: 'REQ-1', description: null, customerWords: null, sourceChannel: null, duplicateCount: null, linkedCustomers: [], ...overrides });

test.each([
  ['words and channel are appended under the duplicate key', side({ customerWords: '误报太多' }), side({ key: 'REQ-9', customerWords: ' 老是误报 ', sourceChannel: 'questionnaire' }), '误报太多\n\nREQ-9 (questionnaire): 老是误报'],
  ['the kept one had no words', side({}), side({ key: 'REQ-9', customerWords: 'export please' }), 'REQ-9: export please'],
  ['only a channel still records where it came from', side({ customerWords: 'x' }), side({ key: 'REQ-9', sourceChannel: 'support-ticket' }), 'x\n\nREQ-9 (support-ticket):'],
  ['nothing to append keeps the words', side({ customerWords: 'x' }), side({ key: 'REQ-9' }), 'x'],
])('%s', (_name, kept, duplicate, words) => {
  expect(mergedFields(kept, duplicate, 'kept').customerWords).toBe(words);
});

test('the channel fills only an empty one, the count adds the duplicate and what it had absorbed', () => {
  expect(mergedFields(side({ sourceChannel: 'support-ticket', duplicateCount: 2 }), side({ sourceChannel: 'questionnaire', duplicateCount: 1 }), 'kept')).toMatchObject({ sourceChannel: 'support-ticket', duplicateCount: 4 });
  expect(mergedFields(side({}), side({ sourceChannel: 'questionnaire' }), 'kept')).toMatchObject({ sourceChannel: 'questionnaire', duplicateCount: 1 });
});

test('the person picks which description stays', () => {
  const kept = side({ description: { type: 'doc', content: [] } });
  const duplicate = side({ description: { type: 'doc', content: [{ type: 'paragraph' }] } });
  expect(mergedFields(kept, duplicate, 'kept').description).toBe(kept.description);
  expect(mergedFields(kept, duplicate, 'duplicate').description).toBe(duplicate.description);
});

test('an undo stops on fields edited since the merge; missing and null are the same', () => {
  const written = { description: { type: 'doc' }, customerWords: 'a', sourceChannel: null, duplicateCount: 1, linkedCustomers: [] };
  expect(changedSinceMerge(written, { ...written, description: { type: 'doc' }, sourceChannel: undefined as unknown as null })).toEqual([]);
  expect(changedSinceMerge(written, { ...written, customerWords: 'b', duplicateCount: 2 })).toEqual(['customerWords', 'duplicateCount']);
});

test("the duplicate's customers join the kept one's, each once, in link order", () => {
  const merged = mergedFields(side({ linkedCustomers: ['CUS202405002', 'CUS202405001'] }), side({ key: 'REQ-9', linkedCustomers: ['CUS202405001', 'CUS202406003'] }), 'kept');
  expect(merged.linkedCustomers).toEqual(['CUS202405002', 'CUS202405001', 'CUS202406003']);
});

test('customers linked or unlinked since the merge stop an undo; a record from before links existed reads as none', () => {
  const written = { description: null, customerWords: null, sourceChannel: null, duplicateCount: 1, linkedCustomers: ['CUS202405001'] };
  expect(changedSinceMerge(written, { ...written, linkedCustomers: ['CUS202405001', 'CUS202405002'] })).toEqual(['linkedCustomers']);
  const older = { description: null, customerWords: null, sourceChannel: null, duplicateCount: 1 } as unknown as typeof written;
  expect(changedSinceMerge(older, { ...written, linkedCustomers: [] })).toEqual([]);
});
