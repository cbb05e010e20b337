// Every function the manifest names, and nothing else.

// Resolver shared by the Custom UI surfaces (panel, glance, matrix, gadget, admin, customers).
export { handler } from './resolvers';

// Product events.
export { onIssueEvent } from './triggers/issue-event';

// Workflow validators.
export { checkWorkflowRule } from './triggers/workflow-validator';

// Queue consumers.
export { rescoreBatch } from './triggers/rescoring-consumer';
export { importSheetRows } from './triggers/sheet-import-consumer';

// Web triggers: requirements from forms and platforms outside Jira.
export { receiveRequirement } from './triggers/web-intake';

// Scheduled work.
export { continueReminders, remindOverdue } from './triggers/overdue-reminders';
