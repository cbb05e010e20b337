import { existsSync } from 'node:fs';
import path from 'node:path';
import { openDurableStore, openMemoryStore, type DurableStore } from './store/durable-store';
import { FaultInjector } from './forge/fault-injector';
import type { InvocationClockOptions } from './forge/invocation-clock';
import { createKvsService } from './forge/kvs-service';
import { KvsUsage } from './forge/kvs-usage';
import { JiraLatency } from './forge/latency';
import { JiraRateLimits } from './forge/rate-limits';
import {
  declaredEntityIndexes,
  ForgeRuntime,
  readManifest,
  repositoryRoot,
  VALIDATOR_FAILED_MESSAGE,
  type EnvironmentType,
  type JiraGateway,
} from './forge/runtime';
import { FORGE_VALIDATOR_RULE_KEY, type ForgeRuleDeclaration } from './jira/resources/workflows';
import { JiraEmulator, type AppFieldDeclaration } from './jira/emulator';
import type { EmulatorRequest, EmulatorResponse, Principal } from './jira/http';
import { loadJiraContract, type ContractViolation } from './openapi/jira-contract';
import { loadServiceDeskContract } from './openapi/service-desk-contract';
import { SandboxClock } from './clock';

/**
 * One local Jira site with the app installed: the emulator, the app's KVS, the Forge runtime shim
 * and a clock. `npm start` serves it over HTTP (see server.ts); tests can also use it in-process.
 */

export interface SandboxOptions {
  /** Folder for persistent state; omit for an in-memory sandbox. */
  dataDir?: string;
  /** Check every REST call against the Jira OpenAPI spec and record mismatches. */
  checkContract?: boolean;
  eventDelayMs?: number;
  /** Multiplies async-event delays (delayInSeconds, retries); e.g. 0.01 in tests. Default 1 (real time). */
  queueDelayScale?: number;
  /** The site's default time zone (IANA name, e.g. Asia/Shanghai): what serverInfo reports. Default SANDBOX_TIME_ZONE, else UTC. */
  timeZone?: string;
  /** The clock functions' time limits are measured on (sandbox/forge/invocation-clock.ts); real time by default. */
  functionClock?: InvocationClockOptions;
  /** How long KVS keeps an expired key readable (default 48 h on the sandbox clock, Forge's worst case). */
  kvsExpiredRetentionMs?: number;
  log?: (line: string) => void;
}

/** Bumped whenever the emulator's stored collections change shape. */
export const SANDBOX_DATA_FORMAT = 6;

export const SANDBOX_CLOUD_ID = 'a436116f-02ce-4520-8fbb-7301462a1674';
export const SANDBOX_ENVIRONMENT_ID = '8d2a0c35-5a0c-4f6e-b7a4-8f0d3c9a1e22';

export class Sandbox {
  readonly store: DurableStore;
  readonly emulator: JiraEmulator;
  /** The app's production environment, installed on every sandbox site. */
  readonly runtime: ForgeRuntime;
  /** Every environment of the app installed on the site, production first (see installEnvironment). */
  readonly environments: ForgeRuntime[] = [];
  readonly clock: SandboxClock;
  /** Off until configured (POST /__sandbox/faults or SANDBOX_FAULTS). */
  readonly faults = new FaultInjector();
  /** Counts the points of the app's Jira calls; limits only when configured (POST /__sandbox/rate-limits or SANDBOX_RATE_LIMITS). */
  readonly rateLimits: JiraRateLimits;
  /** Off until configured (POST /__sandbox/latency or SANDBOX_LATENCY). */
  readonly latency = new JiraLatency();
  /** The app's KVS read and write units (Forge meters 10 KB units per installation); counted, not limited. */
  readonly kvsUsage = new KvsUsage();
  readonly contractViolations: ContractViolation[] = [];
  baseUrl = 'http://localhost:8080';
  private readonly contract;

  constructor(readonly options: SandboxOptions = {}) {
    this.store = options.dataDir ? openDurableStore(options.dataDir) : openMemoryStore();
    this.clock = new SandboxClock(this.store);
    this.rateLimits = new JiraRateLimits({
      clock: () => this.clock.now(),
      issueIdOf: (keyOrId) =>
        this.store.list<{ id: string; key: string }>('jira-issues').find((issue) => issue.key === keyOrId || issue.id === keyOrId)
          ?.id,
    });
    this.contract = options.checkContract ? loadJiraContract() : undefined;
    this.emulator = new JiraEmulator({
      timeZone: checkedTimeZone(options.timeZone ?? process.env.SANDBOX_TIME_ZONE ?? 'UTC'),
      store: this.store,
      now: () => this.clock.now(),
      baseUrl: () => this.baseUrl,
      onIssueEvent: (event) => this.dispatchToEnvironments(event),
      forgeRules: () => this.forgeRules(),
    });
    this.runtime = this.createRuntime(SANDBOX_ENVIRONMENT_ID, 'PRODUCTION', this.store);
    this.environments.push(this.runtime);
    this.runtime.install();
  }

