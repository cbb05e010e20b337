import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { RECORD_FIELDS } from '../domain/fields';
import { intakeRecordOf, type IntakeRecord } from '../domain/record';
import type { Violation, ViolationRule } from '../domain/result';
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

const text = (max: number) => z.string().trim().min(1, 'is required and must not be blank').max(max, `must be at most ${max} characters`);

export const intakeRequestSchema = z
  .object({
    summary: text(255),
    originalWords: text(MAX_WORDS_LENGTH),
    channel: z.enum(SOURCE_CHANNELS as unknown as [string, ...string[]], { message: `must be one of ${SOURCE_CHANNELS.join(', ')}` }),
    submitter: z.object({ name: text(MAX_NAME_LENGTH), role: text(MAX_NAME_LENGTH).optional() }).strict(),
    date: calendarDate,
    customer: z
      .object({
        name: text(MAX_NAME_LENGTH).optional(),
        number: z.string().regex(/^CUS\d{4}(0[1-9]|1[0-2])\d{3}$/, 'must be a customer number such as CUS202401001').optional(),
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
  projectKey: string | undefined;
  rawBody: string;
  /** Lower-case header names, first value of each. */
  headers: Record<string, string | undefined>;
  nowSeconds: number;
}

const refusal = (statusCode: number, error: string, violations: Violation[], headers?: Record<string, string>): IntakeAnswer => ({
  statusCode,
  body: { error, message: violations.map((violation) => violation.message).join(' '), violations },
  ...(headers ? { headers } : {}),
});

const violation = (field: string, rule: ViolationRule, message: string): Violation => ({ field, rule, message });

export const signatureOf = (secret: string, timestamp: string, rawBody: string): string => `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;

/** Constant-time comparison: the time taken says nothing about how much of a guess was right. */
function signaturesMatch(expected: string, given: string): boolean {
  const left = createHash('sha256').update(expected).digest();
  const right = createHash('sha256').update(given).digest();
  return timingSafeEqual(left, right) && expected.length === given.length;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

function schemaViolations(issues: z.core.$ZodIssue[]): Violation[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'body';
    let rule: ViolationRule = 'type';
    if (issue.code === 'too_big') rule = 'length';
    else if (issue.code === 'too_small') rule = 'required';
    else if (issue.code === 'invalid_value') rule = 'enum';
    else if (issue.code === 'invalid_format' || issue.code === 'custom') rule = 'syntax';
    else if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) rule = 'required';
    if (issue.code === 'unrecognized_keys') return violation(field, 'type', `${field}: unknown field(s) ${issue.keys.join(', ')}.`);
    const message = rule === 'required' && issue.code === 'invalid_type' ? 'is required' : issue.message;
    return violation(field, rule, `${field}: ${message}.`);
  });
}

/**
 * Checks one delivery in the order that spends least on a stranger: size, headers, the project's
 * secret, the signature's age and value; only a signed request counts against the rate limit, is
 * looked up by its idempotency key, and has its body read.
 */
export async function receiveIntake(jira: JiraClient, delivery: IntakeDelivery): Promise<IntakeAnswer> {
  const { projectKey, rawBody, headers, nowSeconds } = delivery;
  const bodyBytes = Buffer.byteLength(rawBody, 'utf8');
  if (bodyBytes > MAX_INTAKE_BODY_BYTES) {
    return refusal(413, 'payload-too-large', [violation('body', 'length', `body: must be at most ${MAX_INTAKE_BODY_BYTES} bytes (got ${bodyBytes}).`)]);
  }
  if (!projectKey) return refusal(400, 'invalid-request', [violation('project', 'required', 'project: the query parameter project=KEY is required.')]);
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (!timestamp || !signature) {
    return refusal(401, 'unauthenticated', [violation(timestamp ? SIGNATURE_HEADER : TIMESTAMP_HEADER, 'required', `${timestamp ? 'X-RT-Signature' : 'X-RT-Timestamp'}: the request must be signed (X-RT-Timestamp and X-RT-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">).`)]);
  }
  const secret = await getIntakeSecret(projectKey);
  // One answer for "no such project" and "no intake secret": neither accepts requests.
  if (!secret) return refusal(404, 'not-found', [violation('project', 'required', `project: ${projectKey} has no web intake; a project admin creates its secret on the app's admin page.`)]);
  if (!/^\d{1,12}$/.test(timestamp)) return refusal(401, 'unauthenticated', [violation(TIMESTAMP_HEADER, 'syntax', 'X-RT-Timestamp: must be Unix time in whole seconds.')]);
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return refusal(401, 'unauthenticated', [violation(TIMESTAMP_HEADER, 'range', `X-RT-Timestamp: must be within ${SIGNATURE_WINDOW_SECONDS / 60} minutes of now; sign the request again.`)]);
  }
  if (!signaturesMatch(signatureOf(secret.secret, timestamp, rawBody), signature.trim())) {
    return refusal(401, 'unauthenticated', [violation(SIGNATURE_HEADER, 'syntax', "X-RT-Signature: does not match the body and timestamp under the project's current secret.")]);
  }

  const minute = Math.floor(nowSeconds / 60);
  const count = await countIntakeRequest(projectKey, minute);
  if (count > INTAKE_REQUESTS_PER_MINUTE) {
    const retryAfter = String((minute + 1) * 60 - nowSeconds);
    return refusal(429, 'rate-limited', [violation('project', 'range', `project: at most ${INTAKE_REQUESTS_PER_MINUTE} requests a minute; retry after ${retryAfter} seconds.`)], { 'Retry-After': retryAfter });
  }

  // Without an Idempotency-Key the signature names the delivery, so a captured request replayed in the window creates nothing.
  const keyHash = sha256(headers[IDEMPOTENCY_HEADER] ?? signature);
  const bodyHash = sha256(rawBody);
  if (!(await claimIntakeDelivery(projectKey, keyHash, bodyHash))) {
    const first = await getIntakeDelivery(projectKey, keyHash);
    if (first?.bodyHash !== bodyHash) {
      return refusal(409, 'conflict', [violation(IDEMPOTENCY_HEADER, 'unique', 'Idempotency-Key: was used before with a different body; use a new key for a new requirement.')]);
    }
    if (first.state === 'done' && first.statusCode !== undefined) return { statusCode: first.statusCode, body: { ...(first.response as Record<string, unknown>), replayed: true } };
    return refusal(409, 'conflict', [violation(IDEMPOTENCY_HEADER, 'unique', 'Idempotency-Key: the first delivery with this key is still being processed; retry in a moment.')]);
  }

  let answer: IntakeAnswer;
  try {
    answer = await validateAndCreate(jira, projectKey, rawBody);
  } catch (error) {
    await releaseIntakeDelivery(projectKey, keyHash);
    throw error;
  }
  if (answer.statusCode === 201) await finishIntakeDelivery(projectKey, keyHash, { state: 'done', bodyHash, statusCode: 201, response: answer.body });
  // A refused body may be corrected and sent again under the same key.
  else await releaseIntakeDelivery(projectKey, keyHash);
  return answer;
}

async function validateAndCreate(jira: JiraClient, projectKey: string, rawBody: string): Promise<IntakeAnswer> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return refusal(400, 'invalid-request', [violation('body', 'syntax', 'body: must be a JSON object.')]);
  }
  const parsed = intakeRequestSchema.safeParse(json);
  if (!parsed.success) return refusal(400, 'invalid-request', schemaViolations(parsed.error.issues));
  const setup = await getProjectSetup(projectKey);
  if (!setup) return refusal(409, 'conflict', [violation('project', 'required', `project: ${projectKey} is not set up by Requirement Triage; a Jira admin runs setup on the admin page first.`)]);
  try {
    const created = await createIntakeRequirement(jira, projectKey, setup, parsed.data);
    return { statusCode: 201, body: { issueKey: created.key, issueId: created.id } };
  } catch (error) {
    if (error instanceof JiraError && (error.kind === 'not-found' || error.kind === 'bad-request')) {
      return refusal(409, 'conflict', [violation('project', 'required', `project: Jira refused a Requirement in ${projectKey} (${error.message}); run setup for the project again.`)]);
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
export async function createIntakeRequirement(jira: JiraClient, projectKey: string, setup: RequirementTarget, request: IntakeRequest): Promise<{ id: string; key: string }> {
  const ids = await resolveAppFieldIds(jira);
  return createRequirement({ create: jira, app: jira }, projectKey, setup, ids, intakeRecordOfRequest(request), { line: 'Received through the web intake (Requirement Triage).' });
}

/** A new random secret for the project; the old one stops working at once. Shown to the admin once. */
export async function rotateIntakeSecret(projectKey: string, accountId: string, now: Date): Promise<{ secret: string; createdAt: string }> {
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
