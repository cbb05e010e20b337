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

// About 4 s per resolver on 2 shared cores; the limit leaves room for more resolvers and a loaded machine.
test(`${RUNS} payloads per resolver: only 4xx-style rejections, nothing written on a rejection (FUZZ_SEED=${SEED})`, async () => {
  const resolvers = [...new Set((await listResolvers(env.site.url)).map((entry) => entry.resolver))];
  for (const resolver of resolvers)
    reports.push(
      await fuzzResolver({ url: env.site.url, watch, idle: () => env.site.sandbox.idle(), resolver, runs: RUNS, seed: SEED }),
    );
  await env.site.sandbox.idle();
  expect(reports.flatMap((report) => report.failures)).toEqual([]);
  expect(reports.map((report) => [report.resolver, report.payloads])).toEqual(resolvers.map((resolver) => [resolver, RUNS]));
  // Most payloads must be refused, or the generator is not producing bad input.
  const rejected = reports.reduce((sum, report) => sum + Object.values(report.rejected).reduce((a, b) => a + b, 0), 0);
  expect(rejected).toBeGreaterThan(resolvers.length * RUNS * 0.5);
}, 300_000);

test('nothing printed while fuzzing names a person or an issue', () => {
  expect(reports.length).toBeGreaterThan(0);
  expect(linesWithPersonalData(capture.lines, env.site.sandbox.store)).toEqual([]);
});

test('the Jira calls the fuzzed resolvers made all matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
