import { jiraAsApp } from '../jira/client';
import { receiveIntake } from '../services/web-intake';

/**
 * The web trigger (https://developer.atlassian.com/platform/forge/events-reference/web-trigger/):
 * headers and query parameters arrive as arrays of strings, the body as a string; the answer is
 * {statusCode, headers, body}. There is no user, so the service authenticates the request itself.
 */
export interface WebTriggerRequest {
  method: string;
  headers?: Record<string, string[] | undefined>;
  body?: string;
  queryParameters?: Record<string, string[] | undefined>;
}

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

const json = (statusCode: number, body: unknown, extra: Record<string, string> = {}): WebTriggerResponse => ({
  statusCode,
  headers: { 'Content-Type': ['application/json'], ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, [value]])) },
  body: JSON.stringify(body),
});

export async function receiveRequirement(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  if (request.method.toUpperCase() !== 'POST') return json(405, { error: 'method-not-allowed', message: 'Send the requirement with POST.', violations: [{ field: 'method', rule: 'enum', message: 'method: must be POST.' }] }, { Allow: 'POST' });
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, values]) => [name.toLowerCase(), values?.[0]]));
  try {
    const answer = await receiveIntake(jiraAsApp(), {
      projectKey: request.queryParameters?.project?.[0],
      rawBody: request.body ?? '',
      headers,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    return json(answer.statusCode, answer.body, answer.headers);
  } catch (error) {
    // Nothing of the request is logged: it carries customers' words.
    console.error('web intake failed:', error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error');
    return json(503, { error: 'unavailable', message: 'Jira is busy or unreachable; nothing was created. Retry with the same Idempotency-Key.' }, { 'Retry-After': '30' });
  }
}
