import { compareForOrder, matchesJql, parseJql, type JqlExpr, type JqlFieldRef, type JqlQuery } from '../../../sandbox/jira/jql';
import { JQL_SYSTEM_FIELDS } from '../../../sandbox/jira/model';

// The emulator's own system-field table; custom fields by name, cf[id] or customfield_id.
const SYSTEM_FIELDS = JQL_SYSTEM_FIELDS;
const CUSTOM_FIELDS = [
  { customId: 10050, name: 'Weighted score', kind: 'number' as const },
  { customId: 10051, name: 'Priority grade', kind: 'string' as const },
  { customId: 10052, name: 'Value/cost quadrant', kind: 'string' as const },
];

function resolveField(name: string): JqlFieldRef | undefined {
  const system = SYSTEM_FIELDS[name.toLowerCase()];
  if (system) return system;
  const byId = /^(?:cf\[(\d+)\]|customfield_(\d+))$/i.exec(name);
  const custom = CUSTOM_FIELDS.find((field) =>
    byId ? field.customId === Number(byId[1] ?? byId[2]) : field.name.toLowerCase() === name.toLowerCase(),
  );
  return custom && { id: `customfield_${custom.customId}`, kind: custom.kind };
}

type Issue = Record<string, unknown>;

// Values as the emulator's search reader returns them: project/type/status/key as [name, id], users as [accountId, name, email].
const ISSUES: Record<string, Issue> = {
  'REQ-1': {
    project: ['REQ', '10000', 'Requirements'],
    issuetype: ['Requirement', '10001'],
    status: ['To Do', '10000'],
    key: ['REQ-1', '10001'],
    id: 10001,
    summary: 'XY2024001 设备A的智能预警模块误报太多',
    description: 'The early-warning module raises false alarms at night.',
    labels: ['customer', 'urgent'],
    assignee: ['acc-chen', '陈静', 'cs@example.com'],
    created: '2024-05-01T10:00:00.000+0000',
    duedate: '2024-06-30',
    customfield_10050: 4.3,
    customfield_10051: 'A',
    customfield_10052: 'quick-win',
  },
  'REQ-2': {
    project: ['REQ', '10000', 'Requirements'],
    issuetype: ['Requirement', '10001'],
    status: ['In Progress', '3'],
    key: ['REQ-2', '10002'],
    id: 10002,
    summary: 'Export the scoring report to Excel',
    description: 'Customers want an Excel export (CSV is fine too).',
    labels: ['export'],
    assignee: null,
    created: '2024-05-03T08:30:00.000+0000',
    duedate: null,
    customfield_10050: 3,
    customfield_10051: 'B',
    customfield_10052: 'big-bet',
  },
  'REQ-3': {
    project: ['REQ', '10000', 'Requirements'],
    issuetype: ['Bug', '10004'],
    status: ['Done', '10002'],
    key: ['REQ-3', '10003'],
    id: 10003,
    summary: '登录页面 loading 太慢 on mobile',
    description: '',
    labels: [],
    assignee: ['acc-li', '李伟', 'li@example.com'],
    created: '2024-04-20T23:59:00.000+0000',
    duedate: '2024-05-01',
    customfield_10050: null,
    customfield_10051: null,
  },
  'OPS-1': {
    project: ['OPS', '10001', 'Operations'],
    issuetype: ['Task', '10002'],
    status: ['To Do', '10000'],
    key: ['OPS-1', '10004'],
    id: 10004,
    summary: 'Rotate the falsely flagged certificates',
    labels: ['urgent'],
    assignee: ['acc-chen', '陈静', 'cs@example.com'],
    created: '2024-05-10T00:00:00.000+0000',
    customfield_10050: 5,
    customfield_10051: 'S',
  },
};
const ALL = Object.keys(ISSUES);

/** The issue's reader; `text` searches summary and description together, as Jira's does. */
const readerOf =
  (issue: Issue) =>
  (fieldId: string): unknown =>
    fieldId === 'text' ? [issue.summary, issue.description].filter((part) => typeof part === 'string').join(' ') : issue[fieldId];

function parse(jql: string): JqlQuery {
  const result = parseJql(jql, resolveField);
  if (!result.ok) throw new Error(`unexpected JQL error: ${result.errorMessages.join(' | ')}`);
  return result.query;
}

