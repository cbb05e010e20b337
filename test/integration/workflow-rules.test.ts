import { Version3Client } from 'jira.js';
import type { WorkflowRecord } from '../../sandbox/jira/resources/workflows';
import { FEASIBILITY_DIMENSIONS, type FeasibilityMark, type FeasibilityVerdict } from '../../src/domain/delivery/feasibility';
import type { ResolverResult, SetupReport } from '../../src/shared/api';
import { updateDeliveryRecord, type DeliveryRecord } from '../../src/storage/delivery-store';
import { checkWorkflowRule } from '../../src/triggers/workflow-validator';
import { bothLanguages, serverText } from '../support/server-text';
import type { Message } from '../../src/domain/messages';
import { ACCOUNTS, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * The delivery rules setup installs on the Requirement workflow, and what a person moving a
 * Requirement through REST meets: Jira's 400 with the app's message naming every gap.
 */

const env = useTestSandbox();

const WORKFLOW_NAME = 'Requirement Triage workflow';
const RULED = ['Start work', 'Close', 'Fail test', 'Reopen', 'Reject', 'Reopen in progress'];

const { rest, move, fieldId } = siteRest(env);

async function createRequirement(summary: string, fields: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const created = await rest(
    'POST',
    '/rest/api/3/issue',
    {
      fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary, ...fields },
    },
    'pm',
  );
  expect(created.status).toBe(201);
  await env.site.sandbox.idle();
  return { id: String(created.body.id), key: String(created.body.key) };
}

const RULE_NOT_CHECKED = bothLanguages('server.rule.not_checked');
const RULE_NOT_CONFIGURED = bothLanguages('server.rule.not_configured');
const refusal = (message: string) => ({ status: 400, body: { errorMessages: [message], errors: {} } });
/** A rule's refusal as the validator writes it for nobody in particular: the lead and each blocker, in Chinese, then in English. */
const ruleRefusal = (rule: 'start' | 'close', ...blockers: Message['key'][]) => {
  const keys: Message['key'][] = [`server.rule.${rule}.lead`, ...blockers];
  return refusal(
    `${keys.map((key) => serverText('zh-CN', key)).join('')} / ${keys.map((key) => serverText('en-US', key)).join(' ')}`,
  );
};
// Jira answers a transition it made with 204 and no body.
const allowed = { status: 204, body: undefined };

const statusOf = async (key: string): Promise<string> =>
  ((await rest('GET', `/rest/api/3/issue/${key}?fields=status`, undefined, 'pm')).body.fields as { status: { name: string } })
    .status.name;

const mark = (dimension: FeasibilityMark['dimension'], verdict: FeasibilityVerdict, at: string): FeasibilityMark => ({
  dimension,
  verdict,
  note: verdict === 'feasible' ? '' : 'Needs the vendor API',
  by: { accountId: 'tech-lead', displayName: 'Tech Lead' },
  at,
});

/** Writes the app's delivery record directly, as the marks and closure screens will. */
const record = (issueId: string, change: (current: DeliveryRecord) => DeliveryRecord) => updateDeliveryRecord(issueId, change);

const notice = {
  channel: 'email' as const,
  at: '2026-11-20T10:00:00.000Z',
  summary: 'Delivered in release 4.2',
  customers: ['CUS202611001'],
};

function requirementWorkflow(): WorkflowRecord {
  return env.site.sandbox.store.list<WorkflowRecord>('jira-workflows').find((workflow) => workflow.name === WORKFLOW_NAME)!;
}

