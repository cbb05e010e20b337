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
  const pattern = /this\.requestJira(?:<[^\n]*?>)?\(\s*route`([^`?]+)[^`]*`,\s*\{\s*operation:\s*'(\w+)',?\s*(?:method:\s*'(\w+)')?/g;
  return [...clientSource.matchAll(pattern)].map(([, template, operation, method]) => ({ operation: operation!, method: (method ?? 'GET').toLowerCase(), path: template!.replace(/\$\{[^}]+\}/g, '{}') }));
}

function specOperation(call: Call): { path: string; scopes: string[] } | undefined {
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

test('every call of the client is an operation of the Jira REST API spec', () => {
  expect(clientCalls().filter((call) => !specOperation(call)).map((call) => `${call.operation}: ${call.method.toUpperCase()} ${call.path}`)).toEqual([]);
});

test("the manifest's scopes are exactly those the client's calls need, plus storage:app for KVS", () => {
  const needed = new Set(clientCalls().flatMap((call) => specOperation(call)?.scopes ?? []));
  expect([...manifest.permissions.scopes].sort()).toEqual([...needed, 'storage:app'].sort());
});
