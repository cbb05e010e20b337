import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ZodType } from 'zod';
import { RESOLVER_DEFINITIONS } from '../src/resolvers';
import { parseDuration } from './clock';
import { FaultSettingsError } from './forge/fault-injector';
import { LatencySettingsError } from './forge/latency';
import { RateLimitSettingsError } from './forge/rate-limits';
import { repositoryRoot } from './forge/runtime';
import { jiraTimestamp, type Principal } from './jira/http';
import { SEED_USERS, type IssueRecord, type ProjectRecord, type SandboxUser } from './jira/model';
import type { Sandbox } from './sandbox';
import { seedDemoData } from './seed';

/**
 * The sandbox over HTTP: Jira REST v3 at /rest/api/3 (Basic auth with the seeded accounts), the
 * app's Custom UI resources at /app/<resource>/ behind a bridge shim, a Jira-like frame at /, and
 * the control API at /__sandbox/*.
 */

const MAX_BODY_BYTES = 10 * 1024 * 1024;
/**
 * Forge's "front-end invocation request payload size" (invoke via @forge/bridge): 500KB
 * (developer.atlassian.com/platform/forge/limits-invocation/). Counted as 500,000 bytes of the JSON
 * {functionKey, payload}, the stricter reading of "KB".
 */
export const MAX_INVOKE_PAYLOAD_BYTES = 500_000;
const SESSION_COOKIE = 'rt_sandbox_user';
const UI_DIR = path.join(repositoryRoot, 'sandbox/ui');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined || status === 204) {
    response.writeHead(status, headers);
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError(400, 'Unexpected character in the request body: it is not valid JSON.');
  }
}

function basicAuthUser(header: string | undefined): SandboxUser | undefined | null {
  if (!header) return undefined;
  const match = /^Basic\s+(.+)$/i.exec(header);
  if (!match) return null;
  const [email, token] = Buffer.from(match[1]!, 'base64').toString('utf8').split(':');
  return SEED_USERS.find((user) => user.emailAddress === email && user.apiToken === token) ?? null;
}

function cookieUser(header: string | undefined): SandboxUser | undefined {
  const value = header
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === SESSION_COOKIE)?.[1];
  return value ? SEED_USERS.find((user) => user.accountId === decodeURIComponent(value)) : undefined;
}

const sessionCookie = (accountId: string): string =>
  `${SESSION_COOKIE}=${encodeURIComponent(accountId)}; Path=/; SameSite=Strict; HttpOnly`;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** What a browser shows when it cancels the sign-in: how to sign in, in English and Chinese. */
function signInPage(refused: boolean): string {
  const rows = SEED_USERS.map(
    (user) =>
      `<tr><td>${escapeHtml(user.role)}</td><td><code>${escapeHtml(user.emailAddress)}</code></td><td><code>${escapeHtml(user.apiToken)}</code></td></tr>`,
  ).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Jira sandbox</title></head><body style="font:14px/1.5 system-ui,sans-serif;margin:32px">
<h1>${refused ? 'These credentials do not match a sandbox account.' : 'Sign in to the Jira sandbox'}</h1>
<p>Sign in with an account's e-mail address as the user name and its API token as the password, as Jira Cloud's Basic auth takes them. Reload the page to sign in.</p>
<p lang="zh-CN">${refused ? '这些凭据与沙箱中的任何账户都不匹配。' : '请登录 Jira 沙箱。'}用户名填写账户的电子邮件地址，密码填写其 API 令牌（与 Jira Cloud 的 Basic 认证相同）。重新加载页面即可登录。</p>
<table><thead><tr><th>role</th><th>e-mail</th><th>API token</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}

/** Which surface a frame shows; the host decides this, never the app's own code. */
interface SurfaceTarget {
  moduleKey: string;
  issueKey?: string;
  projectKey?: string;
  gadgetId?: string;
  mode?: 'edit' | 'view';
  locale?: string;
  theme?: 'light' | 'dark';
  /** Which installed environment of the app serves the call (production unless set). */
  environmentId?: string;
}

export class SandboxServer {
  private server?: http.Server;

