import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { EmulatorRequest, EmulatorResponse, Principal } from '../jira/http';
import { openMemoryStore, type DurableStore } from '../store/durable-store';
import type { FaultInjector } from './fault-injector';
import {
  FunctionTimeoutError,
  functionLimitMs,
  InvocationTimer,
  RESOLVER_LIMIT_MS,
  type InvocationClockOptions,
  type PlatformCall,
} from './invocation-clock';
import type { EntityIndexDefinition, KvsService } from './kvs-service';
import type { JiraLatency } from './latency';
import type { JiraRateLimits } from './rate-limits';
import { QueueService, type QueueConsumer } from './queue-service';
import { writeTranslationBundle } from './i18n-bundle';
import type { Translations } from '@forge/i18n';

/**
 * Runs the app's real handlers as Forge would: the manifest says which function serves which
 * module, `@forge/api` and `@forge/kvs` reach Jira and storage through `global.__forge_fetch__`
 * (which we provide), and each invocation carries its own caller so `asUser()` acts as that user.
 */

export interface ManifestModule {
  key: string;
  resource?: string;
  resolver?: { function: string };
  function?: string;
  events?: string[];
  filter?: { ignoreSelf?: boolean };
  interval?: 'fiveMinute' | 'hour' | 'day' | 'week';
  /** consumer modules: the queue key they consume. */
  queue?: string;
  type?: string;
  name?: unknown;
  readOnly?: boolean;
  collection?: string;
  [key: string]: unknown;
}

export interface AppManifest {
  app: { id: string; storage?: { entities?: { name: string; indexes?: EntityIndexDefinition[] }[] } };
  translations?: Translations;
  modules: Record<string, ManifestModule[]>;
  resources: { key: string; path: string }[];
}

/** The Custom Entity indexes the manifest declares, per entity name, as the KVS service takes them. */
export function declaredEntityIndexes(manifest: AppManifest): Record<string, EntityIndexDefinition[]> {
  return Object.fromEntries((manifest.app.storage?.entities ?? []).map((entity) => [entity.name, entity.indexes ?? []]));
}

export function readManifest(manifestPath: string): AppManifest {
  return parse(readFileSync(manifestPath, 'utf8')) as AppManifest;
}

type ForgeHandler = (...args: unknown[]) => Promise<unknown>;

interface Invocation {
  accountId?: string;
  moduleKey: string;
  /** The resolver key a Custom UI called, or the function module a trigger, consumer or validator runs. */
  functionKey: string;
  /** Absent for validators, which Jira itself stops waiting for. */
  timer?: InvocationTimer;
  /** Ends the invocation now: it fails with a timeout and its later platform calls never return. */
  end?: () => void;
}

export type EnvironmentType = 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';

/**
 * The invocation running now and the runtime (app environment) it belongs to. One process may host
 * several environments of the app on one site (development and production, say): the Forge globals
 * answer for whichever environment's function is running, as each Forge invocation has its own.
 */
const CURRENT = new AsyncLocalStorage<Invocation & { runtime: ForgeRuntime }>();
/** The runtime that installed the globals last; it answers calls made outside any invocation. */
let primary: ForgeRuntime | undefined;
const installPrimary = (runtime: ForgeRuntime): void => {
  primary = runtime;
};

/** What a stopped function's pending call looks like from inside: it never returns. */
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

export interface JiraGateway {
  /** Handles one REST call to the emulated Jira, contract checks included. */
  handle(request: EmulatorRequest, principal: Principal): EmulatorResponse;
  /** The same, running the apps' workflow validators first when the call makes a transition that has them. */
  handleAsync(request: EmulatorRequest, principal: Principal): Promise<EmulatorResponse>;
}

/** What a workflow validator function answers; Jira shows errorMessage when result is false. */
export interface ValidatorOutcome {
  result: boolean;
  errorMessage?: string;
}