  private createRuntime(environmentId: string, environmentType: EnvironmentType, store: DurableStore): ForgeRuntime {
    const manifestPath = path.join(repositoryRoot, 'manifest.yml');
    // Imported lazily so the app's modules load after the Forge globals exist.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const appExports = require(path.join(repositoryRoot, 'src/index')) as Record<string, unknown>;
    return new ForgeRuntime({
      manifestPath,
      appExports,
      jira: this.gateway(),
      kvs: createKvsService(store, () => this.clock.now(), {
        entityIndexes: declaredEntityIndexes(readManifest(manifestPath)),
        expiredRetentionMs: this.options.kvsExpiredRetentionMs,
        usage: this.kvsUsage,
      }),
      now: () => this.clock.now(),
      cloudId: SANDBOX_CLOUD_ID,
      environmentId,
      environmentType,
      eventDelayMs: this.options.eventDelayMs,
      store,
      queueDelayScale: this.options.queueDelayScale,
      functionClock: this.options.functionClock,
      faults: this.faults,
      rateLimits: this.rateLimits,
      latency: this.latency,
      baseUrl: () => this.baseUrl,
      log: this.options.log,
    });
  }

  /**
   * Installs another environment of the app on the same site, as `forge install -e development`
   * does beside production: its own fields (same module keys, its own ids), its own validator, its
   * own storage (in memory: it does not survive a restart), and its triggers receive the site's events.
   */
  installEnvironment(environmentId: string, environmentType: EnvironmentType): ForgeRuntime {
    const existing = this.environment(environmentId);
    if (existing) return existing;
    const runtime = this.createRuntime(environmentId, environmentType, openMemoryStore());
    this.environments.push(runtime);
    this.installAppFields(runtime);
    return runtime;
  }

  /** An installed environment by id; the production environment when no id is given. */
  environment(environmentId?: string): ForgeRuntime | undefined {
    return environmentId === undefined
      ? this.runtime
      : this.environments.find((runtime) => runtime.environmentId === environmentId);
  }

  /** Every environment's triggers get the event (each filters its own); it is acknowledged once all have run. */
  private dispatchToEnvironments(event: Parameters<ForgeRuntime['dispatchIssueEvent']>[0] & { id: string }): void {
    let waiting = this.environments.length;
    for (const runtime of this.environments) {
      runtime.dispatchIssueEvent(event, () => {
        waiting -= 1;
        if (waiting === 0) this.emulator.acknowledgeEvent(event.id);
      });
    }
  }

  /** Runs every environment's scheduled triggers for the clock's move from `from` to `to`. */
  async runScheduled(from: Date, to: Date): Promise<{ moduleKey: string; runs: number }[]> {
    const reports: { moduleKey: string; runs: number }[] = [];
    for (const runtime of this.environments) reports.push(...(await runtime.runScheduled(from, to)));
    return reports;
  }

  /** The emulator behind the contract check: every request and response is validated. */
  gateway(): JiraGateway {
    const checked = (request: EmulatorRequest, response: EmulatorResponse): EmulatorResponse => {
      if (this.contract && request.path.startsWith('/rest/api/3/')) {
        const requestProblem = this.contract.checkRequest({
          method: request.method,
          path: request.path,
          query: request.query,
          body: request.body,
        });
        if (requestProblem) this.contractViolations.push(requestProblem);
        const responseProblem = this.contract.checkResponse({
          method: request.method,
          path: request.path,
          status: response.status,
          body: response.body,
        });
        if (responseProblem) this.contractViolations.push(responseProblem);
      }
      // Jira Service Management has no OpenAPI file here: its calls are held to jira.js's service-desk models.
      if (this.contract && request.path.startsWith('/rest/servicedeskapi/')) {
        const serviceDesk = loadServiceDeskContract();
        const requestProblem = serviceDesk.checkRequest(request);
        if (requestProblem) this.contractViolations.push(requestProblem);
        const responseProblem = serviceDesk.checkResponse({
          method: request.method,
          path: request.path,
          status: response.status,
          body: response.body,
        });
        if (responseProblem) this.contractViolations.push(responseProblem);
      }
      return response;
    };
    return {
      handle: (request, principal) => {
        // Validators are app functions, which answer asynchronously: such a transition goes through handleAsync.
        if ((this.emulator.pendingTransition(request, principal)?.validators.length ?? 0) > 0)
          throw new Error(`${request.path}: this transition has workflow validators; make it through handleAsync.`);
        return checked(request, this.emulator.handle(request, principal));
      },
      handleAsync: async (request, principal) =>
        checked(request, (await this.refusalByValidators(request, principal)) ?? this.emulator.handle(request, principal)),
    };
  }

