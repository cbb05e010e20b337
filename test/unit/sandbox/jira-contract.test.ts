import Ajv from 'ajv';
import { loadJiraContract, type ContractViolation } from '../../../sandbox/openapi/jira-contract';

/**
 * The contract check the sandbox runs on every emulator call. Cases are the operations the app uses,
 * with bodies shaped the way Atlassian's spec (test/fixtures/jira-openapi) defines them.
 */

const contract = loadJiraContract();
const BASE = 'http://localhost:8080';

const adf = {
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Needs a CSV export.' }] }],
};
const user = {
  accountId: '5b10a2844c20165700ede21g',
  accountType: 'atlassian',
  active: true,
  displayName: 'Ann Analyst',
  emailAddress: 'ann@example.com',
  self: `${BASE}/rest/api/3/user?accountId=5b10a2844c20165700ede21g`,
  timeZone: 'Europe/Oslo',
  locale: 'en_US',
  avatarUrls: { '48x48': `${BASE}/avatar/48.png` },
};
const issueType = {
  id: '10001',
  name: 'Requirement',
  description: 'A customer requirement',
  subtask: false,
  hierarchyLevel: 0,
  iconUrl: `${BASE}/icon.png`,
  self: `${BASE}/rest/api/3/issuetype/10001`,
};
const status = {
  id: '1',
  name: 'To Do',
  self: `${BASE}/rest/api/3/status/1`,
  statusCategory: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
};
const issue = {
  id: '10100',
  key: 'REQ-1',
  self: `${BASE}/rest/api/3/issue/10100`,
  fields: { summary: 'CSV export', issuetype: issueType, status, customfield_10050: 42, description: adf },
};
const comment = {
  id: '10200',
  self: `${BASE}/rest/api/3/issue/10100/comment/10200`,
  body: adf,
  author: { accountId: user.accountId, displayName: 'Ann Analyst', active: true },
  created: '2024-05-01T10:00:00.000+0000',
  updated: '2024-05-01T10:00:00.000+0000',
};
const errors = { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };

type RequestCase = [
  name: string,
  input: {
    method: string;
    path: string;
    query?: Record<string, string | string[]>;
    headers?: Record<string, string>;
    body?: unknown;
  },
  expected: 'ok' | RegExp[],
];
type ResponseCase = [
  name: string,
  input: { method: string; path: string; status: number; body?: unknown },
  expected: 'ok' | RegExp[],
];

