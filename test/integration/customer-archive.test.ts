import { SEED_USERS } from '../../sandbox/jira/model';
import { archiveTable } from '../../src/domain/customer-archive';
import type { CustomerArchivePage } from '../../src/shared/api';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/** customers.archive on the sandbox: the manager's view without contact data; contacts only for a Jira admin, audited. */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const call = (account: Parameters<typeof invoke>[0], payload: Record<string, unknown>) =>
  invoke<CustomerArchivePage>(account, 'matrix', 'customers.archive', { projectKey: 'REQ', ...payload }, { projectKey: 'REQ' });
const auditKeys = () =>
  env.site.sandbox.store.ids('kvs').filter((key) => key.startsWith('audit:customer:') && key.endsWith(':archive-export'));

test('a manager gets every customer without contact data, and nothing is audited', async () => {
  const page = await call('manager', {});
  if (!page.ok) throw new Error(page.error.message);
  expect(page.data.customers).toHaveLength(3);
  expect(page.data.cursor).toBeNull();
  expect(page.data.withContacts).toBe(false);
  expect(page.data.customers.every((customer) => !('contacts' in customer))).toBe(true);
  expect(JSON.stringify(page.data)).not.toContain('li.na@example.com');
  const table = archiveTable(page.data.customers, 'zh', { withContacts: false });
  expect(table.headers).not.toContain('联系人');
  expect(table.rows.map((row) => row[1])).toEqual(expect.arrayContaining(['中型汽车零部件制造商', '华东物流集团']));
  expect(auditKeys()).toEqual([]);
});

test('contact data is refused to anyone but a Jira admin, with a message saying how to export', async () => {
  expect(await call('manager', { withContacts: true })).toEqual({
    ok: false,
    error: { kind: 'forbidden', message: 'Only Jira administrators may export contact data; export the archive without it.' },
  });
  expect(auditKeys()).toEqual([]);
});

test('a Jira admin gets the contacts; each customer with contacts is audited as exported by the admin', async () => {
  const page = await call('admin', { withContacts: true });
  if (!page.ok) throw new Error(page.error.message);
  const withContact = page.data.customers.filter((customer) => (customer.contacts ?? []).length > 0);
  expect(withContact.map((customer) => customer.name)).toEqual(['中型汽车零部件制造商']);
  const table = archiveTable(page.data.customers, 'en', { withContacts: true });
  expect(table.headers.at(-1)).toBe('Contacts');
  expect(table.rows.find((row) => row[1] === '中型汽车零部件制造商')!.at(-1)).toBe(
    '李娜 (质量工程师; email; li.na@example.com; consent 2024-01-10)',
  );
  const keys = auditKeys();
  expect(keys).toHaveLength(1);
  expect(keys[0]).toContain(withContact[0]!.number);
  expect(env.site.sandbox.store.get<{ value: { accountId: string } }>('kvs', keys[0]!)!.value.accountId).toBe(
    SEED_USERS.find((user) => user.role === 'admin')!.accountId,
  );
});
