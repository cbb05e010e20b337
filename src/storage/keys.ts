/** Every KVS key the app uses is built here, so the layout is visible in one place. */
const pad = (version: number): string => String(version).padStart(6, '0');

export const storageKeys = {
  /** Append-only framework versions; zero-padded so key order is version order. */
  frameworkVersion: (version: number): string => `framework:global:v:${pad(version)}`,
  frameworkVersionPrefix: 'framework:global:v:',
  /** Hint to the newest version of any scope; the versions themselves are the truth. */
  frameworkLatest: 'framework:global:latest',
  /** Hint to the newest version of one scope; a project's key exists only once it has an override. */
  frameworkScopeLatest: (projectKey: string | undefined): string =>
    projectKey ? `framework:scope:project:${projectKey}` : 'framework:scope:global',
  frameworkProjectScopePrefix: 'framework:scope:project:',
  requirementIssueType: 'setup:issue-type',
  rescoringJob: (jobId: string): string => `job:rescoring:${jobId}`,
  rescoringLatest: 'job:rescoring:latest',
  projectSetup: (projectKey: string): string => `setup:project:${projectKey}`,
  projectSetupPrefix: 'setup:project:',
  /** Claimed by the reminder run that sends one kind of reminder for an issue in a period (a day, or a closure round); expires. */
  reminder: (kind: string, issueId: string, period: string): string => `reminder:${kind}:${issueId}:${period}`,
  /** A claimed reminder not yet marked sent: what a later run finishes when the claiming run was stopped. */
  reminderPending: (kind: string, issueId: string, period: string): string => `reminder-pending:${kind}:${issueId}:${period}`,
  reminderPendingPrefix: 'reminder-pending:',
  /** The last quarterly customer review reminder sent in a project (when, to whom, which issue). */
  reviewReminder: (projectKey: string): string => `review-reminder:${projectKey}`,
  /** Taken by the one run that finishes a stopped run's pending claim. */
  reminderRecovery: (claimToken: string): string => `reminder-recovery:${claimToken}`,
  /** Held while one save of an issue's scores runs; expires on its own. */
  issueEditLock: (issueId: string): string => `lock:issue-edit:${issueId}`,
  /** Feasibility marks and the closure loop of one Requirement: the app's own record, which nobody can edit through Jira. */
  deliveryRecord: (issueId: string): string => `delivery:issue:${issueId}`,
  deliveryLock: (issueId: string): string => `lock:delivery:${issueId}`,
  /** Who may set which mark, reminder timings: one record per project. */
  deliverySettings: (projectKey: string): string => `delivery:settings:${projectKey}`,
  /** A project's second-level tag lists, once an admin saved them (the defaults until then). */
  kindTags: (projectKey: string): string => `kind-tags:${projectKey}`,
  kindTagsLock: (projectKey: string): string => `lock:kind-tags:${projectKey}`,
  /** One project's similar-requirement index: a small header naming the shard count, then the shards. */
  duplicateIndexHeader: (projectKey: string): string => `duplicates:${projectKey}:header`,
  duplicateIndexShard: (projectKey: string, shard: number): string => `duplicates:${projectKey}:shard:${pad(shard)}`,
  /** Held while one event updates a project's index, so two events cannot each rewrite a shard without the other's change. */
  duplicateIndexLock: (projectKey: string): string => `lock:duplicates:${projectKey}`,
  /** One project's copy of its requirement rows (the matrix's read model): a header, then the shards. */
  rowSnapshotHeader: (projectKey: string): string => `rows:${projectKey}:header`,
  rowSnapshotShard: (projectKey: string, shard: number): string => `rows:${projectKey}:shard:${pad(shard)}`,
  /** Held while one open writes the copy back, so two writers cannot interleave shards and header. */
  rowSnapshotLock: (projectKey: string): string => `lock:rows:${projectKey}`,
  /** A build of the copy from one caller's search pages, and its parked pages; both expire. */
  rowSnapshotBuild: (projectKey: string, buildId: string): string => `rows:${projectKey}:build:${buildId}`,
  rowSnapshotBuildPart: (projectKey: string, buildId: string, part: number): string =>
    `rows:${projectKey}:build:${buildId}:part:${pad(part)}`,
  /** A caller who may read the copy's further pages; expires. */
  rowSnapshotGrant: (projectKey: string, accountId: string): string => `rows:${projectKey}:grant:${accountId}`,
  /** What a merge of two issues changed, to undo it; one record per unordered pair. */
  mergeRecord: (firstIssueId: string, secondIssueId: string): string => {
    const [low, high] = [firstIssueId, secondIssueId].sort((left, right) => Number(left) - Number(right));
    return `merge:${low}:${high}`;
  },
  /** A customer CSV import sent in parts: who sends it, how many parts, its expiry and, once committed, its result. */
  customerImport: (importId: string): string => `import:customers:${importId}`,
  customerImportPart: (importId: string, part: number): string => `import:customers:${importId}:part:${pad(part)}`,
  /** Taken by the one call that commits an import, so a retried last part cannot import it twice. */
  customerImportCommit: (importId: string): string => `import:customers:${importId}:commit`,
  /** A spreadsheet of requirements sent in parts (the same staging as a customer import, its own keys). */
  sheetImport: (importId: string): string => `import:sheet:${importId}`,
  sheetImportPart: (importId: string, part: number): string => `import:sheet:${importId}:part:${pad(part)}`,
  sheetImportCommit: (importId: string): string => `import:sheet:${importId}:commit`,
  /** A spreadsheet import job: its progress, and its plan in parts. */
  sheetImportJob: (jobId: string): string => `job:sheet-import:${jobId}`,
  sheetImportLatest: (projectKey: string): string => `job:sheet-import:latest:${projectKey}`,
  sheetImportPlanPart: (jobId: string, part: number): string => `job:sheet-import:${jobId}:plan:${pad(part)}`,
  /** Held by the one import job a project runs at a time (its fingerprint log has one writer). */
  sheetImportActive: (projectKey: string): string => `lock:sheet-import:${projectKey}`,
  /** Row fingerprints imported into a project and the requirement each became: a header, then shards. */
  sheetPrintsHeader: (projectKey: string): string => `sheet-prints:${projectKey}:header`,
  sheetPrintsShard: (projectKey: string, shard: number): string => `sheet-prints:${projectKey}:shard:${pad(shard)}`,
  /** One entry per customer export or erasure; a customer's entries in time order. */
  customerAudit: (number: string, at: string, action: string): string => `audit:customer:${number}:${at}:${action}`,
  customerAuditPrefix: (number: string): string => `audit:customer:${number}:`,
  /** A project's web intake secret (kvs.setSecret): only getSecret reads it back. */
  intakeSecret: (projectKey: string): string => `intake:secret:${projectKey}`,
  /** One web intake delivery by its idempotency key (hashed, so any header value makes a valid key); expires. */
  intakeDelivery: (projectKey: string, keyHash: string): string => `intake:delivery:${projectKey}:${keyHash}`,
  /** One project's copy of its classified requirements (the suggestion models' training examples): a header naming its revision, then that revision's shards (they expire). */
  classificationExamplesHeader: (projectKey: string): string => `class-examples:${projectKey}:header`,
  classificationExamplesShard: (projectKey: string, revision: string, shard: number): string =>
    `class-examples:${projectKey}:${revision}:shard:${pad(shard)}`,
  /** How many signed web intake requests a project had in one minute; expires. */
  intakeRate: (projectKey: string, minute: number): string => `intake:rate:${projectKey}:${minute}`,
  /** The support tickets a requirement was raised from or given as demand, with their customers, language and answers. */
  supportTickets: (requirementId: string): string => `support-tickets:requirement:${requirementId}`,
  supportTicketsLock: (requirementId: string): string => `lock:support-tickets:${requirementId}`,
  /** The requirements one ticket was raised into or added to (the ticket action's "already linked"). */
  ticketRequirements: (ticketId: string): string => `support-tickets:ticket:${ticketId}`,
  /** One comment the app posted on a ticket (a notice or a follow-up question of one closure round): posted once. */
  ticketComment: (ticketId: string, kind: string, round: string): string =>
    `support-tickets:comment:${ticketId}:${kind}:${round}`,
} as const;
