import { randomUUID } from 'node:crypto';
import { splitIntoParts } from '../../src/domain/upload-parts';
import { CUSTOMER_ENTITY } from '../../src/storage/customer-store';
import { IMPORT_COLUMNS } from '../../src/domain/customers';
import type { ResolverResult } from '../../src/shared/api';
import { ACCOUNTS, useTestSandbox } from '../support/test-sandbox';

/**
 * Forge refuses a front-end invoke whose payload exceeds 500 KB, so the customer import sends a
 * large file in parts: staged in KVS under the import's id, checked whole and imported all or
 * nothing with the last part. A file whose parts do not all arrive stores no customer.
 */

const env = useTestSandbox();
type Progress = { received: number; parts: number; created: string[] | null };

const customerCount = () => env.site.sandbox.store.ids(`kvs-entity:${CUSTOMER_ENTITY}`).length;
const stagedKeys = (importId: string) =>
  env.site.sandbox.store.ids('kvs').filter((key) => key.startsWith(`import:customers:${importId}`));

async function invoke(
  account: keyof typeof ACCOUNTS,
  payload: unknown,
): Promise<{ status: number; result?: ResolverResult<Progress>; text: string; bytes: number }> {
  const body = JSON.stringify({ resource: 'matrix', resolver: 'customers.import', payload, context: { projectKey: 'REQ' } });
  const response = await fetch(`${env.site.url}/__sandbox/invoke`, { method: 'POST', headers: ACCOUNTS[account], body });
  const text = await response.text();
  return {
    status: response.status,
    text,
    bytes: Buffer.byteLength(body, 'utf8'),
    ...(response.status === 200 ? { result: (JSON.parse(text) as { result: ResolverResult<Progress> }).result } : {}),
  };
}

/** 900 customers (a month has 999 numbers) with long Chinese names and regions: about 650 KB of CSV, too much for one invoke. */
const ROWS = 900;
function largeFile(): string {
  const rows = Array.from(
    { length: ROWS },
    (_, index) =>
      `${'华东物流供应链管理'.repeat(16)}${index},L,regular,20-99,3m-20m,${'湖北省武汉市东湖新技术开发区'.repeat(6)},,,,,,,,,,,`,
  );
  return [IMPORT_COLUMNS.join(','), ...rows].join('\r\n');
}