const requestCases: RequestCase[] = [
  // Reading the site
  ['GET myself', { method: 'GET', path: '/rest/api/3/myself', query: { expand: 'groups' } }, 'ok'],
  ['GET field', { method: 'GET', path: '/rest/api/3/field' }, 'ok'],
  [
    'GET field with a body',
    { method: 'GET', path: '/rest/api/3/field', body: {} },
    [/body was sent but getFields declares no request body/],
  ],
  ['GET issuetype', { method: 'GET', path: '/rest/api/3/issuetype' }, 'ok'],
  [
    'POST issuetype',
    {
      method: 'POST',
      path: '/rest/api/3/issuetype',
      body: { name: 'Requirement', description: 'A customer requirement', type: 'standard' },
    },
    'ok',
  ],
  [
    'POST issuetype without name, bad type',
    { method: 'POST', path: '/rest/api/3/issuetype', body: { type: 'epic' } },
    [/body\.name is required/, /body\.type must be one of "subtask", "standard", got "epic"/],
  ],
  ['POST issuetype with no body', { method: 'POST', path: '/rest/api/3/issuetype' }, [/body is required/]],
  [
    'GET project/{key}',
    { method: 'GET', path: '/rest/api/3/project/REQ', query: { expand: 'issueTypes', properties: 'a,b' } },
    'ok',
  ],
  [
    'GET user/search',
    { method: 'GET', path: '/rest/api/3/user/search', query: { query: 'ann', maxResults: '10', startAt: '0' } },
    'ok',
  ],
  [
    'GET user/search with non-numeric maxResults',
    { method: 'GET', path: '/rest/api/3/user/search', query: { query: 'ann', maxResults: 'ten' } },
    [/query\.maxResults must be integer, got string/],
  ],
  [
    'GET user/search with maxResults beyond int32',
    { method: 'GET', path: '/rest/api/3/user/search', query: { maxResults: '3000000000' } },
    [/query\.maxResults must match format "int32"/],
  ],

  // Issues
  [
    'POST issue',
    {
      method: 'POST',
      path: '/rest/api/3/issue',
      query: { updateHistory: 'false' },
      body: {
        fields: {
          project: { key: 'REQ' },
          issuetype: { id: '10001' },
          summary: 'CSV export',
          description: adf,
          customfield_10050: 3,
        },
      },
    },
    'ok',
  ],
  [
    'POST issue with update operations',
    { method: 'POST', path: '/rest/api/3/issue', body: { fields: { summary: 'x' }, update: { labels: [{ add: 'triage' }] } } },
    'ok',
  ],
  [
    'POST issue with fields as a string',
    { method: 'POST', path: '/rest/api/3/issue', body: { fields: 'summary=x' } },
    [/body\.fields must be object, got string/],
  ],
  [
    'POST issue with an unknown update verb',
    { method: 'POST', path: '/rest/api/3/issue', body: { update: { labels: [{ append: 'x' }] } } },
    [/body\.update\.labels\[0\]\.append is not allowed/],
  ],
  [
    'POST issue with a non-boolean updateHistory',
    { method: 'POST', path: '/rest/api/3/issue', query: { updateHistory: 'yes' }, body: { fields: {} } },
    [/query\.updateHistory must be boolean/],
  ],
  [
    'GET issue/{key} with comma-separated fields',
    {
      method: 'GET',
      path: '/rest/api/3/issue/REQ-1',
      query: { fields: 'summary,status,customfield_10050', properties: 'triage', fieldsByKeys: 'false' },
    },
    'ok',
  ],
  [
    'GET issue/{key} with repeated fields',
    { method: 'GET', path: '/rest/api/3/issue/REQ-1', query: { fields: ['summary', 'status'] } },
    'ok',
  ],
  [
    'GET issue/{key} with a repeated single-valued parameter',
    { method: 'GET', path: '/rest/api/3/issue/REQ-1', query: { expand: ['names', 'schema'] } },
    [/query\.expand is given 2 times but takes a single value/],
  ],
  [
    'GET issue/{key} with an unknown parameter',
    { method: 'GET', path: '/rest/api/3/issue/REQ-1', query: { fieldz: 'summary' } },
    [/query\.fieldz is not a parameter of getIssue/],
  ],
  [
    'PUT issue/{key}',
    {
      method: 'PUT',
      path: '/rest/api/3/issue/REQ-1',
      query: { notifyUsers: 'false' },
      body: { fields: { summary: 'CSV and XLSX export' } },
    },
    'ok',
  ],
  [
    'PUT issue/{key} with properties of the wrong type',
    { method: 'PUT', path: '/rest/api/3/issue/REQ-1', body: { properties: { key: 'triage', value: 1 } } },
    [/body\.properties must be array, got object/],
  ],
  ['DELETE issue/{key}', { method: 'DELETE', path: '/rest/api/3/issue/REQ-1', query: { deleteSubtasks: 'true' } }, 'ok'],
  [
    'DELETE issue/{key} with deleteSubtasks=yes',
    { method: 'DELETE', path: '/rest/api/3/issue/REQ-1', query: { deleteSubtasks: 'yes' } },
    [/query\.deleteSubtasks must be one of "true", "false"/],
  ],

  // Search
  [
    'GET search/jql',
    {
      method: 'GET',
      path: '/rest/api/3/search/jql',
      query: { jql: 'project = REQ ORDER BY key', maxResults: '50', fields: 'summary,status', nextPageToken: 'abc' },
    },
    'ok',
  ],
  [
    'GET search/jql with startAt (offset paging is gone)',
    { method: 'GET', path: '/rest/api/3/search/jql', query: { jql: 'project = REQ', startAt: '50' } },
    [/query\.startAt is not a parameter/],
  ],
  [
    'POST search/jql',
    {
      method: 'POST',
      path: '/rest/api/3/search/jql',
      body: { jql: 'project = REQ', fields: ['summary'], maxResults: 100, nextPageToken: 'abc', reconcileIssues: [10100] },
    },
    'ok',
  ],
  [
    'POST issue/bulkfetch',
    {
      method: 'POST',
      path: '/rest/api/3/issue/bulkfetch',
      body: { issueIdsOrKeys: ['10100', 'REQ-2'], fields: ['summary', 'updated'] },
    },
    'ok',
  ],
  [
    'POST issue/bulkfetch without issueIdsOrKeys',
    { method: 'POST', path: '/rest/api/3/issue/bulkfetch', body: { fields: ['summary'] } },
    [/body\.issueIdsOrKeys is required/],
  ],
  [
    'POST search/jql with startAt and a string maxResults',
    { method: 'POST', path: '/rest/api/3/search/jql', body: { jql: 'project = REQ', startAt: 0, maxResults: '100' } },
    [/body\.startAt is not allowed/, /body\.maxResults must be integer, got string/],
  ],
  [
    'deprecated GET search',
    { method: 'GET', path: '/rest/api/3/search', query: { jql: 'project = REQ' } },
    [/searchForIssuesUsingJql .* is deprecated/],
  ],
  [
    'deprecated POST search',
    { method: 'POST', path: '/rest/api/3/search', body: { jql: 'project = REQ' } },
    [/searchForIssuesUsingJqlPost .* is deprecated/],
  ],

  // Workflow, comments, links, properties
  [
    'GET transitions',
    { method: 'GET', path: '/rest/api/3/issue/REQ-1/transitions', query: { includeUnavailableTransitions: 'true' } },
    'ok',
  ],
  [
    'POST transitions',
    {
      method: 'POST',
      path: '/rest/api/3/issue/REQ-1/transitions',
      body: { transition: { id: '21' }, fields: { resolution: { name: 'Done' } } },
    },
    'ok',
  ],
  [
    'POST transitions with a numeric id',
    { method: 'POST', path: '/rest/api/3/issue/REQ-1/transitions', body: { transition: { id: 21 } } },
    [/body\.transition\.id must be string, got integer/],
  ],
  [
    'POST comment',
    {
      method: 'POST',
      path: '/rest/api/3/issue/REQ-1/comment',
      body: { body: adf, visibility: { type: 'role', value: 'Administrators', identifier: null } },
    },
    'ok',
  ],
  [
    'POST comment with a bad visibility type',
    { method: 'POST', path: '/rest/api/3/issue/REQ-1/comment', body: { body: adf, visibility: { type: 'team', value: 'x' } } },
    [/body\.visibility\.type must be one of "group", "role", got "team"/],
  ],
  [
    'POST comment with a non-nullable null',
    { method: 'POST', path: '/rest/api/3/issue/REQ-1/comment', body: { body: adf, visibility: { type: 'role', value: null } } },
    [/body\.visibility\.value must be string, got null/],
  ],
  [
    'POST issueLink',
    {
      method: 'POST',
      path: '/rest/api/3/issueLink',
      body: { type: { name: 'Relates' }, inwardIssue: { key: 'REQ-1' }, outwardIssue: { key: 'REQ-2' }, comment: { body: adf } },
    },
    'ok',
  ],
  [
    'POST issueLink without outwardIssue',
    { method: 'POST', path: '/rest/api/3/issueLink', body: { type: { name: 'Relates' }, inwardIssue: { key: 'REQ-1' } } },
    [/body\.outwardIssue is required/],
  ],
  [
    'PUT issue property (any JSON)',
    { method: 'PUT', path: '/rest/api/3/issue/REQ-1/properties/requirement-triage', body: { score: 42, tags: ['a'] } },
    'ok',
  ],
  [
    'PUT issue property with an encoded key',
    { method: 'PUT', path: '/rest/api/3/issue/REQ-1/properties/triage%20score', body: 7 },
    'ok',
  ],
  [
    'PUT issue property without a body',
    { method: 'PUT', path: '/rest/api/3/issue/REQ-1/properties/requirement-triage' },
    [/body is required/],
  ],
  ['GET issue property', { method: 'GET', path: '/rest/api/3/issue/REQ-1/properties/requirement-triage' }, 'ok'],
  ['GET issue property keys', { method: 'GET', path: '/rest/api/3/issue/REQ-1/properties' }, 'ok'],

  // App-owned custom fields
  [
    'PUT app/field/{key}/value',
    {
      method: 'PUT',
      path: '/rest/api/3/app/field/customfield_10050/value',
      query: { generateChangelog: 'false' },
      body: { updates: [{ issueIds: [10100, 10101], value: 42 }] },
    },
    'ok',
  ],
  [
    'PUT app/field/{key}/value with issue keys instead of ids',
    {
      method: 'PUT',
      path: '/rest/api/3/app/field/customfield_10050/value',
      body: { updates: [{ issueIds: ['REQ-1'], value: 42 }] },
    },
    [/body\.updates\[0\]\.issueIds\[0\] must be integer, got string/],
  ],
  [
    'PUT app/field/{key}/value without value',
    { method: 'PUT', path: '/rest/api/3/app/field/customfield_10050/value', body: { updates: [{ issueIds: [10100] }] } },
    [/body\.updates\[0\]\.value is required/],
  ],
  [
    'POST app/field/value',
    {
      method: 'POST',
      path: '/rest/api/3/app/field/value',
      body: {
        updates: [
          { customField: 'customfield_10050', issueIds: [10100], value: 42 },
          { customField: 'customfield_10051', issueIds: [10100], value: null },
        ],
      },
    },
    'ok',
  ],
  [
    'POST app/field/value without customField',
    { method: 'POST', path: '/rest/api/3/app/field/value', body: { updates: [{ issueIds: [10100], value: 42 }] } },
    [/body\.updates\[0\]\.customField is required/],
  ],
  [
    'POST app/field/value with the single-field shape',
    {
      method: 'POST',
      path: '/rest/api/3/app/field/value',
      body: { updates: [{ issueIds: [10100], value: 42, fieldId: 'customfield_10050' }] },
    },
    [/body\.updates\[0\]\.fieldId is not allowed/, /customField is required/],
  ],

  // Permissions
  [
    'POST permissions/check',
    {
      method: 'POST',
      path: '/rest/api/3/permissions/check',
      body: {
        accountId: user.accountId,
        globalPermissions: ['ADMINISTER'],
        projectPermissions: [{ permissions: ['BROWSE_PROJECTS', 'EDIT_ISSUES'], projects: [10000], issues: [10100] }],
      },
    },
    'ok',
  ],
  [
    'POST permissions/check without permissions',
    { method: 'POST', path: '/rest/api/3/permissions/check', body: { projectPermissions: [{ projects: [10000] }] } },
    [/body\.projectPermissions\[0\]\.permissions is required/],
  ],
  [
    'POST permissions/check with project keys',
    {
      method: 'POST',
      path: '/rest/api/3/permissions/check',
      body: { projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], projects: ['REQ'] }] },
    },
    [/body\.projectPermissions\[0\]\.projects\[0\] must be integer, got string/],
  ],

  // Routing
  [
    'unknown path',
    { method: 'GET', path: '/rest/api/3/requirements' },
    [/operation not in the spec: GET \/rest\/api\/3\/requirements$/],
  ],
  [
    'undeclared method on a known path',
    { method: 'PATCH', path: '/rest/api/3/issue/REQ-1' },
    [/operation not in the spec: PATCH .*the spec has GET \/rest\/api\/3\/issue\/\{issueIdOrKey\}/],
  ],
  [
    'integer path parameter given text',
    { method: 'PUT', path: '/rest/api/3/field/customfield_10050/context/abc', body: { name: 'x' } },
    [/path\.contextId must be integer, got string/],
  ],
  [
    'header parameters are matched case-insensitively',
    {
      method: 'PUT',
      path: '/rest/atlassian-connect/1/migration/field',
      headers: { 'atlassian-transfer-id': '3571b9a7-348f-414a-9087-8e1ea03a7df8', 'x-other': '1' },
      body: { updateValueList: [] },
    },
    'ok',
  ],
  [
    'required header parameter missing',
    {
      method: 'PUT',
      path: '/rest/atlassian-connect/1/migration/field',
      headers: { 'content-type': 'application/json' },
      body: { updateValueList: [] },
    },
    [/header\.Atlassian-Transfer-Id is required/],
  ],

  // OpenAPI semantics the spec relies on
  [
    'readOnly required property may be omitted in a request',
    {
      method: 'PUT',
      path: '/rest/api/3/app/field/customfield_10050/context/configuration',
      body: { configurations: [{ id: '10000', configuration: { minimum: 0 } }] },
    },
    'ok',
  ],
  [
    'discriminator selects the branch',
    {
      method: 'PUT',
      path: '/rest/api/3/field/customfield_10050/context/defaultValue',
      body: { defaultValues: [{ type: 'option.single', contextId: '10100', optionId: '10001' }] },
    },
    'ok',
  ],
  [
    'discriminator branch is enforced',
    {
      method: 'PUT',
      path: '/rest/api/3/field/customfield_10050/context/defaultValue',
      body: { defaultValues: [{ type: 'option.single', contextId: '10100' }] },
    },
    [/body\.defaultValues\[0\]\.optionId is required/],
  ],
  [
    'unknown discriminator value',
    {
      method: 'PUT',
      path: '/rest/api/3/field/customfield_10050/context/defaultValue',
      body: { defaultValues: [{ type: 'option.none', contextId: '10100' }] },
    },
    [/body\.defaultValues\[0\]\.type must be one of .*"option.single"/],
  ],
];

