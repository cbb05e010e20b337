import {
  transitionRuleOf,
  REQUIREMENT_INITIAL_STATUS,
  REQUIREMENT_WORKFLOW,
  requirementWorkflowName,
  REQUIREMENT_WORKFLOW_STATUSES,
  REQUIREMENT_WORKFLOW_TRANSITIONS,
  type WorkflowStatusKey,
} from '../../../src/domain/workflow';

/** The requirement workflow setup installs: the source documents' statuses, a lifecycle without dead ends. */

const keys = REQUIREMENT_WORKFLOW_STATUSES.map((status) => status.key);
const next = (from: WorkflowStatusKey): WorkflowStatusKey[] =>
  REQUIREMENT_WORKFLOW_TRANSITIONS.filter((transition) => transition.from.length === 0 || transition.from.includes(from)).map(
    (transition) => transition.to,
  );

test('has the seven statuses in order, each with its Chinese name first in its description', () => {
  expect(REQUIREMENT_WORKFLOW_STATUSES.map((status) => [status.name, status.zh])).toEqual([
    ['To confirm', '待确认'],
    ['Analysing', '分析中'],
    ['Pending', '待处理'],
    ['In progress', '进行中'],
    ['In test', '测试中'],
    ['Done', '已完成'],
    ['Closed', '已关闭'],
  ]);
  for (const status of REQUIREMENT_WORKFLOW_STATUSES) expect(status.description.startsWith(status.zh)).toBe(true);
  expect(REQUIREMENT_WORKFLOW_STATUSES.map((status) => status.category)).toEqual([
    'TODO',
    'TODO',
    'TODO',
    'IN_PROGRESS',
    'IN_PROGRESS',
    'DONE',
    'DONE',
  ]);
});

test('every status is reachable from the initial one, and every open one can reach Closed', () => {
  const reachable = new Set<WorkflowStatusKey>([REQUIREMENT_INITIAL_STATUS]);
  const queue: WorkflowStatusKey[] = [REQUIREMENT_INITIAL_STATUS];
  while (queue.length > 0) {
    for (const target of next(queue.shift()!)) {
      if (reachable.has(target)) continue;
      reachable.add(target);
      queue.push(target);
    }
  }
  expect([...reachable].sort()).toEqual([...keys].sort());
  for (const status of keys.filter((key) => key !== 'closed')) expect(next(status)).toContain('closed');
});

test('transition ids are unique and every transition names known statuses', () => {
  const ids = REQUIREMENT_WORKFLOW_TRANSITIONS.map((transition) => transition.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const transition of REQUIREMENT_WORKFLOW_TRANSITIONS)
    for (const key of [...transition.from, transition.to]) expect(keys).toContain(key);
  expect(REQUIREMENT_WORKFLOW.name).toBe('Requirement Triage workflow');
});

test('every way into In progress carries the start rule and every way into Closed the close rule; nothing else has one', () => {
  const ruled = REQUIREMENT_WORKFLOW_TRANSITIONS.map((transition) => [transition.name, transitionRuleOf(transition)]).filter(
    ([, rule]) => rule !== null,
  );
  expect(ruled).toEqual([
    ['Start work', 'start'],
    ['Close', 'close'],
    ['Fail test', 'start'],
    ['Reopen', 'start'],
    ['Reject', 'close'],
    ['Reopen in progress', 'start'],
  ]);
});

test('production keeps the plain workflow name; another environment of the app gets a workflow of its own', () => {
  expect(requirementWorkflowName({ environmentType: 'PRODUCTION', environmentId: '8d2a0c35-5a0c-4f6e-b7a4-8f0d3c9a1e22' })).toBe(
    'Requirement Triage workflow',
  );
  expect(requirementWorkflowName({ environmentType: 'DEVELOPMENT', environmentId: '1f0e2d3c-0000-4000-8000-000000000000' })).toBe(
    'Requirement Triage workflow (development 1f0e2d3c)',
  );
  expect(requirementWorkflowName({ environmentType: 'STAGING', environmentId: 'abcdef12-0000-4000-8000-000000000000' })).toBe(
    'Requirement Triage workflow (staging abcdef12)',
  );
});
