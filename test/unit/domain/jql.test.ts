import {
  hasKindFilter,
  kindFilterJql,
  matchesKindFilter,
  narrowJql,
  NO_KIND_FILTER,
  positionsInUserJql,
  withoutOrderBy,
} from '../../../src/domain/jql';

const BASE = 'project = "REQ" AND issuetype = "Requirement" ORDER BY key ASC';

describe("a person's JQL inside the app's query", () => {
  test('is ANDed in before ORDER BY, and its offset is where it starts', () => {
    const narrowed = narrowJql(BASE, '  labels = mobile ');
    expect(narrowed.jql).toBe('project = "REQ" AND issuetype = "Requirement" AND (labels = mobile) ORDER BY key ASC');
    expect(narrowed.jql.slice(narrowed.offset, narrowed.offset + 'labels'.length)).toBe('labels');
  });

  test('without ORDER BY it goes at the end', () => {
    expect(narrowJql('project = "REQ"', 'a = b').jql).toBe('project = "REQ" AND (a = b)');
  });

  test("Jira's position in the combined query becomes the position in the 17-character query the person typed", () => {
    const userJql = 'summary ~~ broken';
    const { jql, offset } = narrowJql(BASE, userJql);
    const inCombined = jql.indexOf('~~') + 1;
    const message = `Error in the JQL Query: The character '~' is a reserved JQL character. (line 1, character ${inCombined})`;
    expect(positionsInUserJql(message, offset, userJql.length)).toBe(
      "Error in the JQL Query: The character '~' is a reserved JQL character. (line 1, character 9)",
    );
  });

  test("a position past the person's JQL (the app's closing bracket) is put at its end; later lines are left alone", () => {
    const userJql = 'status =';
    const { offset } = narrowJql(BASE, userJql);
    expect(positionsInUserJql(`Expecting a value but got ')'. (line 1, character ${offset + 10})`, offset, userJql.length)).toBe(
      "Expecting a value but got ')'. (line 1, character 9)",
    );
    expect(positionsInUserJql('Oops (line 1, character 2)', 40, 8)).toBe('Oops (line 1, character 1)');
    expect(positionsInUserJql('Bad (line 2, character 5)', 40, 8)).toBe('Bad (line 2, character 5)');
  });
});

test.each([
  ['project = "REQ" AND (labels = a) ORDER BY key ASC', 'project = "REQ" AND (labels = a)'],
  ['issuetype = "Requirement" order by created DESC', 'issuetype = "Requirement"'],
  ['project = "REQ"', 'project = "REQ"'],
])('a count takes %j without its order: %j', (jql, counted) => {
  expect(withoutOrderBy(jql)).toBe(counted);
});

describe('the kind filter as JQL', () => {
  const fields = { kind: 'customfield_10040', kindTag: 'customfield_10041' };
  test('each dimension is one `in` on its field by cf[N], ANDed; nothing chosen is no clause', () => {
    expect(kindFilterJql(fields, { kinds: ['optimisation'], kindTags: ['ui-interaction', 'data-output'] })).toBe(
      'cf[10040] in ("optimisation") AND cf[10041] in ("ui-interaction", "data-output")',
    );
    expect(kindFilterJql(fields, { kinds: [], kindTags: ['mobile'] })).toBe('cf[10041] in ("mobile")');
    expect(kindFilterJql(fields, NO_KIND_FILTER)).toBe('');
    expect(hasKindFilter(NO_KIND_FILTER)).toBe(false);
  });
  test.each([
    [{ kind: 'optimisation', kindTag: 'performance' }, { kinds: ['optimisation'], kindTags: [] }, true],
    [{ kind: 'optimisation', kindTag: 'performance' }, { kinds: ['optimisation'], kindTags: ['performance', 'mobile'] }, true],
    [{ kind: 'optimisation', kindTag: 'performance' }, { kinds: ['improvement'], kindTags: ['performance'] }, false],
    [{ kind: null, kindTag: null }, { kinds: ['optimisation'], kindTags: [] }, false],
    [{ kind: 'optimisation' }, { kinds: [], kindTags: ['performance'] }, false],
    [{}, NO_KIND_FILTER, true],
  ])('on the copy, %j passes %j: %s (as Jira answers the JQL)', (row, filter, passes) => {
    expect(matchesKindFilter(row, filter)).toBe(passes);
  });
  test('a value is quoted, with quotes and backslashes escaped', () => {
    expect(kindFilterJql(fields, { kinds: [], kindTags: ['a"b\\c'] })).toBe('cf[10041] in ("a\\"b\\\\c")');
  });
});
