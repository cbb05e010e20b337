import { RESOLVER_DEFINITIONS } from '../../src/resolvers';
import { currentState, invokeAs, listResolvers, ROLES, validCallFor, type ResolverListEntry } from '../support/resolver-calls';
import { describeAccess, readPermissionTable } from '../support/security-table';
import { useTestSandbox } from '../support/test-sandbox';

/**
 * Who may call which resolver: every resolver the control API lists must check its payload with a
 * schema and declare a Jira permission, and every seeded role gets exactly what the table in
 * docs/SECURITY.md says, no more.
 */

const env = useTestSandbox();
const table = readPermissionTable();
let resolvers: ResolverListEntry[];

beforeAll(async () => {
  resolvers = await listResolvers(env.site.url);
});

/** One entry per resolver key (the control API lists each for every surface). */
const distinct = (entries: ResolverListEntry[]): ResolverListEntry[] => [
  ...new Map(entries.map((entry) => [entry.resolver, entry])).values(),
];

test('every resolver has a payload schema and a declared permission, on every surface', () => {
  expect(
    distinct(resolvers)
      .map((entry) => entry.resolver)
      .sort(),
  ).toEqual(RESOLVER_DEFINITIONS.map((definition) => definition.key).sort());
  const problems = resolvers.flatMap((entry) => [
    ...(entry.schema ? [] : [`${entry.resource}/${entry.resolver}: no payload schema`]),
    ...(entry.access &&
    ['issue', 'named-issue', 'project', 'global', 'signed-in'].includes(entry.access.scope) &&
    (entry.access.scope === 'signed-in' || entry.access.permission)
      ? []
      : [`${entry.resource}/${entry.resolver}: no declared permission`]),
  ]);
  expect(problems).toEqual([]);
});

test('docs/SECURITY.md has one row per resolver, with the access the code declares', () => {
  const documented = table.map((row) => `${row.resolver} (${row.declaredAccess})`).sort();
  const declared = distinct(resolvers)
    .map((entry) => `${entry.resolver} (${describeAccess(entry.access)})`)
    .sort();
  expect(documented).toEqual(declared);
  for (const row of table) expect(Object.keys(row.allowed).sort()).toEqual([...ROLES].sort());
});

test('every role gets exactly what the table allows, with a valid payload on the demo project', async () => {
  const mismatches: string[] = [];
  for (const { resolver } of distinct(resolvers)) {
    const call = validCallFor(resolver);
    const row = table.find((candidate) => candidate.resolver === resolver);
    if (!row) throw new Error(`docs/SECURITY.md has no row for ${resolver}.`);
    for (const role of ROLES) {
      // Who may call what is the question here: the previous call's triggers finish first, so a
      // background write on the same issue cannot turn an allowed call into a busy one.
      await env.site.sandbox.idle();
      const payload = call.payload(await currentState(env.site.url));
      const outcome = await invokeAs(env.site.url, role, { resource: call.resource, resolver, payload, context: call.context });
      const result = outcome.result;
      if (!result) throw new Error(`${role} → ${resolver}: HTTP ${outcome.status} ${outcome.text}`);
      // A valid call either runs or is refused by the guard; any other error means the case itself is broken.
      if (!result.ok && result.error.kind !== 'forbidden')
        throw new Error(`${role} → ${resolver} failed with ${result.error.kind}: ${result.error.message}`);
      if (result.ok !== row.allowed[role])
        mismatches.push(
          `${role} → ${resolver}: ${result.ok ? 'allowed' : 'refused'}, the table says ${row.allowed[role] ? 'yes' : 'no'}`,
        );
    }
  }
  await env.site.sandbox.idle();
  expect(mismatches).toEqual([]);
}, 240_000);

test('a project that does not exist is refused like a hidden one, for every role', async () => {
  const projectScoped = distinct(resolvers).filter((entry) => entry.access?.scope === 'project');
  expect(projectScoped.length).toBeGreaterThan(0);
  for (const { resolver } of projectScoped) {
    const call = validCallFor(resolver);
    for (const role of ROLES) {
      const outcome = await invokeAs(env.site.url, role, {
        resource: call.resource,
        resolver,
        payload: { ...call.payload(await currentState(env.site.url)), projectKey: 'NOPE' },
        context: {},
      });
      // The message names the resolver's own permission, e.g. "Browse projects" or "Create issues" or "Edit issues".
      expect({ role, resolver, result: outcome.result }).toEqual({
        role,
        resolver,
        result: {
          ok: false,
          error: {
            kind: 'forbidden',
            message: expect.stringMatching(
              /^你需要项目 NOPE 的“.+”权限。 \/ You need the "[A-Za-z" ]+" permission on project NOPE\.$/,
            ),
          },
        },
      });
    }
  }
}, 120_000);
