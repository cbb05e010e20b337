/**
 * Forge async events (`@forge/events` Queue) as the app sees them in the sandbox.
 *
 * The client side is the real package: `Queue.push` POSTs to `/webhook/queue/publish/...`,
 * `getStats` to `/webhook/queue/stats/...` and `cancel` to `/webhook/queue/cancel/...` through
 * `__requestAtlassianAsApp`, i.e. `__forge_fetch__` with `{type:'fpp', provider:'app', remote:'stargate'}`.
 * It expects 201 for a push (202 = partial failure, 413 = too big), 200 `{success, inProgress, failed}`
 * for stats, 204 for cancel and 404 for an unknown job.
 *
 * The platform side lives here: every pushed event is stored in the durable store (collection
 * `forge-queue`) in the commit that accepts the push and stays there until its consumer finished, so
 * events survive a restart (at-least-once delivery). A consumer asks for a retry by returning
 * `new InvocationError(...)` (a plain `{_retry: true, retryOptions}` object, as the package builds it)
 * or by throwing / timing out; an event is retried at most MAX_RETRIES times, then counted as failed.
 */
import { randomUUID } from 'node:crypto';
import type { DurableStore, StoreWrite } from '../store/durable-store';
import { isFunctionTimeout } from './invocation-clock';

export const QUEUE_COLLECTION = 'forge-queue';
export const QUEUE_JOB_COLLECTION = 'forge-queue-jobs';

/** Forge retries an event at most four times after its first delivery. */
export const MAX_RETRIES = 4;
/** The limits @forge/events checks on the client, checked again here as the platform does. */
const MAX_EVENTS_PER_PUSH = 50;
const MAX_PAYLOAD_BYTES = 200 * 1024;
const MAX_DELAY_SECONDS = 900;
const QUEUE_NAME_PATTERN = /^[a-zA-Z0-9-_]+$/;
/** InvocationError's minimum and default retryAfter, and the longest Forge allows. */
const MIN_RETRY_AFTER_SECONDS = 1;
const MAX_RETRY_AFTER_SECONDS = 900;

/** Forge's InvocationErrorCode values the sandbox produces itself. */
const RETRY_REQUESTED = 'FUNCTION_RETRY_REQUEST';
const FUNCTION_FAILED = 'FUNCTION_PLATFORM_UNKNOWN_ERROR';
const FUNCTION_TIMED_OUT = 'FUNCTION_TIME_OUT';

type Body = Record<string, unknown>;

/** The first argument a consumer function receives (AsyncEvent in @forge/events' types). */
export interface AsyncEventDelivery {
  body: Body;
  queueName: string;
  jobId: string;
  eventId: string;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  /** Present from the first retry on. */
  retryContext?: { retryCount: number; retryReason: string; retryData: unknown };
}

/** One event as stored in `forge-queue`, under its eventId. */
export interface QueuedEvent {
  eventId: string;
  jobId: string;
  queueName: string;
  body: Body;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
  pushedAt: string;
  /** Wall-clock milliseconds from which the next delivery may start. */
  dueAt: number;
  /** Retries already scheduled: 0 for the first delivery. */
  retryCount: number;
  retryReason?: string;
  retryData?: unknown;
  /** Why the previous delivery did not succeed. */
  lastError?: string;
}

/** Per push (job) counts, stored in `forge-queue-jobs`; in-progress events are counted from `forge-queue`. */
interface JobRecord {
  jobId: string;
  queueName: string;
  pushed: number;
  success: number;
  failed: number;
  cancelled: boolean;
}

/** How the runtime runs a queue's consumer function. */
export interface QueueConsumer {
  moduleKey: string;
  /** Runs the consumer under its time limit (the runtime stops it there). */
  run(event: AsyncEventDelivery): Promise<unknown>;
}

export interface QueueDeliveryRecord {
  eventId: string;
  jobId: string;
  queueName: string;
  moduleKey?: string;
  retryCount: number;
  outcome: 'success' | 'retry' | 'failed';
  error?: string;
  at: string;
}

export interface QueueServiceOptions {
  store: DurableStore;
  consumerFor(queueName: string): QueueConsumer | undefined;
  /** Keeps the runtime's idle() waiting for this delivery. */
  track(work: Promise<void>): void;
  /** Multiplies delayInSeconds and retry delays: 1 is real time, 0.01 runs a 900 s delay in 9 s. */
  delayScale?: number;
  /** Added to every delivery: events reach consumers late in Forge too. */
  latencyMs?: number;
  /** Wall clock for due times (the sandbox clock moves in jumps and would fire timers wrongly). */
  now?: () => number;
  log?: (line: string) => void;
}