async function runSetup(projectKey = 'REQ', readerLocale: string | null = 'en-US'): Promise<SetupReport> {
  const response = await fetch(`${env.site.url}/__sandbox/invoke`, {
    method: 'POST',
    headers: ACCOUNTS.admin,
    body: JSON.stringify({
      resource: 'admin',
      resolver: 'setup.run',
      payload: { projectKey, ...(readerLocale ? { readerLocale } : {}) },
    }),
  });
  const { result } = (await response.json()) as { result: ResolverResult<SetupReport> };
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

const workflowStep = (report: SetupReport) => report.steps.find((step) => step.key === 'workflow')!;

describe('setup', () => {
  test("the seeded project's workflow carries the app's rule on every way into In progress and Closed, read back through the workflows API", async () => {
    const capabilities = await rest(
      'GET',
      `/rest/api/3/workflows/capabilities?workflowId=${requirementWorkflow().id}`,
      undefined,
      'admin',
    );
    const ruleId = `ari:cloud:ecosystem::extension/${env.site.sandbox.runtime.appId}/8d2a0c35-5a0c-4f6e-b7a4-8f0d3c9a1e22/static/rt-delivery-rules`;
    expect(capabilities.body.forgeRules).toEqual([
      {
        id: ruleId,
        name: 'Requirement Triage delivery rules',
        description: expect.stringContaining('feasibility'),
        ruleKey: 'forge:expression-validator',
        ruleType: 'Validator',
      },
    ]);
    const read = await rest('POST', '/rest/api/3/workflows', { workflowNames: [WORKFLOW_NAME] }, 'admin');
    const [workflow] = read.body.workflows as {
      version: { versionNumber: number };
      transitions: { name: string; validators: { ruleKey: string; parameters: Record<string, string> }[] }[];
    }[];
    const ruled = workflow!.transitions.filter((transition) => transition.validators.length > 0);
    expect(ruled.map((transition) => transition.name)).toEqual(RULED);
    expect(
      Object.fromEntries(
        ruled.map((transition) => [
          transition.name,
          transition.validators.map((validator) => [validator.ruleKey, validator.parameters.key, validator.parameters.config]),
        ]),
      ),
    ).toEqual({
      'Start work': [['forge:expression-validator', ruleId, '{"rule":"start"}']],
      Close: [['forge:expression-validator', ruleId, '{"rule":"close"}']],
      'Fail test': [['forge:expression-validator', ruleId, '{"rule":"start"}']],
      Reopen: [['forge:expression-validator', ruleId, '{"rule":"start"}']],
      Reject: [['forge:expression-validator', ruleId, '{"rule":"close"}']],
      'Reopen in progress': [['forge:expression-validator', ruleId, '{"rule":"start"}']],
    });
    // A re-run finds everything in place and changes nothing.
    const again = await runSetup();
    expect(workflowStep(again)).toEqual({
      key: 'workflow',
      status: 'done',
      detail: `Requirement uses ${WORKFLOW_NAME}, with its delivery rules.`,
    });
    // Each step says what it found in the admin's language, both languages when the page names none.
    expect(workflowStep(await runSetup('REQ', 'zh-CN')).detail).toBe(`Requirement 已使用 ${WORKFLOW_NAME}，并带有交付规则。`);
    expect(workflowStep(await runSetup('REQ', null)).detail).toBe(
      `Requirement 已使用 ${WORKFLOW_NAME}，并带有交付规则。 / Requirement uses ${WORKFLOW_NAME}, with its delivery rules.`,
    );
    expect(requirementWorkflow().version.versionNumber).toBe(workflow!.version.versionNumber);
  });

  test('an existing workflow without the rules gets them in one versioned update, resumes after a failure, and a re-run creates nothing', async () => {
    const store = env.site.sandbox.store;
    const before = requirementWorkflow();
    // As a workflow from before the rules existed, with an admin's edit since (version 3).
    store.commit([
      {
        collection: 'jira-workflows',
        id: before.id,
        value: {
          ...before,
          transitions: before.transitions.map(({ validators: _dropped, ...transition }) => transition),
          version: { id: 'v3', versionNumber: 3 },
        },
      },
    ]);
    const workflowCount = store.list('jira-workflows').length;

    const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
    env.site.sandbox.emulator.handle = (request, principal) => {
      if (request.method === 'POST' && request.path === '/rest/api/3/workflows/update')
        return { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } };
      return handle(request, principal);
    };
    try {
      const failed = await runSetup();
      expect(workflowStep(failed)).toMatchObject({ status: 'failed', detail: expect.stringContaining('Internal server error') });
    } finally {
      env.site.sandbox.emulator.handle = handle;
    }
    expect(requirementWorkflow().transitions.some((transition) => transition.validators)).toBe(false);

    const resumed = await runSetup();
    expect(workflowStep(resumed)).toEqual({
      key: 'workflow',
      status: 'created',
      detail: `Delivery rules added to 6 transitions (${RULED.join(', ')}).`,
    });
    expect(requirementWorkflow().version.versionNumber).toBe(4);
    expect(
      requirementWorkflow()
        .transitions.filter((transition) => transition.validators)
        .map((transition) => transition.name),
    ).toEqual(RULED);

    const again = await runSetup();
    expect(workflowStep(again).status).toBe('done');
    expect(requirementWorkflow().version.versionNumber).toBe(4);
    expect(store.list('jira-workflows')).toHaveLength(workflowCount);
    expect(env.site.sandbox.contractViolations.filter((violation) => violation.status !== 500)).toEqual([]);
  });

  test('an update based on an older version is refused with 409, changing nothing', async () => {
    const read = await rest('POST', '/rest/api/3/workflows', { workflowNames: [WORKFLOW_NAME] }, 'admin');
    const statuses = read.body.statuses as { id: string; name: string; statusCategory: string; statusReference: string }[];
    const [workflow] = read.body.workflows as {
      id: string;
      version: { id: string; versionNumber: number };
      statuses: unknown[];
      transitions: unknown[];
    }[];
    const stale = {
      statuses,
      workflows: [
        {
          id: workflow!.id,
          version: { ...workflow!.version, versionNumber: workflow!.version.versionNumber - 1 },
          statuses: workflow!.statuses,
          transitions: workflow!.transitions,
        },
      ],
    };
    const before = JSON.stringify(requirementWorkflow());
    const refused = await rest('POST', '/rest/api/3/workflows/update', stale, 'admin');
    expect(refused.status).toBe(409);
    expect(JSON.stringify(requirementWorkflow())).toBe(before);
    // A project admin without Administer Jira may not read or change workflows.
    expect((await rest('POST', '/rest/api/3/workflows', { workflowNames: [WORKFLOW_NAME] }, 'pm')).status).toBe(403);
  });
});

