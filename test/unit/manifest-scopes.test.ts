import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * Least privilege: the manifest asks for exactly the classic scopes the app's Jira calls need. Every
 * call goes through src/jira/client.ts; each (method, path) found there is looked up in Atlassian's
 * OpenAPI spec, whose operations name their current scopes. storage:app (KVS) is not a REST scope.
 */

const root = path.resolve(__dirname, '../..');
const clientSource = readFileSync(path.join(root, 'src/jira/client.ts'), 'utf8');
const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8')) as { permissions: { scopes: string[] } };
const spec = JSON.parse(readFileSync(path.join(root, 'test/fixtures/jira-openapi/swagger-v3.v3.json'), 'utf8')) as {
  paths: Record<string, Record<string, { 'x-atlassian-oauth2-scopes'?: { scopes: string[]; state: string }[] }>>;
};

interface Call {
  operation: string;
  method: string;
  path: string;
}

/** Every `this.requestJira(route\`…\`, { operation, method })` in the client, with the path up to its query. */
function clientCalls(): Call[] {
  const pattern = /this\.requestJira[^`]*?\(\s*route`([^`?]+)[^`]*`,\s*\{\s*operation:\s*'(\w+)',?\s*(?:method:\s*'(\w+)')?/g;
  return [...clientSource.matchAll(pattern)].map(([, template, operation, method]) => ({
    operation: operation!,
    method: (method ?? 'GET').toLowerCase(),
    path: template!.replace(/\$\{[^}]+\}/g, '{}'),
  }));
}

/**
 * Jira Service Management has no OpenAPI file here: its operations' classic scopes as the JSM REST
 * reference lists them (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/,
 * .../api-group-organization/), one row per call the client makes.
 */
const SERVICE_DESK_OPERATIONS: Record<string, string[]> = {
  'get /rest/servicedeskapi/request/{}': ['read:servicedesk-request'],
  'get /rest/servicedeskapi/request/{}/attachment': ['read:servicedesk-request'],
  'get /rest/servicedeskapi/request/{}/comment': ['read:servicedesk-request'],
  'post /rest/servicedeskapi/request/{}/comment': ['write:servicedesk-request'],
  'get /rest/servicedeskapi/request/{}/feedback': ['read:servicedesk-request'],
  'get /rest/servicedeskapi/organization': ['manage:servicedesk-customer'],
};

function specOperation(call: Call): { path: string; scopes: string[] } | undefined {
  const serviceDesk = SERVICE_DESK_OPERATIONS[`${call.method} ${call.path}`];
  if (serviceDesk) return { path: call.path, scopes: serviceDesk };
  for (const [specPath, operations] of Object.entries(spec.paths)) {
    const matcher = new RegExp(`^${specPath.replace(/\{[^}]+\}/g, '\\{\\}')}$`);
    const operation = operations[call.method];
    if (matcher.test(call.path) && operation) {
      const current = operation['x-atlassian-oauth2-scopes']?.find((entry) => entry.state === 'Current');
      return { path: specPath, scopes: current?.scopes ?? [] };
    }
  }
  return undefined;
}

test('the client holds the calls this test reads (the pattern still matches its code)', () => {
  const sends = clientSource.match(/this\.requestJira\(|this\.requestJira</g)?.length ?? 0;
  expect(clientCalls()).toHaveLength(sends);
  expect(sends).toBeGreaterThan(20);
});

test('every call of the client is an operation of the Jira REST API spec (or of the JSM table)', () => {
  expect(
    clientCalls()
      .filter((call) => !specOperation(call))
      .map((call) => `${call.operation}: ${call.method.toUpperCase()} ${call.path}`),
  ).toEqual([]);
});

test("the manifest's scopes are exactly those the client's calls need, plus storage:app for KVS", () => {
  const needed = new Set(clientCalls().flatMap((call) => specOperation(call)?.scopes ?? []));
  expect([...manifest.permissions.scopes].sort()).toEqual([...needed, 'storage:app'].sort());
});