const responseCases: ResponseCase[] = [
  ['GET myself 200', { method: 'GET', path: '/rest/api/3/myself', status: 200, body: user }, 'ok'],
  [
    'GET myself 200 with active as text',
    { method: 'GET', path: '/rest/api/3/myself', status: 200, body: { ...user, active: 'yes' } },
    [/body\.active must be boolean, got string/],
  ],
  [
    'GET myself 200 with a relative avatar URL',
    { method: 'GET', path: '/rest/api/3/myself', status: 200, body: { ...user, avatarUrls: { '48x48': '/avatar/48.png' } } },
    [/body\.avatarUrls\["48x48"\] must match format "uri"/],
  ],
  ['GET myself 200 without a body', { method: 'GET', path: '/rest/api/3/myself', status: 200 }, [/body is missing/]],
  [
    'GET myself 401 with any body',
    { method: 'GET', path: '/rest/api/3/myself', status: 401, body: { message: 'Unauthorized' } },
    'ok',
  ],
  [
    'GET field 200',
    {
      method: 'GET',
      path: '/rest/api/3/field',
      status: 200,
      body: [
        {
          id: 'summary',
          key: 'summary',
          name: 'Summary',
          custom: false,
          navigable: true,
          orderable: true,
          searchable: true,
          clauseNames: ['summary'],
          schema: { type: 'string', system: 'summary' },
        },
      ],
    },
    'ok',
  ],
  [
    'GET field 200 with a schema missing type',
    {
      method: 'GET',
      path: '/rest/api/3/field',
      status: 200,
      body: [{ id: 'customfield_10050', name: 'Score', custom: true, schema: { custom: 'x' } }],
    },
    [/body\[0\]\.schema\.type is required/],
  ],
  [
    'GET field 200 with an object instead of a list',
    { method: 'GET', path: '/rest/api/3/field', status: 200, body: { values: [] } },
    [/^body must be array, got object$/],
  ],
  ['GET issuetype 200', { method: 'GET', path: '/rest/api/3/issuetype', status: 200, body: [issueType] }, 'ok'],
  [
    'GET issuetype 401 (not declared for this operation)',
    { method: 'GET', path: '/rest/api/3/issuetype', status: 401, body: errors },
    [/status 401 is not declared for getIssueAllTypes \(declared: 200\)/],
  ],
  ['POST issuetype 201', { method: 'POST', path: '/rest/api/3/issuetype', status: 201, body: issueType }, 'ok'],
  [
    'POST issuetype 409',
    { method: 'POST', path: '/rest/api/3/issuetype', status: 409, body: { errorMessages: ['exists'], errors: {} } },
    'ok',
  ],
  [
    'GET project 200',
    {
      method: 'GET',
      path: '/rest/api/3/project/REQ',
      status: 200,
      body: {
        id: '10000',
        key: 'REQ',
        name: 'Requirements',
        projectTypeKey: 'software',
        simplified: false,
        style: 'classic',
        self: `${BASE}/rest/api/3/project/10000`,
        issueTypes: [issueType],
        lead: user,
      },
    },
    'ok',
  ],
  [
    'GET project 200 with a bad projectTypeKey',
    { method: 'GET', path: '/rest/api/3/project/REQ', status: 200, body: { id: '10000', key: 'REQ', projectTypeKey: 'kanban' } },
    [/body\.projectTypeKey must be one of "software", "service_desk", "business", got "kanban"/],
  ],
  [
    'POST issue 201',
    {
      method: 'POST',
      path: '/rest/api/3/issue',
      status: 201,
      body: { id: '10100', key: 'REQ-1', self: `${BASE}/rest/api/3/issue/10100` },
    },
    'ok',
  ],
  [
    'POST issue 201 with a numeric id and an extra property',
    { method: 'POST', path: '/rest/api/3/issue', status: 201, body: { id: 10100, key: 'REQ-1', fields: {} } },
    [/body\.id must be string, got integer/, /body\.fields is not allowed/],
  ],
  [
    'POST issue 400 ErrorCollection',
    {
      method: 'POST',
      path: '/rest/api/3/issue',
      status: 400,
      body: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } },
    },
    'ok',
  ],
  [
    'POST issue 400 with a non-ErrorCollection body',
    { method: 'POST', path: '/rest/api/3/issue', status: 400, body: { message: 'bad' } },
    [/body\.message is not allowed/],
  ],
  ['GET issue 200', { method: 'GET', path: '/rest/api/3/issue/REQ-1', status: 200, body: issue }, 'ok'],
  [
    'GET issue 200 with fields as a list',
    { method: 'GET', path: '/rest/api/3/issue/REQ-1', status: 200, body: { ...issue, fields: [] } },
    [/body\.fields must be object, got array/],
  ],
  ['GET issue 404', { method: 'GET', path: '/rest/api/3/issue/REQ-404', status: 404, body: errors }, 'ok'],
  ['PUT issue 204', { method: 'PUT', path: '/rest/api/3/issue/REQ-1', status: 204 }, 'ok'],
  [
    'PUT issue 204 with a body',
    { method: 'PUT', path: '/rest/api/3/issue/REQ-1', status: 204, body: issue },
    [/status 204 must not have a body/],
  ],
  [
    'PUT issue 418',
    { method: 'PUT', path: '/rest/api/3/issue/REQ-1', status: 418, body: undefined },
    [/status 418 is not declared for editIssue \(declared: 200, 204, 400/],
  ],
  ['DELETE issue 204', { method: 'DELETE', path: '/rest/api/3/issue/REQ-1', status: 204 }, 'ok'],
  [
    'DELETE issueLink 200 with a body (spec declares none)',
    { method: 'DELETE', path: '/rest/api/3/issueLink/10300', status: 200, body: { ok: true } },
    [/the spec declares no body for status 200/],
  ],
  [
    'GET search/jql 200',
    {
      method: 'GET',
      path: '/rest/api/3/search/jql',
      status: 200,
      body: { issues: [issue], nextPageToken: 'CAEaAggD', isLast: false },
    },
    'ok',
  ],
  [
    'POST issue/bulkfetch 200',
    { method: 'POST', path: '/rest/api/3/issue/bulkfetch', status: 200, body: { issues: [issue], issueErrors: [] } },
    'ok',
  ],
  [
    'POST issue/bulkfetch 200 with a malformed issue',
    {
      method: 'POST',
      path: '/rest/api/3/issue/bulkfetch',
      status: 200,
      body: { issues: [{ ...issue, fields: 'none' }], issueErrors: [] },
    },
    [/body\.issues\[0\]\.fields must be object/],
  ],
  [
    'POST search/jql 200 last page',
    { method: 'POST', path: '/rest/api/3/search/jql', status: 200, body: { issues: [], isLast: true } },
    'ok',
  ],
  [
    'GET search/jql 200 in the old offset shape',
    { method: 'GET', path: '/rest/api/3/search/jql', status: 200, body: { issues: [], startAt: 0, maxResults: 50, total: 0 } },
    [/body\.startAt is not allowed/, /body\.total is not allowed/],
  ],
  [
    'GET search/jql 200 with a numeric nextPageToken',
    { method: 'GET', path: '/rest/api/3/search/jql', status: 200, body: { issues: [], nextPageToken: 2 } },
    [/body\.nextPageToken must be string, got integer/],
  ],
  [
    'GET transitions 200',
    {
      method: 'GET',
      path: '/rest/api/3/issue/REQ-1/transitions',
      status: 200,
      body: {
        transitions: [
          {
            id: '21',
            name: 'Start',
            to: status,
            hasScreen: false,
            isGlobal: true,
            isInitial: false,
            isAvailable: true,
            isConditional: false,
            isLooped: false,
          },
        ],
      },
    },
    'ok',
  ],
  [
    'GET transitions 200 with a numeric transition id',
    {
      method: 'GET',
      path: '/rest/api/3/issue/REQ-1/transitions',
      status: 200,
      body: { transitions: [{ id: 21, name: 'Start' }] },
    },
    [/body\.transitions\[0\]\.id must be string, got integer/],
  ],
  ['POST transitions 204', { method: 'POST', path: '/rest/api/3/issue/REQ-1/transitions', status: 204 }, 'ok'],
  ['POST comment 201', { method: 'POST', path: '/rest/api/3/issue/REQ-1/comment', status: 201, body: comment }, 'ok'],
  [
    'POST comment 201 with a malformed created timestamp',
    { method: 'POST', path: '/rest/api/3/issue/REQ-1/comment', status: 201, body: { ...comment, created: '01/05/2024' } },
    [/body\.created must match format "date-time"/],
  ],
  ['POST issueLink 201 without a body', { method: 'POST', path: '/rest/api/3/issueLink', status: 201 }, 'ok'],
  ['PUT issue property 201', { method: 'PUT', path: '/rest/api/3/issue/REQ-1/properties/requirement-triage', status: 201 }, 'ok'],
  [
    'GET issue property 200',
    {
      method: 'GET',
      path: '/rest/api/3/issue/REQ-1/properties/requirement-triage',
      status: 200,
      body: { key: 'requirement-triage', value: { score: 42 } },
    },
    'ok',
  ],
  [
    'GET issue property 200 with an extra property',
    {
      method: 'GET',
      path: '/rest/api/3/issue/REQ-1/properties/requirement-triage',
      status: 200,
      body: { key: 'requirement-triage', value: 1, self: 'x' },
    },
    [/body\.self is not allowed/],
  ],
  [
    'GET issue property keys 200',
    {
      method: 'GET',
      path: '/rest/api/3/issue/REQ-1/properties',
      status: 200,
      body: { keys: [{ key: 'requirement-triage', self: `${BASE}/rest/api/3/issue/REQ-1/properties/requirement-triage` }] },
    },
    'ok',
  ],
  ['PUT app/field/{key}/value 204', { method: 'PUT', path: '/rest/api/3/app/field/customfield_10050/value', status: 204 }, 'ok'],
  ['POST app/field/value 204', { method: 'POST', path: '/rest/api/3/app/field/value', status: 204 }, 'ok'],
  [
    'POST permissions/check 200',
    {
      method: 'POST',
      path: '/rest/api/3/permissions/check',
      status: 200,
      body: {
        globalPermissions: ['ADMINISTER'],
        projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: [10000], issues: [] }],
      },
    },
    'ok',
  ],
  [
    'POST permissions/check 200 missing issues',
    {
      method: 'POST',
      path: '/rest/api/3/permissions/check',
      status: 200,
      body: { globalPermissions: [], projectPermissions: [{ permission: 'BROWSE_PROJECTS', projects: [10000] }] },
    },
    [/body\.projectPermissions\[0\]\.issues is required/],
  ],
  [
    'POST permissions/check 200 missing globalPermissions',
    { method: 'POST', path: '/rest/api/3/permissions/check', status: 200, body: { projectPermissions: [] } },
    [/body\.globalPermissions is required/],
  ],
  ['GET user/search 200', { method: 'GET', path: '/rest/api/3/user/search', status: 200, body: [user] }, 'ok'],
  [
    'GET user/search 200 with a bad accountType',
    { method: 'GET', path: '/rest/api/3/user/search', status: 200, body: [{ ...user, accountType: 'robot' }] },
    [/body\[0\]\.accountType must be one of/],
  ],
  ['unknown path', { method: 'GET', path: '/rest/api/3/requirements', status: 200, body: [] }, [/operation not in the spec/]],
  [
    'readOnly required property is required in a response',
    {
      method: 'GET',
      path: '/rest/api/3/app/field/customfield_10050/context/configuration',
      status: 200,
      body: { values: [{ id: '10000' }], isLast: true },
    },
    [/body\.values\[0\]\.fieldContextId is required/],
  ],
];