describe('moving a Requirement', () => {
  test('Start work is refused, naming every missing mark, until all three exist and none is not feasible', async () => {
    const { id, key } = await createRequirement('Shift report export to PDF');
    expect(await move(key, 'Confirm')).toEqual(allowed);
    expect(await move(key, 'Accept')).toEqual(allowed);

    expect(await move(key, 'Start work')).toEqual(
      ruleRefusal(
        'start',
        'server.blocker.feasibility_missing.technical',
        'server.blocker.feasibility_missing.business',
        'server.blocker.feasibility_missing.compliance',
      ),
    );
    // Refused, the transition is still offered and the issue has not moved.
    expect(
      ((await rest('GET', `/rest/api/3/issue/${key}/transitions`, undefined, 'pm')).body.transitions as { name: string }[]).map(
        (transition) => transition.name,
      ),
    ).toContain('Start work');
    expect(await statusOf(key)).toBe('Pending');

    await record(id, (current) => ({
      ...current,
      feasibility: [
        mark('technical', 'feasible', '2026-11-20T09:00:00Z'),
        mark('compliance', 'not-feasible', '2026-11-20T09:05:00Z'),
      ],
    }));
    expect(await move(key, 'Start work')).toEqual(
      ruleRefusal('start', 'server.blocker.feasibility_missing.business', 'server.blocker.not_feasible.compliance'),
    );
    await record(id, (current) => ({
      ...current,
      feasibility: [
        ...current.feasibility,
        mark('business', 'conditional', '2026-11-20T10:00:00Z'),
        mark('compliance', 'feasible', '2026-11-20T10:05:00Z'),
      ],
    }));
    expect(await move(key, 'Start work')).toEqual(allowed);
    // The site's own "In Progress" status is reused (status names are unique regardless of case).
    expect(await statusOf(key)).toBe('In Progress');
  });

  test('an ordinary REST client (jira.js) gets the refusal with the message, as from Jira', async () => {
    const { key } = await createRequirement('Shift handover checklist');
    const client = new Version3Client({
      host: env.site.url,
      authentication: { basic: { email: 'pm@example.com', apiToken: 'pm-token' } },
    });
    await client.issues.doTransition({ issueIdOrKey: key, transition: { id: '11' } });
    await client.issues.doTransition({ issueIdOrKey: key, transition: { id: '21' } });
    const refused = await client.issues.doTransition({ issueIdOrKey: key, transition: { id: '31' } }).then(
      () => undefined,
      (error: unknown) => error as { status?: number; response?: unknown },
    );
    expect(refused?.status).toBe(400);
    const refusalText = JSON.stringify(refused?.response);
    expect(refusalText).toContain(
      `${serverText('zh-CN', 'server.rule.start.lead')}${serverText('zh-CN', 'server.blocker.feasibility_missing.technical')}`,
    );
    expect(refusalText).toContain('This requirement cannot move to In progress yet. Mark the technical feasibility first.');
    expect(await statusOf(key)).toBe('Pending');
  });

  test('a delivered Requirement closes only once the customer was told and answered; a manager’s waiver stands in for both', async () => {
    const feasible = FEASIBILITY_DIMENSIONS.map((dimension) => mark(dimension, 'feasible', '2026-11-20T09:00:00Z'));
    const delivered = async (summary: string) => {
      const issue = await createRequirement(summary);
      await record(issue.id, (current) => ({ ...current, feasibility: feasible }));
      for (const step of ['Confirm', 'Accept', 'Start work', 'Send to test', 'Pass test'])
        expect([step, await move(issue.key, step)]).toEqual([step, allowed]);
      // The Done event starts the closure round; a record written before it lands would become its history.
      await env.site.sandbox.idle();
      return issue;
    };
    const first = await delivered('Alarm thresholds per device');
    expect(await move(first.key, 'Close')).toEqual(ruleRefusal('close', 'server.blocker.notice', 'server.blocker.follow_up'));
    // Rejecting it from Done is closing it too, with the same rule.
    expect((await move(first.key, 'Reject')).status).toBe(400);
    await record(first.id, (current) => ({
      ...current,
      closure: { ...current.closure, completedAt: '2026-11-20T09:30:00Z', notice },
    }));
    expect(await move(first.key, 'Close')).toEqual(ruleRefusal('close', 'server.blocker.follow_up'));
    await record(first.id, (current) => ({
      ...current,
      closure: {
        ...current.closure,
        followUp: { at: '2026-11-28T10:00:00Z', answers: [{ customer: 'CUS202611001', satisfaction: 4, comment: '' }] },
      },
    }));
    expect(await move(first.key, 'Close')).toEqual(allowed);
    expect(await statusOf(first.key)).toBe('Closed');

    const second = await delivered('Dashboard in Traditional Chinese');
    await record(second.id, (current) => ({
      ...current,
      closure: {
        ...current.closure,
        waiver: { by: 'manager', reason: 'The customer left the programme', at: '2026-11-21T09:00:00Z' },
      },
    }));
    expect(await move(second.key, 'Close')).toEqual(allowed);
    // Reopening into In progress checks the marks again: all three are still there.
    expect(await move(second.key, 'Reopen in progress')).toEqual(allowed);
  });

  test("a Won't-have, or any requirement rejected before Done, needs its reason and a record that the customer was told", async () => {
    const wont = await createRequirement('Offline mode for the kiosk', { [fieldId('MoSCoW')]: "Won't" });
    expect(await move(wont.key, 'Reject')).toEqual(
      ruleRefusal('close', 'server.blocker.wont_reason', 'server.blocker.wont_notice'),
    );
    expect(
      (
        await rest(
          'PUT',
          `/rest/api/3/issue/${wont.key}`,
          {
            fields: { [fieldId("Won't-have reason")]: 'Kiosks are always online at every site' },
          },
          'pm',
        )
      ).status,
    ).toBe(204);
    expect(await move(wont.key, 'Reject')).toEqual(ruleRefusal('close', 'server.blocker.wont_notice'));
    await record(wont.id, (current) => ({ ...current, closure: { ...current.closure, notice } }));
    expect(await move(wont.key, 'Reject')).toEqual(allowed);

    // A Must rejected while still being confirmed is closed unfinished: the same two gaps.
    const rejected = await createRequirement('Voice input for work orders', { [fieldId('MoSCoW')]: 'Must' });
    expect(await move(rejected.key, 'Reject')).toEqual(
      ruleRefusal('close', 'server.blocker.wont_reason', 'server.blocker.wont_notice'),
    );
  });

  test('a Duplicate link someone added by hand does not stand in for a merge', async () => {
    const kept = await createRequirement('Batch print of labels');
    const copy = await createRequirement('Print many labels at once');
    expect(
      (
        await rest(
          'POST',
          '/rest/api/3/issueLink',
          {
            type: { name: 'Duplicate' },
            inwardIssue: { key: copy.key },
            outwardIssue: { key: kept.key },
          },
          'pm',
        )
      ).status,
    ).toBe(201);
    expect((await move(copy.key, 'Reject')).status).toBe(400);
    expect(await statusOf(copy.key)).toBe('To confirm');
  });

  test('when the rule cannot read what it needs, the transition is refused saying so (fail closed)', async () => {
    const { key } = await createRequirement('Export audit trail');
    await fetch(`${env.site.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, statuses: [500], seed: 3 }),
    });
    try {
      expect(await move(key, 'Reject')).toEqual(refusal(RULE_NOT_CHECKED));
    } finally {
      await fetch(`${env.site.url}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rate: 0 }),
      });
    }
    expect(await statusOf(key)).toBe('To confirm');
  });
});