test('an invoke over 500 KB is refused before any resolver runs, through the control API and the bridge', async () => {
  const before = customerCount();
  const csv = largeFile();
  expect(Buffer.byteLength(csv, 'utf8')).toBeGreaterThan(500_000);
  const refused = await invoke('pm', { importId: randomUUID(), part: 0, parts: 1, text: csv });
  expect(refused.status).toBe(413);
  expect(refused.text).toContain('Forge accepts at most 500 KB');

  // The Custom UI bridge: the sandbox bridge endpoint refuses it the same way (the page's invoke rejects with this message).
  const bridged = await fetch(`${env.site.url}/__sandbox/bridge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'rt_sandbox_user=5b10a2844c20165700ede21g' },
    body: JSON.stringify({
      name: 'invoke',
      payload: { functionKey: 'customers.import', payload: { importId: randomUUID(), part: 0, parts: 1, text: csv } },
      target: { moduleKey: 'rt-priority-matrix', projectKey: 'REQ' },
    }),
  });
  expect(bridged.status).toBe(413);
  expect(((await bridged.json()) as { errorMessages: string[] }).errorMessages[0]).toContain('500 KB');
  expect(customerCount()).toBe(before);
});

test('a large file goes in parts, each invoke well under 500 KB, and is imported whole by the last one', async () => {
  const before = customerCount();
  const parts = splitIntoParts(largeFile());
  expect(parts.length).toBeGreaterThanOrEqual(4);
  const importId = randomUUID();
  const answers: Progress[] = [];
  let largest = 0;
  for (const [part, text] of parts.entries()) {
    const sent = await invoke('pm', { importId, part, parts: parts.length, text });
    largest = Math.max(largest, sent.bytes);
    if (!sent.result?.ok) throw new Error(`part ${part}: ${sent.text}`);
    answers.push(sent.result.data);
    // Nothing is imported before the last part.
    if (part < parts.length - 1) expect(customerCount()).toBe(before);
  }
  expect(largest).toBeLessThan(250_000);
  expect(answers.slice(0, -1).map((answer) => [answer.received, answer.created])).toEqual(
    parts.slice(0, -1).map((_, index) => [index + 1, null]),
  );
  expect(answers.at(-1)!.created).toHaveLength(ROWS);
  expect(customerCount()).toBe(before + ROWS);
  // The parts are gone; only the small record of the result stays, until its TTL.
  expect(stagedKeys(importId)).toEqual([`import:customers:${importId}`, `import:customers:${importId}:commit`].sort());

  // The last part sent again (an answer lost on the way) imports nothing twice.
  const repeated = await invoke('pm', { importId, part: parts.length - 1, parts: parts.length, text: parts.at(-1) });
  expect(repeated.result).toEqual({ ok: true, data: answers.at(-1) });
  expect(customerCount()).toBe(before + ROWS);
}, 120_000);

test('a half-sent import stores no customer; its parts expire, and a late last part is refused even while KVS still returns them', async () => {
  const before = customerCount();
  const header = IMPORT_COLUMNS.join(',');
  const parts = [
    `${header}\r\n`,
    'Half sent one,L,regular,20-99,3m-20m,Hubei,,,,,,,,,,,\r\n',
    'Half sent two,L,regular,20-99,3m-20m,Hubei,,,,,,,,,,,',
  ];
  const importId = randomUUID();
  for (const part of [0, 1])
    expect((await invoke('pm', { importId, part, parts: 3, text: parts[part] })).result).toEqual({
      ok: true,
      data: { received: part + 1, parts: 3, created: null },
    });
  expect(customerCount()).toBe(before);
  // Everything staged carries a TTL.
  const staged = stagedKeys(importId).map((key) => env.site.sandbox.store.get<{ expireTime?: string }>('kvs', key));
  expect(staged.length).toBe(3);
  expect(staged.every((item) => typeof item?.expireTime === 'string')).toBe(true);

  // Someone else cannot add to it.
  const foreign = await invoke('techlead', { importId, part: 2, parts: 3, text: parts[2] });
  expect(foreign.result).toEqual({
    ok: false,
    error: expect.objectContaining({ kind: 'validation', violations: [expect.objectContaining({ field: 'importId' })] }),
  });

  // An hour later the staged parts have expired (the KVS TTL on the sandbox clock, the stored expiry on the
  // function's clock); KVS may still return them for 48 hours, but the stored expiry decides.
  env.site.sandbox.clock.advance(61 * 60_000);
  const metaKey = `import:customers:${importId}`;
  const meta = env.site.sandbox.store.get<{ value: { expiresAt: number } }>('kvs', metaKey)!;
  env.site.sandbox.store.commit([
    { collection: 'kvs', id: metaKey, value: { ...meta, value: { ...meta.value, expiresAt: Date.now() - 1 } } },
  ]);
  expect(stagedKeys(importId).length).toBe(3);
  const late = await invoke('pm', { importId, part: 2, parts: 3, text: parts[2] });
  expect(late.result).toEqual({
    ok: false,
    error: expect.objectContaining({
      kind: 'validation',
      violations: [expect.objectContaining({ field: 'importId', message: expect.stringContaining('expired') })],
    }),
  });
  expect(customerCount()).toBe(before);
});

test('a file refused by the row checks leaves nothing staged', async () => {
  const importId = randomUUID();
  const csv = `${IMPORT_COLUMNS.join(',')}\r\nBad industry,XX,regular,20-99,3m-20m,Hubei,,,,,,,,,,,`;
  const answer = await invoke('pm', { importId, part: 0, parts: 1, text: csv });
  expect(answer.result).toEqual({ ok: false, error: expect.objectContaining({ kind: 'validation' }) });
  expect(stagedKeys(importId)).toEqual([]);
});