function expectOutcome(violation: ContractViolation | undefined, expected: 'ok' | RegExp[]): void {
  if (expected === 'ok') {
    expect(violation).toBeUndefined();
    return;
  }
  expect(violation).toBeDefined();
  const text = violation!.problems.join('\n');
  for (const pattern of expected) expect(text).toMatch(pattern);
}

describe('Jira OpenAPI contract', () => {
  describe('requests', () => {
    test.each(requestCases)('%s', (_name, input, expected) => {
      const violation = contract.checkRequest({ query: {}, body: undefined, ...input });
      expectOutcome(violation, expected);
      if (violation) expect(violation).toMatchObject({ direction: 'request', method: input.method, path: input.path });
    });
  });

  describe('responses', () => {
    test.each(responseCases)('%s', (_name, input, expected) => {
      const violation = contract.checkResponse({ body: undefined, ...input });
      expectOutcome(violation, expected);
      if (violation)
        expect(violation).toMatchObject({ direction: 'response', method: input.method, path: input.path, status: input.status });
    });
  });

  describe('findOperation', () => {
    test.each([
      ['GET', '/rest/api/3/issue/REQ-1', 'getIssue', '/rest/api/3/issue/{issueIdOrKey}'],
      ['POST', '/rest/api/3/issue/bulk', 'createIssues', '/rest/api/3/issue/bulk'],
      ['GET', '/rest/api/3/issue/picker', 'getIssuePickerResource', '/rest/api/3/issue/picker'],
      ['GET', '/rest/api/3/project/type/accessible', 'getAllAccessibleProjectTypes', '/rest/api/3/project/type/accessible'],
      ['GET', '/rest/api/3/project/type/software', 'getProjectTypeByKey', '/rest/api/3/project/type/{projectTypeKey}'],
      [
        'PUT',
        '/rest/api/3/app/field/customfield_10050/value',
        'updateCustomFieldValue',
        '/rest/api/3/app/field/{fieldIdOrKey}/value',
      ],
      ['post', '/rest/api/3/app/field/value', 'updateMultipleCustomFieldValues', '/rest/api/3/app/field/value'],
    ])('%s %s -> %s', (method, path, operationId, pathTemplate) => {
      expect(contract.findOperation(method, path)).toEqual({ operationId, pathTemplate, deprecated: false });
    });

    test('reports deprecation and misses', () => {
      expect(contract.findOperation('GET', '/rest/api/3/search')).toEqual({
        operationId: 'searchForIssuesUsingJql',
        pathTemplate: '/rest/api/3/search',
        deprecated: true,
      });
      expect(contract.findOperation('GET', '/rest/api/3/nothing/here')).toBeUndefined();
      expect(contract.findOperation('PATCH', '/rest/api/3/issue/REQ-1')).toBeUndefined();
      expect(contract.findOperation('GET', '/rest/api/3/issue/')).toBeUndefined();
    });
  });

  test('the violation carries the operation id', () => {
    expect(contract.checkRequest({ method: 'GET', path: '/rest/api/3/search', query: {}, body: undefined })).toMatchObject({
      operationId: 'searchForIssuesUsingJql',
    });
  });

  test('is loaded once per process', () => {
    expect(loadJiraContract()).toBe(contract);
  });

  test('repeated validations reuse the compiled validators', () => {
    const call = {
      method: 'GET',
      path: '/rest/api/3/search/jql',
      status: 200,
      body: { issues: Array.from({ length: 50 }, () => issue), isLast: true },
    };
    expect(contract.checkResponse(call)).toBeUndefined(); // compiles, if no earlier case did
    const compile = jest.spyOn(Ajv.prototype, 'compile');
    for (let index = 0; index < 50; index++) expect(contract.checkResponse(call)).toBeUndefined();
    expect(compile).not.toHaveBeenCalled();
    compile.mockRestore();
  });
});

test('a change item without `toString` (Jira leaves out an empty new value) is valid; one whose `toString` is not text is not', () => {
  const page = (item: Record<string, unknown>) => ({
    method: 'GET',
    path: '/rest/api/3/issue/REQ-1/changelog',
    status: 200,
    body: {
      startAt: 0,
      maxResults: 100,
      total: 1,
      isLast: true,
      values: [{ id: '10001', created: '2024-05-01T10:00:00.000+0000', items: [item] }],
    },
  });
  expect(
    contract.checkResponse(page({ field: 'labels', fieldtype: 'jira', fieldId: 'labels', from: 'old', fromString: 'old' })),
  ).toBeUndefined();
  expect(
    contract.checkResponse(page({ field: 'labels', fieldtype: 'jira', fieldId: 'labels', toString: 7 }))?.problems.join(' '),
  ).toContain('toString must be string');
});