  /** `reseed` replaces the demo data on POST /__sandbox/reset (the demo data alone unless given, e.g. with the report history by `npm start`). */
  constructor(
    private readonly sandbox: Sandbox,
    private readonly reseed: (sandbox: Sandbox) => Promise<void> = seedDemoData,
  ) {}

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((request, response) => {
      this.route(request, response).catch((error: unknown) => {
        const status = error instanceof RequestError ? error.status : 500;
        if (status === 500) console.error('sandbox error:', error);
        if (!response.headersSent)
          send(response, status, { errorMessages: [error instanceof Error ? error.message : 'Internal error'], errors: {} });
        else response.end();
      });
    });
    // Idle keep-alive sockets are closed by the client, never by the server: when tests and the server
    // share one busy event loop, a server-side idle timeout can close a socket just as the client sends
    // on it (ECONNRESET). Node closes idle sockets itself when the server closes.
    this.server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.sandbox.baseUrl = `http://localhost:${address.port}`;
    return this.sandbox.baseUrl;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/rest/')) return this.handleRest(request, response, url, method);
    if (url.pathname.startsWith('/__sandbox/')) return this.handleControl(request, response, url, method);
    if (url.pathname.startsWith('/app/')) return this.serveResource(response, url);
    if (url.pathname.startsWith('/x1/')) return this.serveWebTrigger(request, response, url, method);
    if (url.pathname === '/' || url.pathname === '/index.html') return this.serveFrame(request, response);
    if (url.pathname === '/favicon.ico') return this.serveFile(response, path.join(repositoryRoot, 'static/assets/icon.svg'));
    if (url.pathname.startsWith('/browse/'))
      return this.redirect(response, `/#/issue/${encodeURIComponent(url.pathname.slice('/browse/'.length))}`);
    send(response, 404, { errorMessages: ['Not found'], errors: {} });
  }

  /**
   * The Jira-like frame, for a signed-in browser: Basic credentials (e-mail and API token) sign in
   * as that account, whatever account an earlier visit chose; without them, the session the frame
   * chose with "Act as"; with neither, the browser is asked to sign in, as Jira asks a visitor.
   */
  private serveFrame(request: IncomingMessage, response: ServerResponse): void {
    const basic = basicAuthUser(request.headers.authorization);
    const session = cookieUser(request.headers.cookie);
    if (basic === null || (basic === undefined && !session)) {
      response.writeHead(401, {
        'content-type': 'text/html; charset=utf-8',
        'www-authenticate': 'Basic realm="Jira sandbox", charset="UTF-8"',
        'cache-control': 'no-store',
      });
      response.end(signInPage(basic === null));
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES['.html']!,
      'cache-control': 'no-store',
      ...(basic ? { 'set-cookie': sessionCookie(basic.accountId) } : {}),
    });
    createReadStream(path.join(UI_DIR, 'frame.html')).pipe(response);
  }

  private redirect(response: ServerResponse, location: string): void {
    response.writeHead(302, { location });
    response.end();
  }

  private async handleRest(request: IncomingMessage, response: ServerResponse, url: URL, method: string): Promise<void> {
    const basic = basicAuthUser(request.headers.authorization);
    if (basic === null) {
      send(
        response,
        401,
        { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} },
        { 'www-authenticate': 'Basic realm="Jira sandbox"' },
      );
      return;
    }
    // The frame calls REST with the signed-in account's session, as Jira's own pages do; like Jira,
    // a change made with a session cookie must carry the XSRF header, which other sites cannot send.
    // A browser that signed in with Basic credentials keeps sending them beside its session: there the
    // session is the account the frame acts as ("Act as"), as Jira's pages follow the browser session.
    const session = cookieUser(request.headers.cookie);
    if (session && method !== 'GET' && request.headers['x-atlassian-token'] !== 'no-check') {
      send(response, 403, { errorMessages: ['XSRF check failed'], errors: {} });
      return;
    }
    const user = session ?? basic;
    const principal: Principal = user ? { kind: 'user', accountId: user.accountId } : { kind: 'anonymous' };
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const existing = query[key];
      query[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
    }
    const body = method === 'GET' || method === 'DELETE' ? undefined : await readJson(request);
    const call = { method, path: url.pathname, query, body };
    // Calls with API tokens or a session pay no points but meet the burst and per-issue limits.
    const result = await this.sandbox.rateLimits.through(call, { app: false }, () =>
      this.sandbox.gateway().handleAsync(call, principal),
    );
    send(response, result.status, result.body, result.headers);
  }

  /** /x1/<environment id>/<module key>[/user path]: one environment's web trigger, with no user, as Forge serves it. */
  private async serveWebTrigger(request: IncomingMessage, response: ServerResponse, url: URL, method: string): Promise<void> {
    const [environmentId = '', moduleKey = '', ...rest] = url.pathname.slice('/x1/'.length).split('/');
    const runtime = this.sandbox.environment(environmentId);
    if (!runtime || !runtime.webTriggerModules().some((module) => module.key === moduleKey)) {
      send(response, 404, { message: 'No web trigger at this URL.' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new RequestError(413, 'The request body is too large.');
      chunks.push(chunk as Buffer);
    }
    const headers: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(request.headersDistinct)) if (values) headers[name] = values;
    const queryParameters: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams) (queryParameters[key] ??= []).push(value);
    const answer = await runtime.invokeWebTrigger(moduleKey, {
      method,
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      path: url.pathname,
      userPath: rest.length > 0 ? `/${rest.join('/')}` : '',
      queryParameters,
    });
    response.writeHead(
      answer.statusCode,
      Object.fromEntries(Object.entries(answer.headers).map(([name, values]) => [name, values.join(', ')])),
    );
    response.end(answer.body);
  }

  private requireBasicUser(request: IncomingMessage): SandboxUser {
    const user = basicAuthUser(request.headers.authorization);
    if (!user) throw new RequestError(401, 'Use Basic auth with a seeded account (see the README).');
    return user;
  }

  private async handleControl(request: IncomingMessage, response: ServerResponse, url: URL, method: string): Promise<void> {
    const route = `${method} ${url.pathname}`;
    switch (route) {
      case 'GET /__sandbox/resolvers':
        send(response, 200, this.resolverList());
        return;
      case 'POST /__sandbox/invoke': {
        const user = this.requireBasicUser(request);
        const body = (await readJson(request)) as
          { resource?: string; resolver?: string; payload?: unknown; context?: Omit<SurfaceTarget, 'moduleKey'> } | undefined;
        if (!body?.resource || !body.resolver) throw new RequestError(400, 'Send {resource, resolver, payload, context?}.');
        const module = this.sandbox.runtime.findUiModule(body.resource);
        if (!module) throw new RequestError(404, `No module uses resource '${body.resource}'.`);
        const result = await this.invoke(
          user,
          { moduleKey: module.module.key, ...body.context },
          body.resolver,
          body.payload ?? {},
        );
        send(response, 200, { result });
        return;
      }
      case 'GET /__sandbox/clock':
        send(response, 200, { now: this.sandbox.clock.now().toISOString() });
        return;
      case 'POST /__sandbox/clock': {
        const body = (await readJson(request)) as { advance?: string } | undefined;
        const ms = body?.advance ? parseDuration(body.advance) : undefined;
        if (ms === undefined || ms <= 0)
          throw new RequestError(400, 'advance must be a positive ISO 8601 duration such as P1D or PT36H.');
        // Step through the jump one schedule period at a time, so each run sees the time it would
        // have run at (a five-day jump runs the hourly work 120 times, each at its own hour).
        const step = this.sandbox.runtime.shortestSchedulePeriodMs() ?? ms;
        const runs = new Map<string, number>();
        let now = this.sandbox.clock.now();
        await this.sandbox.latency.suspendedDuring(async () => {
          for (let remaining = ms; remaining > 0; remaining -= step) {
            const { from, to } = this.sandbox.clock.advance(Math.min(step, remaining));
            for (const run of await this.sandbox.runScheduled(from, to))
              runs.set(run.moduleKey, (runs.get(run.moduleKey) ?? 0) + run.runs);
            await this.sandbox.idle();
            now = to;
          }
        });
        send(response, 200, {
          now: now.toISOString(),
          scheduled: [...runs].map(([moduleKey, count]) => ({ moduleKey, runs: count })),
        });
        return;
      }
      case 'POST /__sandbox/reset':
        this.sandbox.initialise();
        await this.reseed(this.sandbox);
        this.sandbox.rateLimits.reset();
        send(response, 200, { reset: true, now: this.sandbox.clock.now().toISOString() });
        return;
      case 'POST /__sandbox/idle':
        await this.sandbox.idle();
        send(response, 200, { idle: true });
        return;
      case 'GET /__sandbox/webtriggers': {
        const projects = this.sandbox.store.list<ProjectRecord>('jira-projects');
        send(
          response,
          200,
          this.sandbox.runtime.webTriggerModules().flatMap((module) =>
            projects.map((project) => {
              const url = new URL(this.sandbox.runtime.webTriggerUrl(module.key));
              url.searchParams.set('project', project.key);
              return { moduleKey: module.key, projectKey: project.key, url: url.toString() };
            }),
          ),
        );
        return;
      }
      case 'GET /__sandbox/triggers':
        send(response, 200, this.sandbox.runtime.triggerRuns);
        return;
      case 'GET /__sandbox/faults':
        send(response, 200, this.sandbox.faults.report());
        return;
      case 'POST /__sandbox/faults': {
        const body = await readJson(request);
        try {
          send(response, 200, this.sandbox.faults.configure(body));
        } catch (error) {
          if (error instanceof FaultSettingsError) throw new RequestError(400, error.message);
          throw error;
        }
        return;
      }
      case 'GET /__sandbox/points':
        send(response, 200, this.sandbox.rateLimits.report());
        return;
      case 'POST /__sandbox/points/reset':
        this.sandbox.rateLimits.reset();
        send(response, 200, this.sandbox.rateLimits.report());
        return;
      case 'GET /__sandbox/rate-limits':
        send(response, 200, this.sandbox.rateLimits.report().settings);
        return;
      case 'POST /__sandbox/rate-limits': {
        const body = await readJson(request);
        try {
          send(response, 200, this.sandbox.rateLimits.configure(body ?? {}).settings);
        } catch (error) {
          if (error instanceof RateLimitSettingsError) throw new RequestError(400, error.message);
          throw error;
        }
        return;
      }
      case 'GET /__sandbox/latency':
        send(response, 200, this.sandbox.latency.report());
        return;
      case 'POST /__sandbox/latency': {
        const body = await readJson(request);
        try {
          send(response, 200, this.sandbox.latency.configure(body));
        } catch (error) {
          if (error instanceof LatencySettingsError) throw new RequestError(400, error.message);
          throw error;
        }
        return;
      }
      case 'GET /__sandbox/queue':
        send(response, 200, {
          queued: this.sandbox.runtime.queues.queuedEvents(),
          deliveries: this.sandbox.runtime.queues.deliveries,
        });
        return;
      case 'GET /__sandbox/contract':
        send(response, 200, {
          checked: this.sandbox.options.checkContract === true,
          violations: this.sandbox.contractViolations,
        });
        return;
      case 'GET /__sandbox/accounts':
        send(
          response,
          200,
          SEED_USERS.map(({ accountId, emailAddress, displayName, role, locale }) => ({
            accountId,
            emailAddress,
            displayName,
            role,
            locale,
          })),
        );
        return;
      case 'POST /__sandbox/session': {
        const body = (await readJson(request)) as { accountId?: string } | undefined;
        const user = SEED_USERS.find((candidate) => candidate.accountId === body?.accountId);
        if (!user) throw new RequestError(400, 'Unknown account.');
        send(response, 200, { accountId: user.accountId }, { 'set-cookie': sessionCookie(user.accountId) });
        return;
      }
      case 'GET /__sandbox/session': {
        const user = cookieUser(request.headers.cookie) ?? SEED_USERS[0]!;
        send(response, 200, { accountId: user.accountId, displayName: user.displayName, role: user.role, locale: user.locale });
        return;
      }
      case 'GET /__sandbox/frame-data':
        send(
          response,
          200,
          this.frameData(cookieUser(request.headers.cookie) ?? SEED_USERS[0]!, url.searchParams.get('issue') ?? undefined),
        );
        return;
      case 'POST /__sandbox/bridge':
        return this.handleBridge(request, response);
      case 'GET /__sandbox/bridge.js':
        return this.serveFile(response, path.join(UI_DIR, 'bridge.js'));
      case 'GET /__sandbox/avatar.svg':
        response.writeHead(200, { 'content-type': 'image/svg+xml' });
        response.end(
          '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="8" fill="#8590A2"/></svg>',
        );
        return;
      default:
        throw new RequestError(404, `No control endpoint ${route}.`);
    }
  }

  /** Every resolver of every surface, with the access it declares and whether a schema checks its payload. */
  private resolverList(): {
    resource: string;
    moduleKey: string;
    moduleType: string;
    resolver: string;
    access: unknown;
    schema: boolean;
  }[] {
    return this.sandbox.runtime
      .uiModules()
      .filter(({ module }) => module.resolver)
      .flatMap(({ moduleType, module }) =>
        RESOLVER_DEFINITIONS.map((definition) => ({
          resource: module.resource!,
          moduleKey: module.key,
          moduleType,
          resolver: definition.key,
          access: (definition as { access?: unknown }).access ?? null,
          schema: (definition as { payload?: unknown }).payload instanceof ZodType,
        })),
      );
  }

  private runtimeFor(target: SurfaceTarget) {
    const runtime = this.sandbox.environment(target.environmentId);
    if (!runtime) throw new RequestError(404, `No environment ${target.environmentId} of the app is installed.`);
    return runtime;
  }

  /** Builds the extension context Jira would give the surface, from the host's own state. */
  private extensionContext(target: SurfaceTarget): Record<string, unknown> {
    const found = this.sandbox.runtime.findUiModule(target.moduleKey);
    if (!found) throw new RequestError(404, `Unknown module '${target.moduleKey}'.`);
    const extension: Record<string, unknown> = { type: found.moduleType };
    const issue = target.issueKey
      ? this.sandbox.store.list<IssueRecord>('jira-issues').find((candidate) => candidate.key === target.issueKey)
      : undefined;
    if (target.issueKey && !issue) throw new RequestError(404, `No issue ${target.issueKey}.`);
    const projectId = issue?.projectId;
    const project = projectId
      ? this.sandbox.store.get<ProjectRecord>('jira-projects', projectId)
      : target.projectKey
        ? this.sandbox.store.list<ProjectRecord>('jira-projects').find((candidate) => candidate.key === target.projectKey)
        : undefined;
    if (issue) extension.issue = { id: issue.id, key: issue.key, type: 'Requirement', typeId: String(issue.fields.issuetype) };
    if (project) extension.project = { id: project.id, key: project.key, type: project.projectTypeKey };
    if (found.moduleType === 'jira:dashboardGadget') {
      const gadgetId = target.gadgetId ?? '10000';
      extension.gadget = { id: gadgetId };
      extension.dashboard = { id: '10000' };
      extension.gadgetConfiguration = this.sandbox.store.get<Record<string, unknown>>('sandbox-gadgets', gadgetId) ?? {};
      if (target.mode === 'edit') extension.entryPoint = 'edit';
    }
    return {
      moduleKey: found.module.key,
      localId: this.runtimeFor(target).moduleAri(found.module.key),
      extension,
      locale: target.locale === 'zh-CN' ? 'zh-CN' : 'en-US',
      timezone: 'Asia/Shanghai',
      siteUrl: this.sandbox.baseUrl,
      cloudId: 'sandbox',
      theme: { colorMode: target.theme === 'dark' ? 'dark' : 'light' },
    };
  }

  private async invoke(user: SandboxUser, target: SurfaceTarget, functionKey: string, payload: unknown): Promise<unknown> {
    // Forge refuses a front-end invoke whose request payload exceeds 500 KB before any function runs.
    const bytes = Buffer.byteLength(JSON.stringify({ functionKey, payload }), 'utf8');
    if (bytes > MAX_INVOKE_PAYLOAD_BYTES) {
      throw new RequestError(
        413,
        `The invoke payload of ${functionKey} is ${bytes} bytes; Forge accepts at most 500 KB (${MAX_INVOKE_PAYLOAD_BYTES} bytes) from the front end. Nothing was run.`,
      );
    }
    // A resolver's context has the documented fields only: no locale, time zone or theme, which the
    // front end's view.getContext alone gives (https://developer.atlassian.com/platform/forge/runtime-reference/custom-ui-resolver/).
    const { locale: _locale, timezone: _timezone, theme: _theme, siteUrl: _siteUrl, ...context } = this.extensionContext(target);
    return this.runtimeFor(target).invokeResolver({
      moduleKey: target.moduleKey,
      functionKey,
      payload,
      accountId: user.accountId,
      context,
    });
  }

  /** The Custom UI bridge: the signed-in user comes from the session, the surface from the frame. */
  private async handleBridge(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const user = cookieUser(request.headers.cookie);
    if (!user) throw new RequestError(401, 'Choose an account in the sandbox frame first.');
    const body = (await readJson(request)) as
      { name?: string; payload?: Record<string, unknown>; target?: SurfaceTarget } | undefined;
    const target = body?.target;
    if (!body?.name || !target?.moduleKey) throw new RequestError(400, 'Send {name, payload, target}.');
    switch (body.name) {
      case 'getContext':
        send(response, 200, { value: { accountId: user.accountId, ...this.extensionContext(target) } });
        return;
      case 'invoke': {
        const functionKey = String(body.payload?.functionKey ?? '');
        const result = await this.invoke(user, target, functionKey, body.payload?.payload ?? {});
        send(response, 200, { value: result });
        return;
      }
      case 'submit': {
        // A gadget's edit view saves its configuration, as the dashboard does in Jira.
        if (target.gadgetId === undefined && !target.moduleKey.includes('gadget'))
          throw new RequestError(400, 'Only gadgets submit configuration.');
        this.sandbox.store.commit([{ collection: 'sandbox-gadgets', id: target.gadgetId ?? '10000', value: body.payload ?? {} }]);
        send(response, 200, { value: true });
        return;
      }
      default:
        send(response, 200, { value: true });
    }
  }

  private frameData(user: SandboxUser, issueKey: string | undefined): unknown {
    const issues = this.sandbox.store
      .list<IssueRecord>('jira-issues')
      .filter(() => user.role !== 'guest')
      .map((issue) => ({ key: issue.key, summary: issue.fields.summary, status: issue.fields.status }));
    const asUser: Principal = { kind: 'user', accountId: user.accountId };
    const selected = issueKey
      ? this.sandbox
          .gateway()
          .handle({ method: 'GET', path: `/rest/api/3/issue/${issueKey}`, query: {}, body: undefined }, asUser)
      : undefined;
    const transitions =
      selected?.status === 200
        ? this.sandbox
            .gateway()
            .handle({ method: 'GET', path: `/rest/api/3/issue/${issueKey}/transitions`, query: {}, body: undefined }, asUser)
        : undefined;
    // Jira's issue view shows the activity under the fields: the app's reminders arrive as comments.
    const comments =
      selected?.status === 200
        ? this.sandbox
            .gateway()
            .handle({ method: 'GET', path: `/rest/api/3/issue/${issueKey}/comment`, query: {}, body: undefined }, asUser)
        : undefined;
    return {
      user: { accountId: user.accountId, displayName: user.displayName, role: user.role, locale: user.locale },
      accounts: SEED_USERS.map(({ accountId, displayName, role }) => ({ accountId, displayName, role })),
      projects: this.sandbox.store
        .list<ProjectRecord>('jira-projects')
        .map((project) => ({ key: project.key, name: project.name })),
      issues,
      issue: selected && selected.status === 200 ? selected.body : null,
      transitions: transitions?.status === 200 ? (transitions.body as { transitions: unknown[] }).transitions : [],
      comments: comments?.status === 200 ? (comments.body as { comments: unknown[] }).comments : [],
      now: jiraTimestamp(this.sandbox.clock.now()),
    };
  }

  private serveResource(response: ServerResponse, url: URL): void {
    const [, , resourceKey, ...rest] = url.pathname.split('/');
    const resource = this.sandbox.runtime.manifest.resources.find((candidate) => candidate.key === resourceKey);
    if (!resource) throw new RequestError(404, `No resource '${resourceKey}'.`);
    const base = path.join(repositoryRoot, resource.path);
    const file = path.normalize(path.join(base, rest.join('/') || 'index.html'));
    if (!file.startsWith(base)) throw new RequestError(403, 'Outside the resource.');
    if (!existsSync(file) || !statSync(file).isFile())
      throw new RequestError(404, `${url.pathname} is not built; run npm run build.`);
    if (file.endsWith('.html')) {
      // The bridge must exist before the app's bundle imports @forge/bridge.
      const html = readFileSync(file, 'utf8').replace('<head>', '<head><script src="/__sandbox/bridge.js"></script>');
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-store' });
      response.end(html);
      return;
    }
    this.serveFile(response, file);
  }

  private serveFile(response: ServerResponse, file: string): void {
    if (!existsSync(file)) throw new RequestError(404, 'Not found');
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(response);
  }
}
