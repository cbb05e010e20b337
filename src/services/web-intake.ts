import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { RECORD_FIELDS } from '../domain/fields';
import { intakeRecordOf, type IntakeRecord } from '../domain/record';
import { message, messageLocaleOf, type Message } from '../domain/messages';
import type { Violation, ViolationRule } from '../domain/result';
import { writeFor } from '../platform/translate';
import { JiraError, type JiraClient } from '../jira/client';
import { resolveAppFieldIds } from './app-fields';
import { getProjectSetup } from '../storage/setup-store';
import { createRequirement, type RequirementTarget } from './requirement-intake';
import {
  claimIntakeDelivery,
  countIntakeRequest,
  finishIntakeDelivery,
  getIntakeDelivery,
  getIntakeSecret,
  releaseIntakeDelivery,
  saveIntakeSecret,
} from '../storage/intake-store';

/**
 * Requirements from outside Jira (a web form, a mini-program, a script gathering store reviews)
 * arrive at the app's web trigger. Forge attaches no user to a web trigger and does not
 * authenticate its URL (https://developer.atlassian.com/platform/forge/manifest-reference/modules/web-trigger/),
 * so every request proves itself with an HMAC of its timestamp and body under the project's secret.
 */

export const WEB_INTAKE_MODULE_KEY = 'rt-requirement-intake';
export const MAX_INTAKE_BODY_BYTES = 64 * 1024;
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;
export const INTAKE_REQUESTS_PER_MINUTE = 60;
export const TIMESTAMP_HEADER = 'x-rt-timestamp';
export const SIGNATURE_HEADER = 'x-rt-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

const SOURCE_CHANNELS = RECORD_FIELDS.find((field) => field.name === 'sourceChannel')!.values;
/** The Requirement's text fields are Forge string custom fields; the customer's words are kept whole up to this. */
const MAX_WORDS_LENGTH = 10_000;
const MAX_NAME_LENGTH = 255;

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
  }, 'must be a real calendar date');

const text = (max: number) =>
  z.string().trim().min(1, 'is required and must not be blank').max(max, `must be at most ${max} characters`);