export interface ForgeRuntimeOptions {
  manifestPath: string;
  /** The app's entry module exports (src/index.ts). */
  appExports: Record<string, unknown>;
  jira: JiraGateway;
  kvs: KvsService;
  now: () => Date;
  cloudId: string;
  environmentId: string;
  /** DEVELOPMENT unless set. */
  environmentType?: EnvironmentType;
  /** Product events reach triggers after this delay, as in Forge they arrive late. */
  eventDelayMs?: number;
  /** Where async events (queues) wait for their consumers; in memory when omitted. */
  store?: DurableStore;
  /** Multiplies queue delays (delayInSeconds, retryAfter); below 1 runs them faster than real time. */
  queueDelayScale?: number;
  /** Fails a share of the app's Jira calls on purpose (POST /__sandbox/faults). */
  faults?: FaultInjector;
  /** Charges the app's Jira calls points and applies Jira's rate limits (POST /__sandbox/rate-limits). */
  rateLimits?: JiraRateLimits;
  /** Delays the app's Jira calls as Jira Cloud's answers take time (POST /__sandbox/latency). */
  latency?: JiraLatency;
  /** The clock functions' time limits are measured on (see invocation-clock.ts); real time by default. */
  functionClock?: InvocationClockOptions;
  /** Where the sandbox serves web triggers (http://localhost:PORT); webTrigger.getUrl answers under it. */
  baseUrl?: () => string;
  log?: (line: string) => void;
}

/** One finished invocation: which function, how many platform calls it made, and how it ended. */
export interface InvocationRecord {
  moduleKey: string;
  functionKey: string;
  platformCalls: number;
  outcome: 'returned' | 'threw' | 'timed-out';
}

/** A web trigger request as Forge passes it (https://developer.atlassian.com/platform/forge/events-reference/web-trigger/). */
export interface WebTriggerRequest {
  method: string;
  headers: Record<string, string[]>;
  body: string;
  path: string;
  userPath: string;
  queryParameters: Record<string, string[]>;
}

export interface WebTriggerAnswer {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

export interface TriggerRun {
  moduleKey: string;
  eventType: string;
  issueKey: string;
  outcome: unknown;
  error?: string;
  at: string;
}

/** Jira waits only a few seconds for a validator function, then treats the transition as failed. */
const VALIDATOR_TIMEOUT_MS = 5_000;
export const VALIDATOR_FAILED_MESSAGE =
  'The workflow validator of an app failed to answer, so the transition was not made. Try again, or ask your Jira admin.';
const QUEUE_PATH_PREFIX = '/webhook/queue/';

export class ForgeRuntime {
  readonly manifest: AppManifest;
  private readonly pending = new Set<Promise<void>>();
  readonly triggerRuns: TriggerRun[] = [];
  /** The latest invocations of any function (tests count calls per invocation from here). */
  readonly invocations: InvocationRecord[] = [];
  readonly queues: QueueService;
  /**
   * For tests: called before every platform call an invocation makes; returning true ends that
   * invocation there, as a timeout or a crash would (the call is not made, nothing after it runs).
   */
  endInvocationWhen: ((call: PlatformCall) => boolean) | undefined;

  constructor(private readonly options: ForgeRuntimeOptions) {
    this.manifest = readManifest(options.manifestPath);
    this.queues = new QueueService({
      store: options.store ?? openMemoryStore(),
      consumerFor: (queueName) => this.consumerFor(queueName),
      track: (work) => this.track(work),
      delayScale: options.queueDelayScale,
      latencyMs: options.eventDelayMs ?? 20,
      log: options.log,
    });
  }

  private bundledCodeDir: string | undefined;

  /** The function code's directory as Forge deploys it: here only the translation bundle, written on first use. */
  private get appCodeDir(): string {
    this.bundledCodeDir ??= writeTranslationBundle(this.options.manifestPath, this.manifest.translations);
    return this.bundledCodeDir;
  }

  get appId(): string {
    return this.manifest.app.id.split('/').pop() ?? this.manifest.app.id;
  }

  get environmentId(): string {
    return this.options.environmentId;
  }