function errorsOf(jql: string): string[] {
  const result = parseJql(jql, resolveField);
  if (result.ok) throw new Error(`expected ${jql} to be refused`);
  return result.errorMessages;
}

const search = (jql: string): string[] => {
  const { where } = parse(jql);
  return ALL.filter((key) => matchesJql(where, readerOf(ISSUES[key]!)));
};

const field = (name: string): JqlFieldRef => resolveField(name)!;
const VALID_OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";
const VALID_ESCAPES = "The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX.";
const DATE_FORMATS =
  "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";

describe('matching issues', () => {
  test.each([
    ['an empty query matches every issue', '', ALL],
    ['a blank query matches every issue', '  \n\t ', ALL],
    ['a query of only ORDER BY matches every issue', 'ORDER BY key', ALL],
  ])('%s', (_name, jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });

  test.each([
    ['project = REQ', ['REQ-1', 'REQ-2', 'REQ-3']],
    ['project = req', ['REQ-1', 'REQ-2', 'REQ-3']],
    ['project = 10000', ['REQ-1', 'REQ-2', 'REQ-3']],
    ['project = "Requirements"', ['REQ-1', 'REQ-2', 'REQ-3']],
    ['project != REQ', ['OPS-1']],
    ['issuetype = Requirement', ['REQ-1', 'REQ-2']],
    ['type = bug', ['REQ-3']],
    ['status = "In Progress"', ['REQ-2']],
    ["status = 'to do'", ['REQ-1', 'OPS-1']],
    ['key = REQ-2', ['REQ-2']],
    ['labels = urgent', ['REQ-1', 'OPS-1']],
    ['assignee = acc-chen', ['REQ-1', 'OPS-1']],
    ['assignee = "陈静"', ['REQ-1', 'OPS-1']],
    ['"Priority grade" = S', ['OPS-1']],
    ['customfield_10051 = "a"', ['REQ-1']],
  ])('`=` compares case-insensitively and means "contains" on lists: %s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });

  test.each([
    ['labels != urgent', ['REQ-2']],
    ['assignee != acc-chen', ['REQ-3']],
    ['"Weighted score" != 3', ['REQ-1', 'OPS-1']],
    ['labels not in (export)', ['REQ-1', 'OPS-1']],
    ['description !~ "excel"', ['REQ-1']],
  ])('a negative operator never matches an empty field: %s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });

  test.each([
    ['status in ("To Do", Done)', ['REQ-1', 'REQ-3', 'OPS-1']],
    ['status NOT IN ("To Do", Done)', ['REQ-2']],
    ['labels in (export, customer)', ['REQ-1', 'REQ-2']],
    ['id in (10001, "10004")', ['REQ-1', 'OPS-1']],
    ['"Priority grade" in (S, "b")', ['REQ-2', 'OPS-1']],
    ['assignee in (acc-li, EMPTY)', ['REQ-2', 'REQ-3']],
    ['assignee not in (acc-li, EMPTY)', ['REQ-1', 'OPS-1']],
    ['assignee in (EMPTY)', ['REQ-2']],
    ['assignee not in (null)', ['REQ-1', 'REQ-3', 'OPS-1']],
  ])('IN and NOT IN match any and none of a list: %s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });

  test.each([
    ['labels is EMPTY', ['REQ-3']],
    ['labels IS NOT empty', ['REQ-1', 'REQ-2', 'OPS-1']],
    ['assignee is null', ['REQ-2']],
    ['assignee = EMPTY', ['REQ-2']],
    ['assignee != NULL', ['REQ-1', 'REQ-3', 'OPS-1']],
    ['"weighted score" is empty', ['REQ-3']],
    ['description is empty', ['REQ-3', 'OPS-1']],
    ['description ~ EMPTY', ['REQ-3', 'OPS-1']],
    ['description !~ EMPTY', ['REQ-1', 'REQ-2']],
    ['duedate is empty', ['REQ-2', 'OPS-1']],
    ['"Value/cost quadrant" is not empty', ['REQ-1', 'REQ-2']],
  ])('EMPTY and NULL find fields with no value (null, "" or []): %s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });

  test.each([
    ['id = 10002', ['REQ-2']],
    ['id = "10002"', ['REQ-2']],
    ['id > 10002', ['REQ-3', 'OPS-1']],
    ['id >= 10002', ['REQ-2', 'REQ-3', 'OPS-1']],
    ['id < 10002', ['REQ-1']],
    ['id <= 10002', ['REQ-1', 'REQ-2']],
    ['"Weighted score" > 4', ['REQ-1', 'OPS-1']],
    ['cf[10050] <= 3', ['REQ-2']],
    ['customfield_10050 = 4.3', ['REQ-1']],
    ['cf[10050] = 4.30', ['REQ-1']],
    ['"Weighted score" > -1.5', ['REQ-1', 'REQ-2', 'OPS-1']],
  ])('numbers compare numerically: %s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });

  test.each([
    ['created >= "2024-05-01"', ['REQ-1', 'REQ-2', 'OPS-1']],
    ['created < "2024/05/01"', ['REQ-3']],
    ['created > "2024-05-01 10:00"', ['REQ-2', 'OPS-1']],
    ['created = "2024-05-01 10:00"', ['REQ-1']],
    ['created <= "2024/5/1 10:00"', ['REQ-1', 'REQ-3']],
    ['created > "2024-05-03T08:30:00.000+0000"', ['OPS-1']],
    ['created in ("2024-05-01 10:00", "2024-05-10")', ['REQ-1', 'OPS-1']],
    ['duedate = 2024-06-30', ['REQ-1']],
    ['due < 2024-06-01', ['REQ-3']],
  ])('dates compare in time order to the minute: %s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });

  test.each([
    ['summary ~ "误报"', ['REQ-1']],
    ['summary ~ "设备A"', ['REQ-1']],
    ['summary ~ "设备 a 预警"', ['REQ-1']],
    ['summary ~ XY2024001', ['REQ-1']],
    ['summary ~ "xy2024001 误报"', ['REQ-1']],
    ['summary ~ "误报*"', ['REQ-1']],
    ['summary ~ "loading 太慢"', ['REQ-3']],
    ['summary ~ "LOADING"', ['REQ-3']],
    ['summary ~ "load"', []],
    ['summary ~ "load*"', ['REQ-3']],
    ['summary ~ "fals*"', ['OPS-1']],
    ['description ~ "fals*"', ['REQ-1']],
    ['description ~ "false"', ['REQ-1']],
    ['description ~ "early-warning module"', ['REQ-1']],
    ['description ~ "excel export"', ['REQ-2']],
    ['description ~ "excel pdf"', []],
    ['summary ~ "!!!"', []],
    ['summary !~ "误报"', ['REQ-2', 'REQ-3', 'OPS-1']],
    ['text ~ "excel"', ['REQ-2']],
    ['text ~ "night 误报"', ['REQ-1']],
    ['"Value/cost quadrant" ~ quick', ['REQ-1']],
    ['summary ~ "\\"XY2024001\\""', ['REQ-1']],
  ])('`~` needs every word, case-insensitively, with prefix* and Chinese by substring: %s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });

  test.each([
    ['project = REQ AND labels = urgent', ['REQ-1']],
    ['labels = export OR labels = urgent AND project = OPS', ['REQ-2', 'OPS-1']],
    ['(labels = export OR labels = urgent) AND project = OPS', ['OPS-1']],
    ['project = OPS or status = Done and type = Bug', ['REQ-3', 'OPS-1']],
    ['project = REQ and (status = Done or (labels = export and id = 10002))', ['REQ-2', 'REQ-3']],
    ['NOT project = REQ', ['OPS-1']],
    ['NOT NOT project = OPS', ['OPS-1']],
    ['NOT (status = Done OR labels = urgent)', ['REQ-2']],
    ['NOT (labels = urgent AND project = REQ)', ['REQ-2', 'OPS-1']],
    ['NOT assignee = acc-chen', ['REQ-3']],
    ['NOT status != Done', ['REQ-3']],
    ['NOT id > 10002', ['REQ-1', 'REQ-2']],
    ['NOT summary ~ "误报"', ['REQ-2', 'REQ-3', 'OPS-1']],
    ['NOT labels in (urgent)', ['REQ-2']],
    ['NOT labels is EMPTY', ['REQ-1', 'REQ-2', 'OPS-1']],
    ['!(project = REQ) && labels = urgent', ['OPS-1']],
    ['project = OPS || status = Done', ['REQ-3', 'OPS-1']],
    ['project = OPS | status = Done & type = Bug', ['REQ-3', 'OPS-1']],
  ])('AND binds tighter than OR and NOT is pushed down to the clauses as Jira does: %s', (jql, expected) => {
    expect(search(jql)).toEqual(expected);
  });
});

describe('parsing', () => {
  const project = field('project');
  const status = field('status');
  const labels = field('labels');
  const clause = (f: JqlFieldRef, fieldName: string, value: string | number): JqlExpr => ({
    type: 'compare',
    field: f,
    fieldName,
    op: '=',
    value,
  });

  test('AND groups before OR, and both associate to the left', () => {
    expect(parse('project = A1 OR status = B1 AND labels = C1 AND labels = D1').where).toEqual({
      type: 'or',
      left: clause(project, 'project', 'A1'),
      right: {
        type: 'and',
        left: { type: 'and', left: clause(status, 'status', 'B1'), right: clause(labels, 'labels', 'C1') },
        right: clause(labels, 'labels', 'D1'),
      },
    });
  });

  test('parentheses override precedence and NOT applies to the next clause only', () => {
    expect(parse('NOT (project = A1 or status = B1) and labels = C1').where).toEqual({
      type: 'and',
      left: { type: 'not', expr: { type: 'or', left: clause(project, 'project', 'A1'), right: clause(status, 'status', 'B1') } },
      right: clause(labels, 'labels', 'C1'),
    });
  });

  test('keywords are case-insensitive and field names keep their spelling', () => {
    expect(parse('Project In (REQ) And Status Is Not Empty Order By Key Desc')).toEqual({
      where: {
        type: 'and',
        left: { type: 'in', field: project, fieldName: 'Project', negated: false, values: ['REQ'] },
        right: { type: 'empty', field: status, fieldName: 'Status', negated: true },
      },
      orderBy: [{ field: field('key'), fieldName: 'Key', direction: 'DESC' }],
    });
  });

  test.each([
    ['id = 10001', 10001],
    ['id = "10001"', '10001'],
    ['labels = 007', '007'],
    ['labels = 1e3', '1e3'],
    ['cf[10050] = -1.5', -1.5],
    ['labels = REQ-1', 'REQ-1'],
    ['labels = "and"', 'and'],
    ['labels = \\u0061nd', 'and'],
    ['labels = new\\ label', 'new label'],
    ['labels = "a\\"b\\\'c\\td\\ne\\rf\\\\g\\ h\\u00e9"', 'a"b\'c\td\ne\rf\\g hé'],
    ["labels = 'it\\'s \"quoted\"'", 'it\'s "quoted"'],
    ['labels = 误报', '误报'],
  ])('the value of %s is %p', (jql, value) => {
    expect(parse(jql).where).toMatchObject({ type: 'compare', value });
  });

  test.each([
    ['cf[10050] = 1', 'cf[10050]', 'customfield_10050'],
    ['CF[10050] = 1', 'CF[10050]', 'customfield_10050'],
    ['customfield_10051 = S', 'customfield_10051', 'customfield_10051'],
    ['"Priority grade" = S', 'Priority grade', 'customfield_10051'],
    ["'priority GRADE' = S", 'priority GRADE', 'customfield_10051'],
    ['SUMMARY ~ x', 'SUMMARY', 'summary'],
  ])('the field of %s is written %p and resolves to %p', (jql, fieldName, id) => {
    expect(parse(jql).where).toMatchObject({ fieldName, field: { id } });
  });

  test('operators need no spaces around them', () => {
    expect(parse('id>=10002&&labels!=x1').where).toEqual({
      type: 'and',
      left: { type: 'compare', field: field('id'), fieldName: 'id', op: '>=', value: 10002 },
      right: { type: 'compare', field: labels, fieldName: 'labels', op: '!=', value: 'x1' },
    });
  });

  test('ORDER BY takes several keys, ASC by default', () => {
    expect(parse('project = REQ ORDER BY "Weighted score" DESC, key, created asc').orderBy).toEqual([
      { field: field('Weighted score'), fieldName: 'Weighted score', direction: 'DESC' },
      { field: field('key'), fieldName: 'key', direction: 'ASC' },
      { field: field('created'), fieldName: 'created', direction: 'ASC' },
    ]);
  });

  test('IN with EMPTY among the values becomes "in the list or empty"', () => {
    expect(parse('labels in (x1, EMPTY)').where).toEqual({
      type: 'or',
      left: { type: 'in', field: labels, fieldName: 'labels', negated: false, values: ['x1'] },
      right: { type: 'empty', field: labels, fieldName: 'labels', negated: false },
    });
    expect(parse('labels not in (x1, EMPTY)').where).toEqual({
      type: 'and',
      left: { type: 'in', field: labels, fieldName: 'labels', negated: true, values: ['x1'] },
      right: { type: 'empty', field: labels, fieldName: 'labels', negated: true },
    });
  });

  test('an error the resolver throws is not mistaken for a JQL error', () => {
    expect(() =>
      parseJql('project = REQ', () => {
        throw new Error('store unavailable');
      }),
    ).toThrow('store unavailable');
  });
});

describe('refusing JQL as Jira does', () => {
  test.each([
    ['nosuchfield = 1', ["Field 'nosuchfield' does not exist or you do not have permission to view it."]],
    ['"No such field" = x1', ["Field 'No such field' does not exist or you do not have permission to view it."]],
    [
      'foo = 1 AND bar = 2 OR foo = 3',
      [
        "Field 'foo' does not exist or you do not have permission to view it.",
        "Field 'bar' does not exist or you do not have permission to view it.",
      ],
    ],
    ['project = REQ ORDER BY nosuch', ["Field 'nosuch' does not exist or you do not have permission to view it."]],
    ['cf[99999] = 1', ["Field 'cf[99999]' does not exist or you do not have permission to view it."]],
  ])('an unknown field: %s', (jql, messages) => {
    expect(errorsOf(jql)).toEqual(messages);
  });

  test.each([
    ['project xyz REQ', `Error in the JQL Query: Expecting operator but got 'xyz'. ${VALID_OPERATORS} (line 1, character 9)`],
    ['status WAS Done', `Error in the JQL Query: Expecting operator but got 'WAS'. ${VALID_OPERATORS} (line 1, character 8)`],
    ['status CHANGED', `Error in the JQL Query: Expecting operator but got 'CHANGED'. ${VALID_OPERATORS} (line 1, character 8)`],
    ['project "REQ"', `Error in the JQL Query: Expecting operator but got 'REQ'. ${VALID_OPERATORS} (line 1, character 9)`],
    ['project', `Error in the JQL Query: Expecting operator before the end of the query. ${VALID_OPERATORS}`],
    [
      'project = REQ\n  AND status xyz Done',
      `Error in the JQL Query: Expecting operator but got 'xyz'. ${VALID_OPERATORS} (line 2, character 14)`,
    ],
    ['status not = Done', "Error in the JQL Query: Expecting 'IN' but got '='. (line 1, character 12)"],
    ['status not', "Error in the JQL Query: Expecting 'IN' before the end of the query."],
  ])('a missing operator: %s', (jql, message) => {
    expect(errorsOf(jql)).toEqual([message]);
  });

  test.each([
    ['project =', 'Error in JQL Query: Expecting either a value, list or function before the end of the query.'],
    [
      'project = = REQ',
      "Error in JQL Query: Expecting either a value, list or function but got '='. You must surround '=' in quotation marks to use it as a value. (line 1, character 11)",
    ],
    [
      'project = AND',
      "Error in JQL Query: Expecting either a value, list or function but got 'AND'. You must surround 'AND' in quotation marks to use it as a value. (line 1, character 11)",
    ],
    [
      'project = &&',
      "Error in JQL Query: Expecting either a value, list or function but got '&&'. You must surround '&&' in quotation marks to use it as a value. (line 1, character 11)",
    ],
    [
      'project in ()',
      "Error in JQL Query: Expecting either a value, list or function but got ')'. You must surround ')' in quotation marks to use it as a value. (line 1, character 13)",
    ],
    [
      'project in ((REQ))',
      "Error in JQL Query: Expecting either a value, list or function but got '('. You must surround '(' in quotation marks to use it as a value. (line 1, character 13)",
    ],
  ])('a missing value: %s', (jql, message) => {
    expect(errorsOf(jql)).toEqual([message]);
  });

  test.each([
    ['project = REQ AND (status = Done', "Error in the JQL Query: Expecting ')' before the end of the query."],
    ['project in (REQ OPS)', "Error in the JQL Query: Expecting ')' but got 'OPS'. (line 1, character 17)"],
    ['(project = REQ status = Done)', "Error in the JQL Query: Expecting ')' but got 'status'. (line 1, character 16)"],
    ['labels = f(a1 b1)', "Error in the JQL Query: Expecting ')' but got 'b1'. (line 1, character 15)"],
    [
      'project = REQ status = Done',
      "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'status'. (line 1, character 15)",
    ],
    ['project = REQ )', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got ')'. (line 1, character 15)"],
    ['project = REQ "Done"', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'Done'. (line 1, character 15)"],
  ])('unbalanced parentheses and missing connectives: %s', (jql, message) => {
    expect(errorsOf(jql)).toEqual([message]);
  });

  test.each([
    ['project = REQ AND', 'Error in the JQL Query: Expecting a field name at the end of the query.'],
    [
      'project = REQ AND = 1',
      "Error in the JQL Query: Expecting a field name but got '='. You must surround '=' in quotation marks to use it as a field name. (line 1, character 19)",
    ],
    [
      'OR = 1',
      "Error in the JQL Query: Expecting a field name but got 'OR'. You must surround 'OR' in quotation marks to use it as a field name. (line 1, character 1)",
    ],
    [
      '&& project = REQ',
      "Error in the JQL Query: Expecting a field name but got '&&'. You must surround '&&' in quotation marks to use it as a field name. (line 1, character 1)",
    ],
    ['nosuch = 1 AND', 'Error in the JQL Query: Expecting a field name at the end of the query.'],
  ])('a missing field name (a syntax error hides validation errors): %s', (jql, message) => {
    expect(errorsOf(jql)).toEqual([message]);
  });

  test.each([
    ['project = REQ ORDER key', "Error in the JQL Query: Expecting 'BY' but got 'key'. (line 1, character 21)"],
    ['ORDER', "Error in the JQL Query: Expecting 'BY' before the end of the query."],
    ['ORDER BY', 'Error in the JQL Query: Expecting a field name at the end of the query.'],
    ['ORDER BY key,', 'Error in the JQL Query: Expecting a field name at the end of the query.'],
    ['ORDER BY key DESC created', "Error in the JQL Query: Expecting ',' but got 'created'. (line 1, character 19)"],
    ['ORDER BY key created', "Error in the JQL Query: Expecting 'ASC', 'DESC' or ',' but got 'created'. (line 1, character 14)"],
    ['(project = REQ ORDER BY key)', "Error in the JQL Query: Expecting ')' but got 'ORDER'. (line 1, character 16)"],
  ])('a malformed ORDER BY: %s', (jql, message) => {
    expect(errorsOf(jql)).toEqual([message]);
  });

  test.each([
    ['summary ~ "abc', "Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)"],
    ["summary ~ 'abc", "Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)"],
    ['summary ~ "', 'Error in the JQL Query: The quoted string has not been completed. (line 1, character 11)'],
    ['summary ~ "abc\\"', "Error in the JQL Query: The quoted string 'abc\\\"' has not been completed. (line 1, character 11)"],
    ['summary ~ "abc\\', "Error in the JQL Query: The quoted string 'abc\\' has not been completed. (line 1, character 11)"],
    [
      'labels = a\\qb',
      `Error in the JQL Query: '\\q' is an illegal JQL escape sequence. ${VALID_ESCAPES} (line 1, character 11)`,
    ],
    [
      'labels = "\\u12"',
      `Error in the JQL Query: '\\u12"' is an illegal JQL escape sequence. ${VALID_ESCAPES} (line 1, character 11)`,
    ],
    [
      'labels = abc\\',
      `Error in the JQL Query: The escape sequence has not been completed. ${VALID_ESCAPES} (line 1, character 13)`,
    ],
    [
      'summary ~ fals*',
      "Error in the JQL Query: The character '*' is a reserved JQL character. You must enclose it in a string or use the escape '\\u002a' instead. (line 1, character 15)",
    ],
    [
      'cf[abc] = 1',
      "Error in the JQL Query: The character '[' is a reserved JQL character. You must enclose it in a string or use the escape '\\u005b' instead. (line 1, character 3)",
    ],
    [
      'status = for',
      "Error in the JQL Query: 'for' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 10)",
    ],
    [
      '"Priority grade" = A',
      "Error in the JQL Query: 'A' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 20)",
    ],
    [
      'labels in (x1, select)',
      "Error in the JQL Query: 'select' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 16)",
    ],
    [
      'for = 1',
      "Error in the JQL Query: 'for' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 1)",
    ],
    [
      'ORDER BY desc',
      "Error in the JQL Query: 'desc' is a reserved JQL word. You must surround it in quotation marks to use it in a query. (line 1, character 10)",
    ],
  ])('quoting, escapes and reserved words: %s', (jql, message) => {
    expect(errorsOf(jql)).toEqual([message]);
  });

  test.each([
    ['assignee = currentUser()', ["Unable to find JQL function 'currentUser()'."]],
    ['assignee in membersOf("jira-users")', ["Unable to find JQL function 'membersOf(jira-users)'."]],
    ['cf[10051] in membersOf(x1, "y 1")', ["Unable to find JQL function 'membersOf(x1, y 1)'."]],
    ['labels in (x1, currentUser())', ["Unable to find JQL function 'currentUser()'."]],
    ['labels = f(a1,)', ["Unable to find JQL function 'f(a1)'."]],
    [
      'cf[99999] in membersOf(x1)',
      [
        "Field 'cf[99999]' does not exist or you do not have permission to view it.",
        "Unable to find JQL function 'membersOf(x1)'.",
      ],
    ],
  ])('a function call: %s', (jql, messages) => {
    expect(errorsOf(jql)).toEqual(messages);
  });

  test.each([
    ['project ~ REQ', "The operator '~' is not supported by the 'project' field."],
    ['id !~ 1', "The operator '!~' is not supported by the 'id' field."],
    ['assignee ~ chen', "The operator '~' is not supported by the 'assignee' field."],
    ['summary > "a"', "The operator '>' is not supported by the 'summary' field."],
    ['Summary <= "a"', "The operator '<=' is not supported by the 'Summary' field."],
    ['summary = "x"', "The operator '=' is not supported by the 'summary' field."],
    ['text in (x1)', "The operator 'in' is not supported by the 'text' field."],
    ['labels < x1', "The operator '<' is not supported by the 'labels' field."],
    ['"Priority grade" >= B', "The operator '>=' is not supported by the 'Priority grade' field."],
    ['status is Done', "Operator 'is' does not support searching for non-empty values for field 'status'."],
    ['status is not "EMPTY"', "Operator 'is not' does not support searching for non-empty values for field 'status'."],
    ['status in Done', "Operator 'in' does not support the non-list value 'Done' for field 'status'."],
    ['status not in EMPTY', "Operator 'not in' does not support the empty value representation 'EMPTY' for field 'status'."],
    ['id > null', "Operator '>' does not support the empty value representation 'null' for field 'id'."],
    ['status = (Done, "To Do")', "Operator '=' does not support the list value '(Done, To Do)' for field 'status'."],
  ])('an operator the field or value does not support: %s', (jql, message) => {
    expect(errorsOf(jql)).toEqual([message]);
  });

  test.each([
    ['created > yesterday', 'yesterday', 'created'],
    ['created > -7d', '-7d', 'created'],
    ['due = 2026-02-30', '2026-02-30', 'due'],
    ['created > "2024-05-01 24:00"', '2024-05-01 24:00', 'created'],
    ['created > "0099-01-01"', '0099-01-01', 'created'],
    ['created = 20240501', '20240501', 'created'],
    ['created in ("2024-05-01", tomorrow)', 'tomorrow', 'created'],
  ])('a date Jira cannot read: %s', (jql, value, fieldName) => {
    expect(errorsOf(jql)).toEqual([`Date value '${value}' for field '${fieldName}' is invalid. ${DATE_FORMATS}`]);
  });
});

describe('matching clauses the parser never produces', () => {
  const stringField: JqlFieldRef = { id: 'grade', kind: 'string' };
  const compare = (f: JqlFieldRef, op: Extract<JqlExpr, { type: 'compare' }>['op'], value: string | number): JqlExpr => ({
    type: 'compare',
    field: f,
    fieldName: f.id,
    op,
    value,
  });

  test.each([
    ['no clause at all', null, {}, true],
    ['ordering a string field compares text', compare(stringField, '>', 'b'), { grade: 'C' }, true],
    ['ordering a string field compares text, the other way', compare(stringField, '>', 'b'), { grade: 'a' }, false],
    ['a stored date that is not a date never equals', compare(field('created'), '=', '2024-05-01'), { created: 'soon' }, false],
    ['a stored date that is not a date never orders', compare(field('created'), '<', '2024-05-01'), { created: 'soon' }, false],
    ['a non-number never orders against a number', compare(field('id'), '>', 1), { id: 'abc' }, false],
    ['a numeric string orders as a number', compare(field('id'), '>', 9), { id: '10' }, true],
    ['a blank string is not zero', compare(field('id'), '=', 0), { id: '  ' }, false],
    [
      'a value of another type reads as empty',
      { type: 'empty', field: stringField, fieldName: 'grade', negated: false } as JqlExpr,
      { grade: true },
      true,
    ],
    ['nested arrays are flattened', compare(field('labels'), '=', 'b1'), { labels: [['a1', ['b1']]] }, true],
  ])('%s', (_name, expr, issue, expected) => {
    expect(matchesJql(expr, readerOf(issue))).toBe(expected);
  });
});

describe('ordering', () => {
  type Row = Issue & { key: string };
  const ROWS: Row[] = [
    {
      key: 'R1',
      summary: 'banana',
      score: 4.3,
      created: '2024-05-01T10:00:00.000+0000',
      labels: ['b', 'a'],
      grade: 'A',
      text: '10',
    },
    { key: 'R2', summary: 'Apple', score: null, created: '2024-05-03T08:30:00.000+0000', labels: [], grade: 'B', text: '9' },
    { key: 'R3', summary: 'cherry', score: 3, created: null, labels: ['a'], grade: 'A', text: 'x' },
    { key: 'R4', summary: 'apple', score: 5, created: '2024-04-20T23:59:00.000+0000', labels: ['c'], grade: 'S', text: 9 },
  ];
  const fieldsForOrder: Record<string, JqlFieldRef> = {
    summary: { id: 'summary', kind: 'text' },
    score: { id: 'score', kind: 'number' },
    created: { id: 'created', kind: 'date' },
    labels: { id: 'labels', kind: 'array' },
    grade: { id: 'grade', kind: 'string' },
    text: { id: 'text', kind: 'number' },
  };
  /** Sorts the rows by the query's ORDER BY; the caller's tie-break is the key, as in the emulator. */
  function sortedKeys(jql: string): string[] {
    const result = parseJql(jql, (name) => fieldsForOrder[name.toLowerCase()]);
    if (!result.ok) throw new Error(result.errorMessages.join(' | '));
    const { orderBy } = result.query;
    return [...ROWS]
      .sort(
        (a, b) =>
          compareForOrder(
            orderBy,
            (id) => a[id],
            (id) => b[id],
          ) || a.key.localeCompare(b.key),
      )
      .map((row) => row.key);
  }

  test.each([
    ['ORDER BY score', ['R3', 'R1', 'R4', 'R2']],
    ['ORDER BY score ASC', ['R3', 'R1', 'R4', 'R2']],
    ['ORDER BY score DESC', ['R2', 'R4', 'R1', 'R3']],
    ['ORDER BY created', ['R4', 'R1', 'R2', 'R3']],
    ['ORDER BY created DESC', ['R3', 'R2', 'R1', 'R4']],
    ['ORDER BY labels', ['R3', 'R1', 'R4', 'R2']],
  ])('nulls go last ascending and first descending: %s', (jql, expected) => {
    expect(sortedKeys(jql)).toEqual(expected);
  });

  test.each([
    ['ORDER BY summary', ['R2', 'R4', 'R1', 'R3']],
    ['ORDER BY grade, score DESC', ['R1', 'R3', 'R2', 'R4']],
    ['ORDER BY grade DESC, created', ['R4', 'R2', 'R1', 'R3']],
    ['ORDER BY text', ['R2', 'R4', 'R1', 'R3']],
  ])('text sorts case-insensitively, numbers numerically, and later keys break ties: %s', (jql, expected) => {
    expect(sortedKeys(jql)).toEqual(expected);
  });

  test('with no ORDER BY every pair ties, for the caller to break', () => {
    expect(
      compareForOrder(
        [],
        () => 1,
        () => 2,
      ),
    ).toBe(0);
  });

  test('a number and a text compare as text', () => {
    const orderBy: JqlQuery['orderBy'] = [{ field: { id: 'v', kind: 'string' }, fieldName: 'v', direction: 'ASC' }];
    expect(
      compareForOrder(
        orderBy,
        () => 10,
        () => '9',
      ),
    ).toBeLessThan(0);
    expect(
      compareForOrder(
        orderBy,
        () => null,
        () => undefined,
      ),
    ).toBe(0);
  });
});
