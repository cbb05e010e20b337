import { performance } from 'node:perf_hooks';
import type { ProjectReports, ReportGadgetData, ReportsCopyNeeded, RequirementPage, ResolverResult } from '../src/shared/api';
import { jiraAsApp } from '../src/jira/client';
import { gadgetReportPeriod } from '../src/domain/gadget-config';
import { resolveAppFieldIds } from '../src/services/app-fields';
import { projectReports, reportGadgetData } from '../src/services/reports';
import { updateDeliveryRecord } from '../src/storage/delivery-store';
import { createBenchRequirements, seededRandom, withBenchSite } from './helpers';

/**
 * `npm run bench -- reports`: one reports.get over a project of BENCH_REPORT_REQUIREMENTS (10,000)
 * requirements, a third of them with a delivery record (completion, notice, follow-up), with the
 * emulator answering the app's Jira calls at once and at 250 ± 100 ms (its latency setting): the
 * first report (no copy of the project's rows yet: it reads them by search and writes the copy),
 * then reports from the copy, then the report gadget from the copy. Prints calls, points and time;
 * KVS latency is not modelled.
 */
/** Maria Manager, who opens the reports and the gadget (sandbox/seed.ts). */
const MANAGER = '5b109f2e9729b51b54dc274d';

export async function benchReports(): Promise<void> {
  const count = Number(process.env.BENCH_REPORT_REQUIREMENTS ?? 10_000);
  await withBenchSite('reports', { eventDelayMs: 0 }, async ({ sandbox, url }) => {
    await createBenchRequirements(sandbox, count - 6, 19);
    const issueIds = sandbox.store.list<{ id: string; key: string }>('jira-issues').map((issue) => issue.id);
    const random = seededRandom(19);
    const now = sandbox.clock.now().getTime();
    const delivered = issueIds.filter(() => random() < 1 / 3);
    const recordsStarted = performance.now();
    for (const issueId of delivered) {
      const completedAt = now - Math.floor(random() * 170) * 86_400_000 - 3_600_000 * 30;
      const noticeAt = completedAt + Math.floor(random() * 48) * 3_600_000;
      await sandbox.runtime.runInEnvironment(() =>
        updateDeliveryRecord(issueId, (current) => ({
          ...current,
          accepted: {
            on: new Date(completedAt - 40 * 86_400_000).toISOString().slice(0, 10),
            grade: 'A',
            dueDate: new Date(completedAt + (random() < 0.7 ? 1 : -1) * 5 * 86_400_000).toISOString().slice(0, 10),
          },
          closure: {
            completedAt: new Date(completedAt).toISOString(),
            notice: { channel: 'email', at: new Date(noticeAt).toISOString(), summary: 'bench', customers: ['bench'] },
            followUp: {
              at: new Date(Math.min(now, noticeAt + 8 * 86_400_000)).toISOString(),
              answers: [{ customer: 'bench', satisfaction: 1 + Math.floor(random() * 5), comment: '' }],
            },
            waiver: null,
          },
        })),
      );
    }
    console.log(
      `reports setup requirements=${issueIds.length} delivery_records=${delivered.length} records_ms=${(performance.now() - recordsStarted).toFixed(0)}`,
    );
    const auth = {
      authorization: `Basic ${Buffer.from('manager@example.com:manager-token').toString('base64')}`,
      'content-type': 'application/json',
    };
    const month = new Date(now).toISOString().slice(0, 7);
    const from = new Date(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 5, 1)).toISOString().slice(0, 7);
    const invoke = async <T>(resolver: string, payload: unknown, resource = 'matrix'): Promise<T> => {
      const send = () =>
        fetch(`${url}/__sandbox/invoke`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ resource, resolver, payload, context: { projectKey: 'REQ' } }),
        });
      const response = await send().catch(send);
      const result = ((await response.json()) as { result?: ResolverResult<T> }).result;
      if (!result?.ok)
        throw new Error(`${resolver} failed: ${result ? result.error.message : 'no answer (stopped at its time limit?)'}`);
      return result.data;
    };
    /** As the page does: a copy-needed answer is followed by the matrix's pages (which write the copy), then the report again. */
    let resolverCalls = 0;
    const report = async (): Promise<ProjectReports> => {
      resolverCalls += 1;
      const first = await invoke<ProjectReports | ReportsCopyNeeded>('reports.get', { projectKey: 'REQ', from, to: month });
      if (!('copyNeeded' in first)) return first;
      let nextPageToken: string | null = null;
      do {
        resolverCalls += 1;
        const page: RequirementPage = await invoke<RequirementPage>('requirements.list', { projectKey: 'REQ', nextPageToken });
        nextPageToken = (page.pageTokens ?? []).length > 0 ? null : page.nextPageToken;
      } while (nextPageToken);
      return report();
    };
    const forgetCopy = () =>
      sandbox.store.commit(
        sandbox.store
          .ids('kvs')
          .filter((key) => key.startsWith('rows:REQ:'))
          .map((id) => ({ collection: 'kvs', id, delete: true })),
      );
    for (const latency of [
      { name: '0ms', settings: { medianMs: 0 } },
      { name: '250ms', settings: { medianMs: 250, spreadMs: 100, seed: 19 } },
    ]) {
      forgetCopy();
      for (const attempt of ['first', 'again', 'again']) {
        await sandbox.idle();
        sandbox.latency.configure(latency.settings);
        sandbox.rateLimits.reset();
        resolverCalls = 0;
        const started = performance.now();
        const figures = await report();
        const ms = performance.now() - started;
        const { total } = sandbox.rateLimits.report();
        const deliveredInPeriod = figures.onTimeByGrade.reduce((sum, row) => sum + row.delivered, 0);
        console.log(
          `reports latency=${latency.name} action=report_${attempt} requirements=${figures.requirementCount} delivered_in_period=${deliveredInPeriod} resolver_calls=${resolverCalls} jira_calls=${total.calls} points=${total.points} ms=${ms.toFixed(0)}`,
        );
        sandbox.latency.configure({ medianMs: 0 });
      }
      // The dashboard's report gadget, from the copy the reports left (its budget: 1 s at 250 ms a call),
      // in-process without the guard: as it was (every report computed, every linked customer read, then
      // three tables kept) and as it is (only its three tables, only the answering customers); then the
      // resolver as the dashboard calls it (the guard's checks side by side with the report's reads).
      const allReports = () =>
        sandbox.runtime.runAsUser(MANAGER, () =>
          Promise.all([
            projectReports('REQ', MANAGER, (today) => gadgetReportPeriod('last-6-months', today)),
            resolveAppFieldIds(jiraAsApp()),
          ]).then(([reports]) => reports),
        );
      const threeTables = () => sandbox.runtime.runAsUser(MANAGER, () => reportGadgetData('REQ', MANAGER, 'last-6-months'));
      const now = () => invoke<ReportGadgetData | ReportsCopyNeeded>('reports.gadget', { projectKey: 'REQ' }, 'gadget');
      for (const [name, open] of [
        ['gadget_all_reports', allReports],
        ['gadget_three_tables', threeTables],
        ['gadget', now],
        ['gadget_all_reports', allReports],
        ['gadget_three_tables', threeTables],
        ['gadget', now],
      ] as const) {
        await sandbox.idle();
        sandbox.latency.configure(latency.settings);
        sandbox.rateLimits.reset();
        const started = performance.now();
        const gadget = await open();
        const ms = performance.now() - started;
        const { total } = sandbox.rateLimits.report();
        const counted = 'copyNeeded' in gadget ? 'copy_needed' : String(gadget.requirementCount);
        console.log(
          `reports latency=${latency.name} action=${name} requirements=${counted} jira_calls=${total.calls} points=${total.points} ms=${ms.toFixed(0)}`,
        );
        sandbox.latency.configure({ medianMs: 0 });
      }
    }
  });
}