  /** Runs a transition's validators as Jira does, in order; the first that fails refuses it with its message. */
  private async refusalByValidators(request: EmulatorRequest, principal: Principal): Promise<EmulatorResponse | undefined> {
    const pending = this.emulator.pendingTransition(request, principal);
    for (const validator of pending?.validators ?? []) {
      // The environment whose module the rule names runs it; a rule of no installed environment fails.
      const owner = this.environments.find((runtime) => runtime.providesModule(validator.parameters.key ?? '')) ?? this.runtime;
      const outcome = await owner.runWorkflowValidator(validator.parameters.key ?? '', {
        issue: pending!.issue,
        transition: { id: pending!.transition.id, from: { id: pending!.transition.from }, to: { id: pending!.transition.to } },
        ...(validator.parameters.config === undefined ? {} : { configuration: validator.parameters.config }),
      });
      if (!outcome.result)
        return { status: 400, body: { errorMessages: [outcome.errorMessage ?? VALIDATOR_FAILED_MESSAGE], errors: {} } };
    }
    return undefined;
  }

  /** The app's jira:workflowValidator modules, as Jira lists them among the rules installed apps provide. */
  forgeRules(): ForgeRuleDeclaration[] {
    const catalogue = loadCatalogue();
    const text = (value: unknown): string => {
      const key = (value as { i18n?: string } | undefined)?.i18n;
      return key ? (catalogue[key] ?? key) : String(value ?? '');
    };
    return this.environments.flatMap((runtime) =>
      (runtime.manifest.modules['jira:workflowValidator'] ?? []).map((module) => ({
        id: runtime.moduleAri(module.key),
        name: text(module.name),
        description: text(module.description),
        ruleKey: FORGE_VALIDATOR_RULE_KEY,
        ruleType: 'Validator' as const,
      })),
    );
  }

  get isEmpty(): boolean {
    return this.store.size('jira-meta') === 0;
  }

  /** Data written by an older sandbox lacks collections this one needs; such a site is recreated. */
  get isCurrentFormat(): boolean {
    return this.store.get<number>('sandbox-meta', 'format') === SANDBOX_DATA_FORMAT;
  }

  /** A fresh site with the app installed (its fields registered) and nothing else. */
  initialise(): void {
    this.store.replaceAll({ ...JiraEmulator.initialCollections(), 'sandbox-meta': { format: SANDBOX_DATA_FORMAT } });
    this.installApp();
  }

  /** Registers the manifest's custom fields with the emulated Jira, as installing the app does, for every installed environment. */
  installApp(): void {
    for (const runtime of this.environments) this.installAppFields(runtime);
  }

  private installAppFields(runtime: ForgeRuntime): void {
    const manifest = readManifest(path.join(repositoryRoot, 'manifest.yml'));
    const catalogues = { 'en-US': loadCatalogue('en-US'), 'zh-CN': loadCatalogue('zh-CN') };
    const catalogue = catalogues['en-US'];
    const translated = (text: unknown): Record<string, string> => {
      const key = (text as { i18n?: string } | undefined)?.i18n;
      if (!key) return { 'en-US': String(text ?? '') };
      return Object.fromEntries(
        Object.entries(catalogues).flatMap(([locale, messages]) => (messages[key] ? [[locale, messages[key]]] : [])),
      );
    };
    const fields: AppFieldDeclaration[] = (manifest.modules['jira:customField'] ?? []).map((module) => {
      const nameKey = (module.name as { i18n?: string } | undefined)?.i18n;
      // Jira evaluates `edit.validation` (the jira:customField page documents no other place for it).
      const validation = (module.edit as { validation?: { expression?: unknown; errorMessage?: unknown } } | undefined)
        ?.validation;
      return {
        moduleKey: module.key,
        name: nameKey ? (catalogue[nameKey] ?? module.key) : String(module.name),
        type: module.type === 'number' || module.type === 'date' ? module.type : 'string',
        ...(module.collection === 'list' ? { collection: 'list' as const } : {}),
        readOnly: module.readOnly === true,
        ...(typeof validation?.expression === 'string'
          ? { validation: { expression: validation.expression, errorMessage: translated(validation.errorMessage) } }
          : {}),
      };
    });
    this.emulator.installAppFields(runtime.appId, runtime.environmentId, fields);
  }

  /** Delivers events stored before a restart that had not reached the app's triggers. */
  redeliverPendingEvents(): number {
    const pending = this.emulator.pendingEvents();
    for (const event of pending) this.dispatchToEnvironments(event);
    return pending.length;
  }

  /** Delivers async events (queues) stored before a restart that no consumer had finished. */
  redeliverQueuedEvents(): number {
    return this.runtime.redeliverQueuedEvents();
  }

  /** Everything the app scheduled has run. */
  async idle(): Promise<void> {
    for (let round = 0; round < 3; round += 1) for (const runtime of this.environments) await runtime.idle();
  }

  close(): void {
    // Queued events stay stored for the next start; no timer may touch the closed store.
    for (const runtime of this.environments) runtime.queues.stop();
    this.store.close();
  }
}

/** Refuses a zone name the runtime does not know, so a typo does not quietly run the site in UTC. */
function checkedTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error(
      `SANDBOX_TIME_ZONE / timeZone: '${zone}' is not an IANA time zone name (e.g. Asia/Shanghai, America/Bogota, UTC).`,
    );
  }
  return zone;
}

function loadCatalogue(locale = 'en-US'): Record<string, string> {
  const file = path.join(repositoryRoot, `locales/${locale}.json`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return existsSync(file) ? (require(file) as Record<string, string>) : {};
}