export const intakeRequestSchema = z
  .object({
    summary: text(255),
    originalWords: text(MAX_WORDS_LENGTH),
    channel: z.enum(SOURCE_CHANNELS as unknown as [string, ...string[]], {
      message: `must be one of ${SOURCE_CHANNELS.join(', ')}`,
    }),
    submitter: z.object({ name: text(MAX_NAME_LENGTH), role: text(MAX_NAME_LENGTH).optional() }).strict(),
    date: calendarDate,
    customer: z
      .object({
        name: text(MAX_NAME_LENGTH).optional(),
        number: z
          .string()
          .regex(/^CUS\d{4}(0[1-9]|1[0-2])\d{3}$/, 'must be a customer number such as CUS202401001')
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type IntakeRequest = z.infer<typeof intakeRequestSchema>;

/** What the web trigger answers: a status and a JSON body. */
export interface IntakeAnswer {
  statusCode: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface IntakeDelivery {
  method: string;
  projectKey: string | undefined;
  rawBody: string;
  /** Lower-case header names, first value of each. */
  headers: Record<string, string | undefined>;
  nowSeconds: number;
}

/** A refusal before it is written: each violation's sentence is put in the sender's language at the end. */
interface Refusal {
  statusCode: number;
  error: string;
  violations: { field: string; rule: ViolationRule; sentence: Message }[];
  headers?: Record<string, string>;
}

const refusal = (
  statusCode: number,
  error: string,
  violations: Refusal['violations'],
  headers?: Record<string, string>,
): Refusal => ({ statusCode, error, violations, ...(headers ? { headers } : {}) });

const violation = (
  field: string,
  rule: ViolationRule,
  key: Message['key'],
  params?: Message['params'],
): Refusal['violations'][number] => ({ field, rule, sentence: message(key, params) });

/** The sender's language from Accept-Language (its first tag); both, Chinese first, when it names neither. */
const senderLocale = (acceptLanguage: string | undefined): string | null =>
  messageLocaleOf(acceptLanguage?.split(',')[0]?.split(';')[0]?.trim() ?? null);

async function written(answer: IntakeAnswer | Refusal, locale: string | null): Promise<IntakeAnswer> {
  if (!('error' in answer)) return answer;
  const violations: Violation[] = await Promise.all(
    answer.violations.map(async ({ field, rule, sentence }) => ({ field, rule, message: await writeFor(locale, [sentence]) })),
  );
  const body = {
    error: answer.error,
    message: await writeFor(
      locale,
      answer.violations.map((entry) => entry.sentence),
    ),
    violations,
  };
  return { statusCode: answer.statusCode, body, ...(answer.headers ? { headers: answer.headers } : {}) };
}

/** What the schema refuses, in words per rule (zod's own detail in English). */
const RULE_WORDS: Partial<Record<ViolationRule, string>> = {
  required: '必填',
  length: '超出长度限制',
  enum: '不是允许的取值',
  syntax: '格式不正确',
  type: '类型不正确',
};

export const signatureOf = (secret: string, timestamp: string, rawBody: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;

/** Constant-time comparison: the time taken says nothing about how much of a guess was right. */
function signaturesMatch(expected: string, given: string): boolean {
  const left = createHash('sha256').update(expected).digest();
  const right = createHash('sha256').update(given).digest();
  return timingSafeEqual(left, right) && expected.length === given.length;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

function schemaViolations(issues: z.core.$ZodIssue[]): Refusal['violations'] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'body';
    let rule: ViolationRule = 'type';
    if (issue.code === 'too_big') rule = 'length';
    else if (issue.code === 'too_small') rule = 'required';
    else if (issue.code === 'invalid_value') rule = 'enum';
    else if (issue.code === 'invalid_format' || issue.code === 'custom') rule = 'syntax';
    else if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) rule = 'required';
    if (issue.code === 'unrecognized_keys')
      return violation(field, 'type', 'server.intake.unknown_fields', { field, keys: issue.keys.join(', ') });
    const detail = rule === 'required' && issue.code === 'invalid_type' ? 'is required' : issue.message;
    return violation(field, rule, 'server.intake.schema', {
      field,
      detail: { 'en-US': detail, 'zh-CN': RULE_WORDS[rule] ?? '不正确' },
    });
  });
}

/**
 * Checks one delivery in the order that spends least on a stranger: size, headers, the project's
 * secret, the signature's age and value; only a signed request counts against the rate limit, is
 * looked up by its idempotency key, and has its body read.
 */
export async function receiveIntake(jira: JiraClient, delivery: IntakeDelivery): Promise<IntakeAnswer> {
  const locale = senderLocale(delivery.headers['accept-language']);
  if (delivery.method.toUpperCase() !== 'POST')
    return written(
      refusal(405, 'method-not-allowed', [violation('method', 'enum', 'server.intake.post_only')], { Allow: 'POST' }),
      locale,
    );
  try {
    return await written(await answerIntake(jira, delivery), locale);
  } catch (error) {
    // Nothing of the request is logged: it carries customers' words.
    console.error('web intake failed:', error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error');
    return written(
      refusal(503, 'unavailable', [violation('jira', 'range', 'server.intake.unavailable')], { 'Retry-After': '30' }),
      locale,
    );
  }
}

async function answerIntake(jira: JiraClient, delivery: IntakeDelivery): Promise<IntakeAnswer | Refusal> {
  const { projectKey, rawBody, headers, nowSeconds } = delivery;
  const bodyBytes = Buffer.byteLength(rawBody, 'utf8');
  if (bodyBytes > MAX_INTAKE_BODY_BYTES) {
    return refusal(413, 'payload-too-large', [
      violation('body', 'length', 'server.intake.too_large', { max: MAX_INTAKE_BODY_BYTES, size: bodyBytes }),
    ]);
  }
  if (!projectKey) return refusal(400, 'invalid-request', [violation('project', 'required', 'server.intake.project_missing')]);
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (!timestamp || !signature) {
    return refusal(401, 'unauthenticated', [
      violation(timestamp ? SIGNATURE_HEADER : TIMESTAMP_HEADER, 'required', 'server.intake.unsigned', {
        header: timestamp ? 'X-RT-Signature' : 'X-RT-Timestamp',
      }),
    ]);
  }
  const secret = await getIntakeSecret(projectKey);
  // One answer for "no such project" and "no intake secret": neither accepts requests.
  if (!secret)
    return refusal(404, 'not-found', [violation('project', 'required', 'server.intake.no_intake', { project: projectKey })]);
  if (!/^\d{1,12}$/.test(timestamp))
    return refusal(401, 'unauthenticated', [violation(TIMESTAMP_HEADER, 'syntax', 'server.intake.timestamp_syntax')]);
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return refusal(401, 'unauthenticated', [
      violation(TIMESTAMP_HEADER, 'range', 'server.intake.timestamp_range', { minutes: SIGNATURE_WINDOW_SECONDS / 60 }),
    ]);
  }
  if (!signaturesMatch(signatureOf(secret.secret, timestamp, rawBody), signature.trim())) {
    return refusal(401, 'unauthenticated', [violation(SIGNATURE_HEADER, 'syntax', 'server.intake.signature_mismatch')]);
  }

  const minute = Math.floor(nowSeconds / 60);
  const count = await countIntakeRequest(projectKey, minute);
  if (count > INTAKE_REQUESTS_PER_MINUTE) {
    const retryAfter = String((minute + 1) * 60 - nowSeconds);
    return refusal(
      429,
      'rate-limited',
      [violation('project', 'range', 'server.intake.rate_limited', { max: INTAKE_REQUESTS_PER_MINUTE, seconds: retryAfter })],
      { 'Retry-After': retryAfter },
    );
  }

  // Without an Idempotency-Key the signature names the delivery, so a captured request replayed in the window creates nothing.
  const keyHash = sha256(headers[IDEMPOTENCY_HEADER] ?? signature);
  const bodyHash = sha256(rawBody);
  if (!(await claimIntakeDelivery(projectKey, keyHash, bodyHash))) {
    const first = await getIntakeDelivery(projectKey, keyHash);
    if (first?.bodyHash !== bodyHash) {
      return refusal(409, 'conflict', [violation(IDEMPOTENCY_HEADER, 'unique', 'server.intake.key_reused')]);
    }
    if (first.state === 'done' && first.statusCode !== undefined)
      return { statusCode: first.statusCode, body: { ...(first.response as Record<string, unknown>), replayed: true } };
    return refusal(409, 'conflict', [violation(IDEMPOTENCY_HEADER, 'unique', 'server.intake.key_in_progress')]);
  }

  let answer: IntakeAnswer | Refusal;
  try {
    answer = await validateAndCreate(jira, projectKey, rawBody);
  } catch (error) {
    await releaseIntakeDelivery(projectKey, keyHash);
    throw error;
  }
  if (!('error' in answer) && answer.statusCode === 201)
    await finishIntakeDelivery(projectKey, keyHash, { state: 'done', bodyHash, statusCode: 201, response: answer.body });
  // A refused body may be corrected and sent again under the same key.
  else await releaseIntakeDelivery(projectKey, keyHash);
  return answer;
}

async function validateAndCreate(jira: JiraClient, projectKey: string, rawBody: string): Promise<IntakeAnswer | Refusal> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return refusal(400, 'invalid-request', [violation('body', 'syntax', 'server.intake.not_json')]);
  }
  const parsed = intakeRequestSchema.safeParse(json);
  if (!parsed.success) return refusal(400, 'invalid-request', schemaViolations(parsed.error.issues));
  const setup = await getProjectSetup(projectKey);
  if (!setup)
    return refusal(409, 'conflict', [violation('project', 'required', 'server.intake.not_set_up', { project: projectKey })]);
  try {
    const created = await createIntakeRequirement(jira, projectKey, setup, parsed.data);
    return { statusCode: 201, body: { issueKey: created.key, issueId: created.id } };
  } catch (error) {
    if (error instanceof JiraError && (error.kind === 'not-found' || error.kind === 'bad-request')) {
      return refusal(409, 'conflict', [
        violation('project', 'required', 'server.intake.jira_refused', { project: projectKey, reason: error.message }),
      ]);
    }
    throw error;
  }
}

/** The request as the record every intake channel brings; the customer is named in words (the archive is not searched from outside). */
function intakeRecordOfRequest(request: IntakeRequest): IntakeRecord {
  return {
    ...intakeRecordOf({
      summary: request.summary,
      originalWords: request.originalWords,
      customer: [request.customer?.name, request.customer?.number].filter(Boolean).join(' ') || null,
      channel: request.channel,
      date: request.date,
      submitter: request.submitter.name,
      nature: null,
      kind: null,
    }),
    submitterRole: request.submitter.role ?? null,
  };
}

/** Creates the Requirement as the app, through the one path every intake channel takes (src/services/requirement-intake.ts). */
export async function createIntakeRequirement(
  jira: JiraClient,
  projectKey: string,
  setup: RequirementTarget,
  request: IntakeRequest,
): Promise<{ id: string; key: string }> {
  const ids = await resolveAppFieldIds(jira);
  return createRequirement({ create: jira, app: jira }, projectKey, setup, ids, intakeRecordOfRequest(request), {
    line: 'Received through the web intake (Requirement Triage).',
  });
}

/** A new random secret for the project; the old one stops working at once. Shown to the admin once. */
export async function rotateIntakeSecret(
  projectKey: string,
  accountId: string,
  now: Date,
): Promise<{ secret: string; createdAt: string }> {
  const secret = `rtwh_${randomBytes(32).toString('hex')}`;
  const createdAt = now.toISOString();
  await saveIntakeSecret(projectKey, { secret, createdAt, createdBy: accountId });
  return { secret, createdAt };
}

/** When the project's secret was made (never the secret itself). */
export async function intakeSecretStatus(projectKey: string): Promise<{ createdAt: string | null }> {
  const record = await getIntakeSecret(projectKey);
  return { createdAt: record?.createdAt ?? null };
}
