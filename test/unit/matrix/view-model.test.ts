import {
  DEFAULT_VIEW,
  NO_FILTERS,
  tagChoices,
  viewFromPath,
  viewPath,
  viewRows,
  withKinds,
  type MatrixView,
} from '../../../static/matrix/src/filter-model';
import { DEFAULT_KIND_TAGS } from '../../../src/domain/kind-tags';
import { NO_KIND_FILTER } from '../../../src/domain/jql';
import type { RequirementRow } from '../../../src/shared/api';

const row = (key: string, values: Partial<RequirementRow> = {}): RequirementRow => ({
  id: key,
  key,
  summary: key,
  status: 'To confirm',
  statusCategory: 'new',
  assignee: null,
  labels: [],
  components: [],
  dueDate: null,
  duplicateCount: null,
  linkedCustomers: [],
  feasibility: { missing: [], notFeasible: [] },
  inputs: {
    moscow: null,
    wontReason: null,
    urgency: null,
    importance: null,
    feasibility: null,
    customerValue: null,
    businessValue: null,
    implementationCost: null,
  },
  computed: {
    weightedScore: null,
    priorityGrade: null,
    threeFactorScore: null,
    threeFactorPriority: null,
    valueCostQuadrant: null,
    frameworkVersion: null,
  },
  ...values,
});

describe('what a matrix view shows and counts', () => {
  const rows = [
    row('REQ-1'),
    row('REQ-2', { status: 'Done', statusCategory: 'done', resolution: 'Done' }),
    row('REQ-3', { status: 'Closed', statusCategory: 'done', resolution: 'Duplicate' }),
    row('REQ-4', { status: 'Closed', statusCategory: 'done', resolution: "Won't do" }),
  ];

  test('by default Done and Closed are hidden, and a closed duplicate is in neither the shown nor the total', () => {
    const view = viewRows(rows, DEFAULT_VIEW);
    expect(view.shown.map((shown) => shown.key)).toEqual(['REQ-1']);
    expect([view.counted.length, view.finishedHidden, view.closedDuplicates]).toEqual([3, 2, 1]);
  });

  test('asked for, Done and Closed are shown; the closed duplicate still is not', () => {
    expect(viewRows(rows, { filters: NO_FILTERS, showFinished: true }).shown.map((shown) => shown.key)).toEqual([
      'REQ-1',
      'REQ-2',
      'REQ-4',
    ]);
  });
});

describe('a view in the page address', () => {
  test('the default view is the page itself; any other goes there and back unchanged', () => {
    expect(viewPath(DEFAULT_VIEW)).toBe('');
    const view: MatrixView = {
      filters: { ...NO_FILTERS, moscow: ['Must'], customer: ['CUS202612001'] },
      showFinished: true,
      colourBy: 'moscow',
      jql: 'summary ~ "导出"',
      kindFilter: { kinds: ['optimisation'], kindTags: ['ui-interaction', 'data-output'] },
    };
    const path = viewPath(view);
    expect(path).toMatch(/^\/view\/[^/]+$/);
    expect(viewFromPath(path)).toEqual(view);
    expect(viewFromPath(`${path}/`)).toEqual(view);
  });

  test('a path without a view, or one that cannot be read, names none; unreadable values fall back one by one', () => {
    expect(viewFromPath('/')).toBeNull();
    expect(viewFromPath('/view/%7Bbroken')).toBeNull();
    expect(viewFromPath(`/view/${encodeURIComponent('42')}`)).toBeNull();
    const odd = viewFromPath(
      `/view/${encodeURIComponent(JSON.stringify({ f: { grade: ['A', 3], status: 'Done' }, d: true, c: 'rainbow', q: 7, k: ['optimisation', 'gossip', 1], t: ['ui-interaction', 'Not A Code"'] }))}`,
    );
    expect(odd).toEqual({
      filters: { ...NO_FILTERS, grade: ['A'] },
      showFinished: false,
      colourBy: 'grade',
      jql: '',
      kindFilter: { kinds: ['optimisation'], kindTags: ['ui-interaction'] },
    });
    expect(viewFromPath(`/view/${encodeURIComponent(JSON.stringify({ d: 1 }))}`)?.kindFilter).toEqual(NO_KIND_FILTER);
  });
});

describe('the kind and second-level tag filter', () => {
  test("offers the tags of the chosen kinds in the project's order, or every kind's without a kind", () => {
    expect(tagChoices(DEFAULT_KIND_TAGS, ['optimisation']).map((choice) => choice.tag.code)).toEqual([
      'ui-interaction',
      'operation-flow',
      'data-output',
      'performance',
      'algorithm',
    ]);
    const everyTag = tagChoices(DEFAULT_KIND_TAGS, []);
    expect(everyTag).toHaveLength(Object.values(DEFAULT_KIND_TAGS).flat().length);
    expect(everyTag[0]).toEqual({ kind: 'new-feature', tag: DEFAULT_KIND_TAGS['new-feature'][0] });
    // A project's own list is offered, not the defaults.
    expect(
      tagChoices(
        { ...DEFAULT_KIND_TAGS, optimisation: [{ code: 'report-layout', label: { en: 'Report layout', zh: '报表版式' } }] },
        ['optimisation'],
      ).map((choice) => choice.tag.code),
    ).toEqual(['report-layout']);
  });

  test('choosing kinds drops chosen tags of other kinds; clearing the kinds keeps the tags', () => {
    const chosen = { kinds: [], kindTags: ['ui-interaction', 'mobile'] };
    expect(withKinds(DEFAULT_KIND_TAGS, chosen, ['optimisation'])).toEqual({
      kinds: ['optimisation'],
      kindTags: ['ui-interaction'],
    });
    expect(withKinds(DEFAULT_KIND_TAGS, chosen, ['optimisation', 'new-feature'])).toEqual({
      kinds: ['optimisation', 'new-feature'],
      kindTags: ['ui-interaction', 'mobile'],
    });
    expect(withKinds(DEFAULT_KIND_TAGS, { kinds: ['optimisation'], kindTags: ['ui-interaction'] }, [])).toEqual({
      kinds: [],
      kindTags: ['ui-interaction'],
    });
  });
});
