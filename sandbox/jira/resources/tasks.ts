import type { StoreWrite } from '../../store/durable-store';
import { HttpError, notFound, type EmulatorResponse, type Principal, type Route } from '../http';
import type { Site } from '../site';

/**
 * Jira's long-running tasks (https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#async-operations):
 * an operation answers 303 with the task's URL in `Location`; GET /rest/api/3/task/{id} reports it
 * (TaskProgressBeanObject) as ENQUEUED, RUNNING, then COMPLETE or FAILED. A task here does its work
 * when it is first looked at after `durationMs` has passed on the site's clock, so the change it
 * makes is not there while it runs; a task stored before a restart still finishes.
 */

export const TASK_COLLECTION = 'jira-tasks';

type TaskStatus = 'ENQUEUED' | 'RUNNING' | 'COMPLETE' | 'FAILED';

export interface TaskRecord {
  id: string;
  kind: string;
  description: string;
  params: Record<string, string>;
  submittedBy: Principal;
  submitted: number;
  /** When the work is done; before it the task is ENQUEUED, then RUNNING. */
  finishesAt: number;
  status: TaskStatus;
  message?: string;
  result?: unknown;
  finished?: number;
}

/** Does a task's work: returns its result, or throws an HttpError whose message the task reports as FAILED. */
export type TaskWork = (params: Record<string, string>) => { writes: StoreWrite[]; result: unknown };

/** How long a task runs, in site-clock milliseconds; tests set it (emulator.tasks.durationMs). */
const DEFAULT_TASK_DURATION_MS = 300;

export class JiraTasks {
  durationMs = DEFAULT_TASK_DURATION_MS;
  private readonly work = new Map<string, TaskWork>();

  constructor(private readonly site: Site) {}

  register(route: Route): void {
    route('GET', '/rest/api/3/task/{taskId}', (_r, principal, [taskId]) => this.get(principal, taskId!));
  }

  static initialCollections(): Record<string, Record<string, unknown>> {
    return { [TASK_COLLECTION]: {} };
  }

  define(kind: string, work: TaskWork): void {
    this.work.set(kind, work);
  }

  /** Stores a new task and answers as Jira does: 303 See Other to the task, with its progress as the body. */
  submit(
    kind: string,
    description: string,
    params: Record<string, string>,
    principal: Principal,
    writes: StoreWrite[] = [],
  ): EmulatorResponse {
    const now = this.site.now().getTime();
    const { id, counterWrite } = this.site.newId('task');
    const task: TaskRecord = {
      id,
      kind,
      description,
      params,
      submittedBy: principal,
      submitted: now,
      finishesAt: now + this.durationMs,
      status: 'ENQUEUED',
    };
    this.site.store.commit([...writes, counterWrite, { collection: TASK_COLLECTION, id, value: task }]);
    return { status: 303, headers: { location: this.url(id) }, body: this.bean(task) };
  }

  /** GET /rest/api/3/task/{taskId}: Administer Jira, or the task's creator. */
  get(principal: Principal, taskId: string): EmulatorResponse {
    const task = this.settle(taskId);
    if (!task) throw notFound(`The task ${taskId} was not found.`);
    const creator = JSON.stringify(task.submittedBy) === JSON.stringify(principal);
    if (!creator && !this.site.hasGlobal(principal, 'ADMINISTER'))
      throw new HttpError(403, ["Only Jira admins and the task's creator can see this task."]);
    return { status: 200, body: this.bean(task) };
  }

  /** Finishes every task whose time has come; the emulator calls this before each request. */
  settleAll(): void {
    for (const task of this.site.store.list<TaskRecord>(TASK_COLLECTION))
      if (task.status === 'ENQUEUED' || task.status === 'RUNNING') this.settle(task.id);
  }

  private settle(taskId: string): TaskRecord | undefined {
    const task = this.site.store.get<TaskRecord>(TASK_COLLECTION, taskId);
    if (!task || task.status === 'COMPLETE' || task.status === 'FAILED') return task;
    const now = this.site.now().getTime();
    if (now < task.finishesAt) {
      if (task.status === 'ENQUEUED' && now >= task.submitted + (task.finishesAt - task.submitted) / 2) {
        const running: TaskRecord = { ...task, status: 'RUNNING' };
        this.site.store.commit([{ collection: TASK_COLLECTION, id: task.id, value: running }]);
        return running;
      }
      return task;
    }
    const work = this.work.get(task.kind);
    let outcome: { writes: StoreWrite[]; record: TaskRecord };
    try {
      const done = work ? work(task.params) : { writes: [], result: undefined };
      outcome = { writes: done.writes, record: { ...task, status: 'COMPLETE', result: done.result, finished: now } };
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      outcome = { writes: [], record: { ...task, status: 'FAILED', message: error.message, finished: now } };
    }
    this.site.store.commit([...outcome.writes, { collection: TASK_COLLECTION, id: task.id, value: outcome.record }]);
    return outcome.record;
  }

  private url(taskId: string): string {
    return `${this.site.baseUrl()}/rest/api/3/task/${taskId}`;
  }

  /** TaskProgressBeanObject. */
  private bean(task: TaskRecord): Record<string, unknown> {
    const now = this.site.now().getTime();
    const finished = task.finished ?? null;
    const started = task.status === 'ENQUEUED' ? null : task.submitted;
    const progress = finished !== null ? 100 : task.status === 'RUNNING' ? 50 : 0;
    return {
      self: this.url(task.id),
      id: task.id,
      description: task.description,
      status: task.status,
      ...(task.message ? { message: task.message } : {}),
      ...(task.status === 'COMPLETE' && task.result !== undefined ? { result: task.result } : {}),
      submittedBy: task.submittedBy.kind === 'app' ? 0 : 10000,
      progress,
      elapsedRuntime: started === null ? 0 : (finished ?? now) - started,
      submitted: task.submitted,
      ...(started === null ? {} : { started }),
      ...(finished === null ? {} : { finished }),
      lastUpdate: finished ?? now,
    };
  }
}
