import { RESOLVER_DEFINITIONS } from '../../src/resolvers';
import { captureConsole, linesWithPersonalData, type ConsoleCapture } from '../support/log-capture';
import { listResolvers } from '../support/resolver-calls';
import { fuzzResolver, StateWatch, type FuzzReport } from '../support/resolver-fuzz';
import { useTestSandbox } from '../support/test-sandbox';

/**
 * Every resolver the control API lists, fuzzed as an admin (the role that reaches the most code):
 * wrong types, huge and unicode strings, prototype-pollution keys, odd numbers, and its valid payload
 * with one field changed. `npm run bench -- fuzz` runs 10,000 payloads per resolver; CI runs fewer.
 * FUZZ_SEED replays a run.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const env = useTestSandbox();
let capture: ConsoleCapture;
let watch: StateWatch;
const reports: FuzzReport[] = [];

beforeAll(() => {
  watch = new StateWatch(env.site.sandbox.store);
  capture = captureConsole();
});
afterAll(() => capture.restore());

const RESOLVER_KEYS = [...new Set(RESOLVER_DEFINITIONS.map((definition) => definition.key))];

test('the control API lists every resolver the app defines, so each is fuzzed below', async () => {
  const listed = [...new Set((await listResolvers(env.site.url)).map((entry) => entry.resolver))];
  expect(listed.sort()).toEqual([...RESOLVER_KEYS].sort());
});

// About 4 s a resolver on 2 shared cores; each has its own limit, so a loaded machine slows the run but does not fail it.
test.each(RESOLVER_KEYS)(
  `%s: ${RUNS} payloads, only 4xx-style rejections, nothing written on a rejection (FUZZ_SEED=${SEED})`,
  async (resolver) => {
    const report = await fuzzResolver({
      url: env.site.url,
      watch,
      idle: () => env.site.sandbox.idle(),
      resolver,
      runs: RUNS,
      seed: SEED,
    });
    reports.push(report);
    await env.site.sandbox.idle();
    expect(report.failures).toEqual([]);
    expect(report.payloads).toBe(RUNS);
  },
  90_000,
);

test('most payloads were refused, or the generator is not producing bad input', () => {
  expect(reports).toHaveLength(RESOLVER_KEYS.length);
  const rejected = reports.reduce((sum, report) => sum + Object.values(report.rejected).reduce((a, b) => a + b, 0), 0);
  expect(rejected).toBeGreaterThan(RESOLVER_KEYS.length * RUNS * 0.5);
});

test('nothing printed while fuzzing names a person or an issue', () => {
  expect(reports.length).toBeGreaterThan(0);
  expect(linesWithPersonalData(capture.lines, env.site.sandbox.store)).toEqual([]);
});

test('the Jira calls the fuzzed resolvers made all matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
