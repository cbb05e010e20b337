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
  headers: {
    'Content-Type': ['application/json'],
    ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, [value]])),
  },
  body: JSON.stringify(body),
});

export async function receiveRequirement(request: WebTriggerRequest): Promise<WebTriggerResponse> {
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([name, values]) => [name.toLowerCase(), values?.[0]]),
  );
  const answer = await receiveIntake(jiraAsApp(), {
    method: request.method,
    projectKey: request.queryParameters?.project?.[0],
    rawBody: request.body ?? '',
    headers,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  return json(answer.statusCode, answer.body, answer.headers);
}