  get environmentType(): EnvironmentType {
    return this.options.environmentType ?? 'DEVELOPMENT';
  }

  /** What getAppContext() reports inside one of this environment's invocations. */
  private appContext(moduleKey: string): Record<string, unknown> {
    return {
      appId: this.appId,
      appVersion: '1.0.0',
      environmentId: this.options.environmentId,
      environmentType: this.environmentType,
      invocationId: 'sandbox',
      installationId: `sandbox-installation-${this.options.environmentId}`,
      moduleKey,
      permissions: { scopes: [], external: {} },
    };
  }

  /**
   * Installs the globals the Forge SDKs call, making this runtime the one that answers outside any
   * invocation. Another environment of the app on the same site needs no install: its invocations
   * carry it, and the globals answer for the invocation running.
   */
  install(): void {
    installPrimary(this);
    const noopMetric = { incr: () => undefined, measure: () => ({ stop: () => undefined }) };
    const runtimeNow = (): { runtime: ForgeRuntime; moduleKey: string } => {
      const current = CURRENT.getStore();
      if (current) return { runtime: current.runtime, moduleKey: current.moduleKey };
      if (!primary) throw new Error('Forge runtime not found.');
      return { runtime: primary, moduleKey: 'sandbox' };
    };
    (globalThis as Record<string, unknown>).__forge_runtime__ = {
      get appContext() {
        const { runtime, moduleKey } = runtimeNow();
        return runtime.appContext(moduleKey);
      },
      metrics: { counter: () => noopMetric, timing: () => noopMetric },
      // getAppContext().invocationRemainingTimeInMillis() reads this: the current invocation's time left.
      lambdaContext: { getRemainingTimeInMillis: () => CURRENT.getStore()?.timer?.remainingMs() ?? RESOLVER_LIMIT_MS },
      proxy: { token: 'sandbox', url: 'http://sandbox' },
      // i18n.getTranslations reads the deployed translation files from the code directory.
      container: { appCodeDir: this.appCodeDir },
      tracing: { traceId: 'sandbox', spanId: 'sandbox' },
    };
    (globalThis as Record<string, unknown>).__forge_fetch__ = (
      descriptor: { type?: string; provider?: string; accountId?: string },
      target: string,
      init?: RequestInit,
    ) => runtimeNow().runtime.forgeFetch(descriptor, target, init);
  }

  /** Runs code as one of this environment's functions would run: tests use it to reach this environment's storage. */
  runInEnvironment<T>(work: () => T): T {
    return this.invoke({ moduleKey: 'sandbox', functionKey: 'sandbox' }, work);
  }

  /** Runs `work` as an invocation by this user (asUser calls act for them): benchmarks replay an earlier sequence of calls with it. */
  runAsUser<T>(accountId: string, work: () => T): T {
    return this.invoke({ accountId, moduleKey: 'sandbox', functionKey: 'sandbox' }, work);
  }

  /** Runs `work` as one invocation of this environment's module. */
  private invoke<T>(invocation: Invocation, work: () => T): T {
    return CURRENT.run({ ...invocation, runtime: this }, work);
  }

  private async forgeFetch(
    descriptor: { type?: string; provider?: string; accountId?: string },
    target: string,
    init?: RequestInit,
  ): Promise<Response> {
    const bodyText = typeof init?.body === 'string' ? init.body : undefined;
    const body = bodyText === undefined || bodyText === '' ? undefined : (JSON.parse(bodyText) as unknown);
    const current = CURRENT.getStore();
    if (current?.timer) {
      const kind = descriptor.type === 'kvs' ? 'kvs' : target.startsWith(QUEUE_PATH_PREFIX) ? 'queue' : 'jira';
      if (
        this.mustEnd(current, {
          kind,
          method: (init?.method ?? 'GET').toUpperCase(),
          path: target,
          body,
          moduleKey: current.moduleKey,
        })
      )
        return never();
    }
    const response = await this.platformCall(descriptor, target, init, body, current);
    // The function was stopped while the call was under way: the platform did the work, the function never sees the answer.
    if (current?.timer?.ended) return never();
    return response;
  }