export interface QueueResponse {
  status: number;
  /** undefined: no body. */
  body: unknown;
}

interface ScheduledDelivery {
  timer?: NodeJS.Timeout;
  cancel: () => void;
}

class QueueRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

export class QueueService {
  readonly deliveries: QueueDeliveryRecord[] = [];
  /** Events with a timer or a running consumer in this process, so none is delivered twice at once. */
  private readonly scheduled = new Map<string, ScheduledDelivery>();
  private stopped = false;

  constructor(private readonly options: QueueServiceOptions) {}

  private get delayScale(): number {
    return this.options.delayScale ?? 1;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Answers one request of the @forge/events client; `path` still holds its {placeholders}. */
  handle(path: string, body: unknown): QueueResponse {
    try {
      if (path.startsWith('/webhook/queue/publish/')) return this.push(body);
      if (path.startsWith('/webhook/queue/stats/')) return this.stats(body);
      if (path.startsWith('/webhook/queue/cancel/')) return this.cancel(body);
      return { status: 404, body: { code: 'NOT_FOUND', message: `No queue endpoint ${path}` } };
    } catch (error) {
      if (error instanceof QueueRequestError) {
        // 413's message is read from errorMessage by the client, the others from message.
        return { status: error.status, body: { code: error.code, message: error.message, errorMessage: error.message } };
      }
      throw error;
    }
  }

  /** Schedules every stored event not yet scheduled here; run once after a restart. */
  redeliverQueuedEvents(): number {
    let count = 0;
    for (const event of this.options.store.list<QueuedEvent>(QUEUE_COLLECTION)) {
      if (this.scheduled.has(event.eventId)) continue;
      this.schedule(event);
      count += 1;
    }
    return count;
  }

  /** Events waiting for (another) delivery, oldest first. */
  queuedEvents(): QueuedEvent[] {
    return this.options.store.list<QueuedEvent>(QUEUE_COLLECTION);
  }

  /** Stops delivering in this process (timers cleared); stored events stay for the next start. */
  stop(): void {
    this.stopped = true;
    for (const entry of this.scheduled.values()) entry.cancel();
    this.scheduled.clear();
  }

  // ---- the three endpoints --------------------------------------------------------------------

  private push(body: unknown): QueueResponse {
    const request = requireObject(body, 'request body');
    const queueName = validQueueName(request.queueName);
    const jobId = requireString(request.jobId, 'jobId');
    if (!Array.isArray(request.payload) || request.payload.length === 0)
      throw new QueueRequestError(400, 'payload must hold at least one event');
    if (request.payload.length > MAX_EVENTS_PER_PUSH)
      throw new QueueRequestError(400, `at most ${MAX_EVENTS_PER_PUSH} events per push`);
    const bytes = Buffer.byteLength(JSON.stringify(request.payload), 'utf8');
    if (bytes > MAX_PAYLOAD_BYTES)
      throw new QueueRequestError(413, `The payload is ${bytes} bytes; the maximum is ${MAX_PAYLOAD_BYTES}`, 'PAYLOAD_TOO_LARGE');
    // Real Forge refuses a queue no consumer listens to when the app is deployed; here it surfaces at the push.
    if (!this.options.consumerFor(queueName))
      throw new QueueRequestError(400, `No consumer in manifest.yml listens to queue '${queueName}'`, 'QUEUE_NOT_FOUND');

    const now = this.now();
    const events = request.payload.map((entry, index): QueuedEvent => {
      const event = requireObject(entry, `payload[${index}]`);
      const eventBody = requireObject(event.body, `payload[${index}].body`);
      const delayInSeconds = event.delayInSeconds;
      if (
        delayInSeconds !== undefined &&
        (typeof delayInSeconds !== 'number' || !(delayInSeconds >= 0 && delayInSeconds <= MAX_DELAY_SECONDS))
      ) {
        throw new QueueRequestError(400, `payload[${index}].delayInSeconds must be from 0 to ${MAX_DELAY_SECONDS}`);
      }
      return {
        eventId: randomUUID(),
        jobId,
        queueName,
        body: eventBody,
        ...(delayInSeconds === undefined ? {} : { delayInSeconds }),
        ...(isConcurrency(event.concurrency) ? { concurrency: event.concurrency } : {}),
        pushedAt: new Date(now).toISOString(),
        dueAt: now + (delayInSeconds ?? 0) * 1000 * this.delayScale,
        retryCount: 0,
      };
    });
    const existing = this.options.store.get<JobRecord>(QUEUE_JOB_COLLECTION, jobId);
    const job: JobRecord = existing
      ? { ...existing, pushed: existing.pushed + events.length }
      : { jobId, queueName, pushed: events.length, success: 0, failed: 0, cancelled: false };
    // Accepted means durable: the events and their job are in one commit before the 201.
    this.options.store.commit([
      ...events.map((event): StoreWrite => ({ collection: QUEUE_COLLECTION, id: event.eventId, value: event })),
      { collection: QUEUE_JOB_COLLECTION, id: jobId, value: job },
    ]);
    for (const event of events) this.schedule(event);
    return { status: 201, body: { jobId } };
  }

  private stats(body: unknown): QueueResponse {
    const job = this.jobOf(body);
    const inProgress = this.options.store.list<QueuedEvent>(QUEUE_COLLECTION).filter((event) => event.jobId === job.jobId).length;
    return { status: 200, body: { success: job.success, inProgress, failed: job.failed } };
  }

  /** Drops the job's events that have not run yet; they count as failed. A running consumer finishes. */
  private cancel(body: unknown): QueueResponse {
    const job = this.jobOf(body);
    const waiting = this.options.store.list<QueuedEvent>(QUEUE_COLLECTION).filter((event) => event.jobId === job.jobId);
    this.options.store.commit([
      ...waiting.map((event): StoreWrite => ({ collection: QUEUE_COLLECTION, id: event.eventId, delete: true })),
      {
        collection: QUEUE_JOB_COLLECTION,
        id: job.jobId,
        value: { ...job, cancelled: true, failed: job.failed + waiting.length } satisfies JobRecord,
      },
    ]);
    for (const event of waiting) {
      this.scheduled.get(event.eventId)?.cancel();
      this.scheduled.delete(event.eventId);
    }
    return { status: 204, body: undefined };
  }

  private jobOf(body: unknown): JobRecord {
    const request = requireObject(body, 'request body');
    const queueName = validQueueName(request.queueName);
    const jobId = requireString(request.jobId, 'jobId');
    const job = this.options.store.get<JobRecord>(QUEUE_JOB_COLLECTION, jobId);
    if (!job || job.queueName !== queueName)
      throw new QueueRequestError(404, `No job ${jobId} in queue ${queueName}`, 'JOB_NOT_FOUND');
    return job;
  }

  // ---- delivery -------------------------------------------------------------------------------

  private schedule(event: QueuedEvent): void {
    if (this.stopped) return;
    const delay = Math.max(0, event.dueAt - this.now()) + (this.options.latencyMs ?? 0);
    let release: () => void = () => undefined;
    const entry: ScheduledDelivery = { cancel: () => release() };
    const due = new Promise<boolean>((resolve) => {
      entry.timer = setTimeout(() => resolve(true), delay);
      // Cancelling settles the wait too, so idle() never waits for a delivery that will not happen.
      release = () => {
        clearTimeout(entry.timer);
        resolve(false);
      };
    });
    this.scheduled.set(event.eventId, entry);
    this.options.track(due.then((deliver) => (deliver ? this.deliver(event.eventId, entry) : undefined)));
  }

  private async deliver(eventId: string, entry: ScheduledDelivery): Promise<void> {
    try {
      await this.attempt(eventId);
    } catch (error) {
      // Only the store can fail here (e.g. closed under a running consumer); the event stays stored.
      this.options.log?.(`queue event ${eventId}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      // A retry has scheduled a new entry under the same id by now; leave that one alone.
      if (this.scheduled.get(eventId) === entry) this.scheduled.delete(eventId);
    }
  }

  private async attempt(eventId: string): Promise<void> {
    const { store } = this.options;
    const event = store.get<QueuedEvent>(QUEUE_COLLECTION, eventId);
    if (!event || this.stopped) return;
    const consumer = this.options.consumerFor(event.queueName);
    let retry: { retryAfterSeconds: number; retryReason: string; retryData?: unknown; error?: string } | undefined;
    if (!consumer) {
      retry = {
        retryAfterSeconds: MIN_RETRY_AFTER_SECONDS,
        retryReason: FUNCTION_FAILED,
        error: `no consumer for queue '${event.queueName}'`,
      };
    } else {
      try {
        // The runtime stops the consumer at its time limit; that rejects with a FunctionTimeoutError.
        retry = retryRequestOf(await consumer.run(deliveryOf(event)));
      } catch (error) {
        const timedOut = isFunctionTimeout(error);
        // Forge backs off on failures it retries by itself; doubling per retry is the sandbox's choice.
        retry = {
          retryAfterSeconds: 2 ** event.retryCount,
          retryReason: timedOut ? FUNCTION_TIMED_OUT : FUNCTION_FAILED,
          error: error instanceof Error ? error.message : String(error),
        };
      }
    }
    if (this.stopped) return;

    // Re-read: a cancel while the consumer ran removed the event and counted it already.
    const current = store.get<QueuedEvent>(QUEUE_COLLECTION, eventId);
    const job = store.get<JobRecord>(QUEUE_JOB_COLLECTION, event.jobId);
    const record: QueueDeliveryRecord = {
      eventId,
      jobId: event.jobId,
      queueName: event.queueName,
      ...(consumer ? { moduleKey: consumer.moduleKey } : {}),
      retryCount: event.retryCount,
      outcome: !retry ? 'success' : event.retryCount >= MAX_RETRIES ? 'failed' : 'retry',
      ...(retry?.error === undefined ? {} : { error: retry.error }),
      at: new Date(this.now()).toISOString(),
    };
    if (current && job) {
      if (!retry) {
        store.commit([
          { collection: QUEUE_COLLECTION, id: eventId, delete: true },
          { collection: QUEUE_JOB_COLLECTION, id: job.jobId, value: { ...job, success: job.success + 1 } },
        ]);
      } else if (record.outcome === 'failed') {
        store.commit([
          { collection: QUEUE_COLLECTION, id: eventId, delete: true },
          { collection: QUEUE_JOB_COLLECTION, id: job.jobId, value: { ...job, failed: job.failed + 1 } },
        ]);
        this.options.log?.(
          `queue ${event.queueName}: event ${eventId} failed after ${MAX_RETRIES} retries: ${retry.error ?? retry.retryReason}`,
        );
      } else {
        const next: QueuedEvent = {
          ...current,
          retryCount: current.retryCount + 1,
          retryReason: retry.retryReason,
          retryData: retry.retryData,
          ...(retry.error === undefined ? {} : { lastError: retry.error }),
          dueAt: this.now() + retry.retryAfterSeconds * 1000 * this.delayScale,
        };
        // The failure and the retry's due time are durable before the retry is scheduled.
        store.commit([{ collection: QUEUE_COLLECTION, id: eventId, value: next }]);
        this.schedule(next);
      }
    }
    this.deliveries.push(record);
    if (this.deliveries.length > 500) this.deliveries.splice(0, this.deliveries.length - 500);
  }
}

function deliveryOf(event: QueuedEvent): AsyncEventDelivery {
  return {
    body: structuredClone(event.body),
    queueName: event.queueName,
    jobId: event.jobId,
    eventId: event.eventId,
    ...(event.delayInSeconds === undefined ? {} : { delayInSeconds: event.delayInSeconds }),
    ...(event.concurrency === undefined ? {} : { concurrency: { ...event.concurrency } }),
    ...(event.retryCount > 0
      ? {
          retryContext: {
            retryCount: event.retryCount,
            retryReason: event.retryReason ?? FUNCTION_FAILED,
            retryData: structuredClone(event.retryData),
          },
        }
      : {}),
  };
}

/**
 * What a consumer's return value asks for. `new InvocationError(...)` returns a plain
 * `{_retry: true, retryOptions}` (its constructor returns toJSON()), so it is recognised by shape.
 */
function retryRequestOf(result: unknown): { retryAfterSeconds: number; retryReason: string; retryData?: unknown } | undefined {
  if (result === null || typeof result !== 'object' || (result as { _retry?: unknown })._retry !== true) return undefined;
  const options = ((result as { retryOptions?: unknown }).retryOptions ?? {}) as {
    retryAfter?: unknown;
    retryReason?: unknown;
    retryData?: unknown;
  };
  const retryAfter =
    typeof options.retryAfter === 'number' && options.retryAfter > 0 ? options.retryAfter : MIN_RETRY_AFTER_SECONDS;
  return {
    retryAfterSeconds: Math.min(retryAfter, MAX_RETRY_AFTER_SECONDS),
    retryReason: typeof options.retryReason === 'string' ? options.retryReason : RETRY_REQUESTED,
    ...(options.retryData === undefined ? {} : { retryData: options.retryData }),
  };
}

function requireObject(value: unknown, label: string): Body {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new QueueRequestError(400, `${label} must be an object`);
  return value as Body;
}

function requireString(value: unknown, label: string): string {
  if (typeof value !== 'string' || value === '') throw new QueueRequestError(400, `${label} must be a non-empty string`);
  return value;
}

function validQueueName(value: unknown): string {
  if (typeof value !== 'string' || !QUEUE_NAME_PATTERN.test(value))
    throw new QueueRequestError(400, 'queueName must match [a-zA-Z0-9-_]+', 'INVALID_QUEUE_NAME');
  return value;
}

function isConcurrency(value: unknown): value is { key: string; limit: number } {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { key?: unknown }).key === 'string' &&
    typeof (value as { limit?: unknown }).limit === 'number'
  );
}
