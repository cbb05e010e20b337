/** Every KVS key the app uses is built here, so the layout is visible in one place. */
const pad = (version: number): string => String(version).padStart(6, '0');

export const storageKeys = {
  /** Append-only framework versions; zero-padded so key order is version order. */
  frameworkVersion: (version: number): string => `framework:global:v:${pad(version)}`,
  frameworkVersionPrefix: 'framework:global:v:',
  /** Hint to the newest version; the versions themselves are the truth. */
  frameworkLatest: 'framework:global:latest',
  requirementIssueType: 'setup:issue-type',
  rescoringJob: (jobId: string): string => `job:rescoring:${jobId}`,
  rescoringLatest: 'job:rescoring:latest',
  projectSetup: (projectKey: string): string => `setup:project:${projectKey}`,
} as const;