  /** Counts the call on the invocation's clock; true when the invocation is over (now or before). */
  private mustEnd(current: Invocation, call: PlatformCall): boolean {
    const timer = current.timer!;
    if (timer.ended) return true;
    timer.countCall();
    if (this.endInvocationWhen?.(call) || timer.remainingMs() <= 0) {
      current.end?.();
      return true;
    }
    return false;
  }

  private async platformCall(
    descriptor: { type?: string; provider?: string; accountId?: string },
    target: string,
    init: RequestInit | undefined,
    body: unknown,
    current: Invocation | undefined,
  ): Promise<Response> {
    if (descriptor.type === 'kvs') {
      const result = this.options.kvs.handle(target, body);
      return new Response(result.body === undefined ? null : JSON.stringify(result.body), {
        status: result.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    // @forge/api's webTrigger.getUrl asks the platform's GraphQL API for the installation's URL.
    if (
      target === '/graphql' &&
      typeof (body as { query?: unknown } | undefined)?.query === 'string' &&
      (body as { query: string }).query.includes('createWebTriggerUrl')
    ) {
      const triggerKey = String(
        (body as { variables?: { input?: { triggerKey?: unknown } } }).variables?.input?.triggerKey ?? '',
      );
      const known = (this.manifest.modules.webtrigger ?? []).some((module) => module.key === triggerKey);
      const answer = known
        ? { data: { createWebTriggerUrl: { url: this.webTriggerUrl(triggerKey) } } }
        : { data: null, errors: [{ message: `No web trigger module ${triggerKey}.` }] };
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    // @forge/events reaches the platform through __requestAtlassianAsApp with these paths.
    if (target.startsWith(QUEUE_PATH_PREFIX)) {
      const result = this.queues.handle(target, body);
      await Promise.resolve();
      return new Response(result.body === undefined ? null : JSON.stringify(result.body), {
        status: result.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    // Jira knows which app environment makes each call, as the user it acts for or as the app itself.
    const via = { appId: this.appId, environmentId: this.options.environmentId };
    let principal: Principal;
    if (descriptor.provider === 'app') principal = { kind: 'app', ...via };
    else {
      const accountId = descriptor.accountId ?? current?.accountId;
      principal = accountId ? { kind: 'user', accountId, via } : { kind: 'anonymous' };
    }
    const url = new URL(target, 'http://jira.local');
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const existing = query[key];
      query[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
    }
    // Jira Cloud takes time to answer; the delay comes first, so a write lands when its answer arrives.
    await this.options.latency?.wait();
    // An injected fault answers instead of Jira, before the gateway, so the contract check never sees it.
    const fault = this.options.faults?.nextFault();
    if (fault?.network === 'dropped') throw new TypeError('fetch failed: connection reset (injected by the sandbox)');
    const request: EmulatorRequest = { method: (init?.method ?? 'GET').toUpperCase(), path: url.pathname, query, body };
    const attribution = { surface: current?.moduleKey ?? 'none', function: current?.functionKey ?? 'none' };
    const execute = () => this.options.jira.handleAsync(request, principal);
    const response =
      fault && !fault.network
        ? fault
        : this.options.rateLimits
          ? await this.options.rateLimits.through(request, { app: true, attribution }, execute)
          : await execute();
    if (fault?.network === 'timeout') {
      // Jira did the work; only its answer is lost.
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      throw new TypeError('fetch failed: request timed out (injected by the sandbox)');
    }
    // Forge delivers responses asynchronously; keep that, so no caller depends on synchronous answers.
    await Promise.resolve();
    const noBody = response.body === undefined || response.status === 204;
    return new Response(noBody ? null : JSON.stringify(response.body), {
      status: response.status,
      headers: { 'content-type': 'application/json', ...response.headers },
    });
  }

  private handlerFor(functionKey: string): ForgeHandler {
    const fn = this.manifest.modules.function?.find((candidate) => candidate.key === functionKey) as
      { handler?: string } | undefined;
    if (!fn?.handler) throw new Error(`The manifest has no function '${functionKey}'.`);
    const exportName = fn.handler.split('.').pop()!;
    const handler = this.options.appExports[exportName];
    if (typeof handler !== 'function')
      throw new Error(`src/index.ts does not export '${exportName}' (function '${functionKey}').`);
    return handler as ForgeHandler;
  }

  /** The URL of one of this environment's web triggers: stable per module and environment, as Forge's are. */
  webTriggerUrl(moduleKey: string): string {
    const base = this.options.baseUrl?.() ?? 'http://localhost:8080';
    return `${base}/x1/${this.options.environmentId}/${moduleKey}`;
  }

  webTriggerModules(): ManifestModule[] {
    return this.manifest.modules.webtrigger ?? [];
  }

  /**
   * Calls a web trigger's function as Forge does: no user (asUser cannot work), the request as
   * {method, headers (arrays of strings), body (a string), path, userPath, queryParameters}. An answer
   * without an integer statusCode, or a throw, becomes a 500, as the documentation says.
   */
  async invokeWebTrigger(moduleKey: string, request: WebTriggerRequest): Promise<WebTriggerAnswer> {
    const module = this.webTriggerModules().find((candidate) => candidate.key === moduleKey);
    if (!module?.function) return { statusCode: 404, headers: {}, body: '' };
    const handler = this.handlerFor(module.function);
    try {
      const outcome = (await this.runInvocation(
        { moduleKey, functionKey: module.function },
        module.function,
        `Web trigger ${moduleKey}`,
        () =>
          handler(
            { ...request, context: { cloudId: this.options.cloudId, moduleKey } },
            { installContext: `ari:cloud:jira::site/${this.options.cloudId}` },
          ),
      )) as { statusCode?: unknown; headers?: unknown; body?: unknown } | null | undefined;
      if (typeof outcome?.statusCode !== 'number' || !Number.isInteger(outcome.statusCode))
        return { statusCode: 500, headers: {}, body: '' };
      const headers =
        typeof outcome.headers === 'object' && outcome.headers !== null ? (outcome.headers as Record<string, string[]>) : {};
      return { statusCode: outcome.statusCode, headers, body: typeof outcome.body === 'string' ? outcome.body : '' };
    } catch (error) {
      this.options.log?.(`web trigger ${moduleKey} failed: ${error instanceof Error ? error.message : String(error)}`);
      return { statusCode: 500, headers: {}, body: '' };
    }
  }

  /** Modules with a Custom UI resource and a resolver, by module key. */
  uiModules(): { moduleType: string; module: ManifestModule }[] {
    return Object.entries(this.manifest.modules).flatMap(([moduleType, modules]) =>
      moduleType.startsWith('jira:') ? modules.filter((module) => module.resource).map((module) => ({ moduleType, module })) : [],
    );
  }

  findUiModule(moduleKeyOrResource: string): { moduleType: string; module: ManifestModule } | undefined {
    return (
      this.uiModules().find(({ module }) => module.key === moduleKeyOrResource) ??
      this.uiModules().find(({ module }) => module.resource === moduleKeyOrResource)
    );
  }

  /** Calls a resolver function exactly as the bridge's invoke does, as the given user. */
  async invokeResolver(params: {
    moduleKey: string;
    functionKey: string;
    payload: unknown;
    accountId: string | undefined;
    context: Record<string, unknown>;
  }): Promise<unknown> {
    const found = this.findUiModule(params.moduleKey);
    if (!found?.module.resolver) throw new Error(`Module '${params.moduleKey}' has no resolver.`);
    const handler = this.handlerFor(found.module.resolver.function);
    const context = {
      cloudId: this.options.cloudId,
      moduleKey: found.module.key,
      environmentId: this.options.environmentId,
      environmentType: this.environmentType,
      ...params.context,
    };
    return this.runInvocation(
      { accountId: params.accountId, moduleKey: found.module.key, functionKey: params.functionKey },
      found.module.resolver.function,
      `Resolver '${params.functionKey}'`,
      () =>
        handler(
          { call: { functionKey: params.functionKey, payload: params.payload }, context },
          {
            principal: params.accountId ? { accountId: params.accountId } : undefined,
            installContext: `ari:cloud:jira::site/${this.options.cloudId}`,
          },
        ),
    );
  }

  /**
   * Runs one invocation of a function under its time limit, as Forge does: at the limit (on the
   * sandbox's function clock) the invocation fails with FunctionTimeoutError, and whatever the
   * handler still does afterwards never reaches Jira, KVS or a queue.
   */
  private runInvocation<T>(meta: Invocation, functionKey: string, description: string, work: () => Promise<T>): Promise<T> {
    const limitMs = functionLimitMs(this.manifest.modules, functionKey);
    const timer = new InvocationTimer(limitMs, this.options.functionClock ?? {});
    return new Promise<T>((resolve, reject) => {
      let realTimer: NodeJS.Timeout | undefined;
      const record = (outcome: InvocationRecord['outcome']) => {
        this.invocations.push({ moduleKey: meta.moduleKey, functionKey, platformCalls: timer.platformCalls, outcome });
        if (this.invocations.length > 5000) this.invocations.splice(0, this.invocations.length - 5000);
      };
      const end = () => {
        if (timer.ended) return;
        timer.ended = true;
        clearTimeout(realTimer);
        record('timed-out');
        reject(new FunctionTimeoutError(description, limitMs));
      };
      const realMs = timer.realMsToLimit();
      if (realMs !== undefined) realTimer = setTimeout(end, realMs);
      const settle = (outcome: InvocationRecord['outcome'], finish: () => void) => {
        clearTimeout(realTimer);
        if (timer.ended) return;
        record(outcome);
        finish();
      };
      this.invoke({ ...meta, timer, end }, work).then(
        (value) => settle('returned', () => resolve(value)),
        (error: unknown) => settle('threw', () => reject(error)),
      );
    });
  }

  /** Whether a module id (ARI) names one of this environment's modules. */
  providesModule(ari: string): boolean {
    return ari.startsWith(`ari:cloud:ecosystem::extension/${this.appId}/${this.options.environmentId}/static/`);
  }

  /** The ARI Jira gives one of the app's modules in this environment. */
  moduleAri(moduleKey: string): string {
    return `ari:cloud:ecosystem::extension/${this.appId}/${this.options.environmentId}/static/${moduleKey}`;
  }

  /**
   * Calls a jira:workflowValidator function as Jira does during a transition: as the app (there is
   * no user to act for), with the issue, the transition and the rule's configuration. A throw, a
   * timeout, an answer of the wrong shape or a rule of no module of this app all fail the transition.
   */
  async runWorkflowValidator(
    ruleId: string,
    payload: {
      issue: { id: string; key: string };
      transition: { id: string; from: { id: string }; to: { id: string } };
      configuration?: string;
    },
  ): Promise<ValidatorOutcome> {
    const module = (this.manifest.modules['jira:workflowValidator'] ?? []).find(
      (candidate) => this.moduleAri(candidate.key) === ruleId,
    );
    if (!module?.function)
      return {
        result: false,
        errorMessage: 'The app that provides a validator of this transition is not installed, so the transition was not made.',
      };
    try {
      const handler = this.handlerFor(module.function);
      const context = { cloudId: this.options.cloudId, moduleKey: module.key };
      const outcome = await this.invoke({ moduleKey: module.key, functionKey: module.function! }, () =>
        withTimeout(
          handler({ ...payload, context }, { installContext: `ari:cloud:jira::site/${this.options.cloudId}` }),
          VALIDATOR_TIMEOUT_MS,
          `Validator ${module.key} timed out.`,
        ),
      );
      const answer = (typeof outcome === 'object' && outcome !== null ? outcome : {}) as {
        result?: unknown;
        errorMessage?: unknown;
      };
      if (answer.result === true) return { result: true };
      return {
        result: false,
        errorMessage:
          typeof answer.errorMessage === 'string' && answer.errorMessage.trim() ? answer.errorMessage : VALIDATOR_FAILED_MESSAGE,
      };
    } catch (error) {
      this.options.log?.(
        `validator ${module.key} failed on ${payload.issue.key}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return { result: false, errorMessage: VALIDATOR_FAILED_MESSAGE };
    }
  }

  /**
   * Schedules the triggers subscribed to an issue event, after a delay, as Forge does; `delivered`
   * runs once every trigger has had the event (successful or not).
   */
  dispatchIssueEvent(
    event: {
      eventType: string;
      issue: { id: string; key: string; fields: Record<string, unknown> };
      actor: Principal;
      changelog?: unknown;
      comment?: unknown;
    },
    delivered: () => void = () => undefined,
  ): void {
    const runs: Promise<void>[] = [];
    for (const trigger of this.manifest.modules.trigger ?? []) {
      if (!trigger.events?.includes(event.eventType)) continue;
      const selfGenerated = this.generatedBySelf(event.actor);
      if (trigger.filter?.ignoreSelf && selfGenerated) continue;
      const payload = {
        eventType: event.eventType,
        selfGenerated,
        issue: event.issue,
        atlassianId: event.actor.kind === 'user' ? event.actor.accountId : undefined,
        ...(event.changelog ? { changelog: event.changelog } : {}),
        ...(event.comment ? { comment: event.comment } : {}),
        context: { cloudId: this.options.cloudId, moduleKey: trigger.key },
      };
      runs.push(this.schedule(() => this.runTrigger(trigger, payload, event.issue.key)));
    }
    void Promise.allSettled(runs).then(delivered);
  }

  /**
   * An event is self-generated when this environment's own API call caused it, as the app or as the
   * user it acted for (https://developer.atlassian.com/platform/forge/events-reference/product_events/#ignoreself).
   * Another environment of the same app is another app here: its changes reach this one's triggers.
   */
  generatedBySelf(actor: Principal): boolean {
    if (actor.kind === 'app') return actor.environmentId === undefined || actor.environmentId === this.options.environmentId;
    return actor.kind === 'user' && actor.via?.environmentId === this.options.environmentId;
  }

  /** Delivers the same event again (a replay, as Forge may do); used by tests. */
  redeliver(trigger: ManifestModule, payload: Record<string, unknown>, issueKey: string): Promise<void> {
    return this.runTrigger(trigger, payload, issueKey);
  }

  private async runTrigger(trigger: ManifestModule, payload: Record<string, unknown>, issueKey: string): Promise<void> {
    const run: TriggerRun = {
      moduleKey: trigger.key,
      eventType: String(payload.eventType),
      issueKey,
      outcome: undefined,
      at: this.options.now().toISOString(),
    };
    try {
      const handler = this.handlerFor(trigger.function!);
      run.outcome = await this.runInvocation(
        { moduleKey: trigger.key, functionKey: trigger.function! },
        trigger.function!,
        `Trigger ${trigger.key}`,
        () => handler(payload, { installContext: `ari:cloud:jira::site/${this.options.cloudId}` }),
      );
    } catch (error) {
      run.error = error instanceof Error ? error.message : String(error);
      this.options.log?.(`trigger ${trigger.key} failed on ${issueKey}: ${run.error}`);
    }
    this.recordRun(run);
  }

  private recordRun(run: TriggerRun): void {
    this.triggerRuns.push(run);
    if (this.triggerRuns.length > 500) this.triggerRuns.splice(0, this.triggerRuns.length - 500);
  }

  /** The shortest interval of the manifest's scheduled triggers, or undefined when there are none. */
  shortestSchedulePeriodMs(): number | undefined {
    const periods = (this.manifest.modules.scheduledTrigger ?? []).map((trigger) => schedulePeriodMs(trigger.interval));
    return periods.length > 0 ? Math.min(...periods) : undefined;
  }

  /**
   * Runs each scheduled trigger once per interval that passed on the sandbox clock, each under its
   * time limit. The platform expects `{statusCode}` back (204 success, 5xx an error) and records
   * anything else as 424 Failed dependency
   * (https://developer.atlassian.com/platform/forge/function-reference/scheduled-trigger/); each
   * run's outcome is in triggerRuns. A run that throws or times out is recorded and not retried.
   */
  async runScheduled(from: Date, to: Date): Promise<{ moduleKey: string; runs: number }[]> {
    const report: { moduleKey: string; runs: number }[] = [];
    for (const trigger of this.manifest.modules.scheduledTrigger ?? []) {
      const periodMs = schedulePeriodMs(trigger.interval);
      const runs = Math.floor(to.getTime() / periodMs) - Math.floor(from.getTime() / periodMs);
      for (let index = 0; index < runs; index += 1) {
        const run: TriggerRun = {
          moduleKey: trigger.key,
          eventType: 'scheduled',
          issueKey: '',
          outcome: undefined,
          at: this.options.now().toISOString(),
        };
        try {
          const handler = this.handlerFor(trigger.function!);
          run.outcome = await this.runInvocation(
            { moduleKey: trigger.key, functionKey: trigger.function! },
            trigger.function!,
            `Scheduled trigger ${trigger.key}`,
            () =>
              handler(
                { context: { cloudId: this.options.cloudId, moduleKey: trigger.key }, contextToken: 'sandbox' },
                { principal: undefined, installContext: `ari:cloud:jira::site/${this.options.cloudId}` },
              ),
          );
          const status = (run.outcome as { statusCode?: unknown } | null | undefined)?.statusCode;
          if (typeof status !== 'number' || !Number.isInteger(status))
            run.error = '424 Failed dependency: a scheduled trigger must return {statusCode}.';
          else if (status >= 500)
            run.error = `${status}: ${String((run.outcome as { statusText?: unknown }).statusText ?? 'the function reported an error')}`;
        } catch (error) {
          run.error = error instanceof Error ? error.message : String(error);
          this.options.log?.(`scheduled trigger ${trigger.key} failed: ${run.error}`);
        }
        this.recordRun(run);
      }
      report.push({ moduleKey: trigger.key, runs });
    }
    return report;
  }

  /** The consumer module of a queue, run as Forge runs it: (event, context) in its own invocation. */
  private consumerFor(queueName: string): QueueConsumer | undefined {
    const consumer = this.manifest.modules.consumer?.find((candidate) => candidate.queue === queueName);
    if (!consumer?.function) return undefined;
    const functionKey = consumer.function;
    return {
      moduleKey: consumer.key,
      run: (event) => {
        const handler = this.handlerFor(functionKey);
        return this.runInvocation({ moduleKey: consumer.key, functionKey }, functionKey, `Consumer ${consumer.key}`, () =>
          handler(event, { installContext: `ari:cloud:jira::site/${this.options.cloudId}` }),
        );
      },
    };
  }

  /** Delivers queued async events stored before a restart; returns how many. */
  redeliverQueuedEvents(): number {
    return this.queues.redeliverQueuedEvents();
  }

  private schedule(work: () => Promise<void>): Promise<void> {
    const delay = this.options.eventDelayMs ?? 20;
    return this.track(new Promise<void>((resolve) => setTimeout(resolve, delay)).then(work));
  }

  /** idle() waits for this work. */
  private track(task: Promise<void>): Promise<void> {
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
    return task;
  }

  /** Resolves once every scheduled trigger and queue delivery has run, including ones scheduled meanwhile. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}

const SCHEDULE_MINUTES: Record<string, number> = { fiveMinute: 5, hour: 60, day: 1440, week: 10080 };
const schedulePeriodMs = (interval: string | undefined): number => (SCHEDULE_MINUTES[interval ?? 'day'] ?? 1440) * 60_000;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const repositoryRoot = path.resolve(__dirname, '../..');