test("the frame's session may change issues over REST only with Jira's XSRF header", async () => {
  const { key } = await createRequirement('Session-made transition');
  const session = await fetch(`${env.site.url}/__sandbox/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: '5b10ac8d82e05b22cc7d4ef5' }),
  });
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const post = (headers: Record<string, string>) =>
    fetch(`${env.site.url}/rest/api/3/issue/${key}/transitions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ transition: { id: '11' } }),
    });
  expect((await post({})).status).toBe(403);
  expect(await statusOf(key)).toBe('To confirm');
  expect((await post({ 'x-atlassian-token': 'no-check' })).status).toBe(204);
  expect(await statusOf(key)).toBe('Analysing');
});

test('the validator function refuses an event it cannot read and a rule it does not know', async () => {
  expect(await checkWorkflowRule(undefined)).toEqual({ result: false, errorMessage: RULE_NOT_CHECKED });
  expect(await checkWorkflowRule({ issue: { key: 'not a key' }, configuration: '{"rule":"start"}' })).toEqual({
    result: false,
    errorMessage: RULE_NOT_CHECKED,
  });
  expect(await checkWorkflowRule({ issue: { id: '10001' }, configuration: '{"rule":"deliver"}' })).toEqual({
    result: false,
    errorMessage: RULE_NOT_CONFIGURED,
  });
  expect(await checkWorkflowRule({ issue: { id: '10001' }, configuration: 'not json' })).toEqual({
    result: false,
    errorMessage: RULE_NOT_CONFIGURED,
  });
  expect(await checkWorkflowRule({ issue: { id: '10001' } })).toEqual({ result: false, errorMessage: RULE_NOT_CONFIGURED });
});
