import type { IssueBean } from '../../../src/jira/client';
import {
  assigneeOf,
  attachmentsOf,
  isRequirementIssue,
  issueTypeOf,
  projectOf,
  reporterOf,
  statusOf,
} from '../../../src/jira/issue-fields';

const issue = (fields: Record<string, unknown>): IssueBean => ({ id: '10001', key: 'REQ-1', fields });

test('system fields read as Jira returns them, numbers as text', () => {
  const read = issue({
    project: { id: 10000, key: 'REQ' },
    issuetype: { id: '10005', name: 'Requirement' },
    status: { id: '3', name: 'In Progress', statusCategory: { key: 'indeterminate' } },
    assignee: { accountId: 'a-1', displayName: '王芳' },
  });
  expect(projectOf(read)).toEqual({ id: '10000', key: 'REQ' });
  expect(issueTypeOf(read)).toEqual({ id: '10005', name: 'Requirement' });
  expect(statusOf(read)).toEqual({ id: '3', name: 'In Progress', categoryKey: 'indeterminate' });
  expect(assigneeOf(read)).toEqual({ accountId: 'a-1', displayName: '王芳' });
});

test('a field not asked for, null or malformed reads as empty instead of throwing', () => {
  const bare = issue({ project: 'REQ', status: { name: 7, statusCategory: 'done' }, assignee: null });
  expect(projectOf(bare)).toEqual({ id: '', key: '' });
  expect(issueTypeOf(bare)).toEqual({ id: '', name: '' });
  expect(statusOf(bare)).toEqual({ id: '', name: '7', categoryKey: '' });
  expect(assigneeOf(bare)).toBeNull();
  expect(assigneeOf(issue({}))).toBeNull();
});

test('a Requirement is known by its type id once the site has one, by its name before setup', () => {
  const requirement = issue({ issuetype: { id: '10005', name: 'Requirement' } });
  const renamed = issue({ issuetype: { id: '10005', name: '需求' } });
  const task = issue({ issuetype: { id: '10002', name: 'Task' } });
  expect([requirement, renamed, task].map((item) => isRequirementIssue(item, '10005'))).toEqual([true, true, false]);
  expect([requirement, renamed, task].map((item) => isRequirementIssue(item, undefined))).toEqual([true, false, false]);
});

test('the reporter and attachments of a plain ticket; an e-mail Jira hides and a file without address read as null', () => {
  const ticket = issue({
    reporter: { accountId: 'a-7', displayName: 'Li Lei', emailAddress: 'li@example.com' },
    attachment: [{ filename: 'log.txt', content: 'https://site/attachment/1' }, { filename: 'photo.png' }, 'not a file'],
  });
  expect(reporterOf(ticket)).toEqual({ accountId: 'a-7', displayName: 'Li Lei', email: 'li@example.com' });
  expect(attachmentsOf(ticket)).toEqual([
    { filename: 'log.txt', url: 'https://site/attachment/1' },
    { filename: 'photo.png', url: null },
  ]);
  expect(reporterOf(issue({ reporter: { displayName: 'Guest' } }))).toEqual({
    accountId: null,
    displayName: 'Guest',
    email: null,
  });
  expect(reporterOf(issue({}))).toEqual({ accountId: null, displayName: '', email: null });
  expect(attachmentsOf(issue({ attachment: null }))).toEqual([]);
});
