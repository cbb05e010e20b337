/** Every KVS key the app uses is built here, so the layout is visible in one place. */
const pad = (version: number): string => String(version).padStart(6, '0');

export const storageKeys = {
  /** Append-only framework versions; zero-padded so key order is version order. */
  frameworkVersion: (version: number): string => `framework:global:v:${pad(version)}`,
  frameworkVersionPrefix: 'framework:global:v:',
  /** Hint to the newest version of any scope; the versions themselves are the truth. */
  frameworkLatest: 'framework:global:latest',
  /** Hint to the newest version of one scope; a project's key exists only once it has an override. */
  frameworkScopeLatest: (projectKey: string | undefined): string => (projectKey ? `framework:scope:project:${projectKey}` : 'framework:scope:global'),
  frameworkProjectScopePrefix: 'framework:scope:project:',
  requirementIssueType: 'setup:issue-type',
  rescoringJob: (jobId: string): string => `job:rescoring:${jobId}`,
  rescoringLatest: 'job:rescoring:latest',
  projectSetup: (projectKey: string): string => `setup:project:${projectKey}`,
  /** Held while one save of an issue's scores runs; expires on its own. */
  issueEditLock: (issueId: string): string => `lock:issue-edit:${issueId}`,
  /** One entry per customer export or erasure; a customer's entries in time order. */
  customerAudit: (number: string, at: string, action: string): string => `audit:customer:${number}:${at}:${action}`,
  customerAuditPrefix: (number: string): string => `audit:customer:${number}:`,
} as const;
