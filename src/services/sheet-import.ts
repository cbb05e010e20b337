import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { REQUIREMENT_ISSUE_TYPE } from '../domain/fields';
import { intakeRecordOf } from '../domain/record';
import { ConflictError, ValidationError, type Violation } from '../domain/result';
import {
  defaultDecision,
  firstRowsByFingerprint,
  planImport,
  readSheetRow,
  rowFingerprint,
  validateMapping,
  withDemand,
  type CheckedRow,
  type ColumnMapping,
  type ImportPlan,
  type RowDecision,
  type SheetDefaults,
  type SheetRecord,
  type SheetTable,
} from '../domain/sheet-import';
import { DuplicateIndex } from '../domain/text';
import { BULK_CREATE_LIMIT, JiraError, type BulkCreateResult, type JiraClient } from '../jira/client';
import type { SheetImportJob, SheetImportPreview, SheetPreviewRow, SheetRowChoice } from '../shared/api';
import { discardStagedImport, openStagedImport, readImportParts, stageImportPart } from '../storage/import-store';
import {
  appendFingerprints,
  claimProjectImport,
  getLatestSheetImportJob,
  getSheetImportJob,
  loadFingerprintLog,
  loadPlan,
  releaseProjectImport,
  removeFingerprints,
  saveSheetImportJob,
  savePlan,
  startSheetImportJob,
  type FingerprintLog,
  type StoredSheetImportJob,
} from '../storage/sheet-import-store';
import { getProjectSetup } from '../storage/setup-store';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { currentProjectIndex, rebuildProjectIndex } from './duplicates';
import { requirementCreateRequest, type RequirementTarget } from './requirement-intake';
import { message } from '../domain/messages';
import { writeFor } from '../platform/translate';

/**
 * Importing a questionnaire export or a sales/support spreadsheet (issue 15, part 2). The browser
 * reads the CSV or XLSX into a table and sends it in parts (a front-end invoke carries at most
 * 500 KB); the preview checks every row and shows likely duplicates; the start checks every row and
 * choice again and queues the import, writing nothing when anything is wrong. The queue consumer
 * then creates the requirements in bulk calls of 50 and adds demand rows to the requirements chosen.
 *
 * All or nothing: everything that can be refused is checked before the first write. What can still
 * fail is Jira itself. A transient failure (429, 5xx, a lost answer) is **resumed**: each bulk call
 * is marked pending before it is sent, every requirement carries the import's label and its row's
 * fingerprint (an issue property), and a resumed run finds what a lost call created before sending
 * the rest, so nothing is created twice. A refusal (Jira rejects a row that passed our checks, e.g.
 * a field configuration changed meanwhile) is **undone**: the requirements this import created are
 * deleted, and the job fails naming the row and Jira's reason. Resuming is the normal path because
 * retrying an accepted plan converges; undoing is kept for refusals, which retrying cannot fix.
 */

/** Rows a file may have: 10,000 survey answers with room to spare. */
export const MAX_SHEET_ROWS = 20_000;
const MAX_SHEET_COLUMNS = 200;
const MAX_CELL_LENGTH = 32_767;
/** Rows per preview page: three suggestions each stay within one search page (100 issues). */
export const MAX_PREVIEW_ROWS = 30;
export const SUGGESTIONS_PER_ROW = 3;
/**
 * Below this similarity a match is not worth a person's attention in a preview of thousands of rows.
 * Set where true pairs and look-alikes are about equally misjudged on the tuning part of the Chinese
 * set after the two-direction re-ranking (`npm run bench -- duplicates`, line `import_floor`): at
 * 0.35 a third of the rows lost the true match their top 3 held, at 0.25 one in fifteen
 * (docs/BENCHMARKS.md).
 */
export const LIKELY_DUPLICATE_SIMILARITY = 0.25;
const PREVIEW_VIOLATIONS_SHOWN = 200;
/** An import continues in a new event when less than this is left of the invocation. */
const HAND_OVER_MS = 15_000;
export const SHEET_IMPORT_PROPERTY = 'rt-import';
const CONSECUTIVE_FAILURES_BEFORE_RETRY = 3;
/** Time the index rebuild after an import needs left: 10,000 requirements are 100 search pages. */
const INDEX_REBUILD_MS = 90_000;

const tableSchema = z
  .object({
    headers: z.array(z.string().max(MAX_CELL_LENGTH)).min(1).max(MAX_SHEET_COLUMNS),
    rows: z.array(z.array(z.string().max(MAX_CELL_LENGTH)).max(MAX_SHEET_COLUMNS)).max(MAX_SHEET_ROWS),
    rowNumbers: z.array(z.number().int().min(2)).optional(),
  })
  .strict()
  .refine(
    (table) =>
      table.rowNumbers === undefined ||
      (table.rowNumbers.length === table.rows.length &&
        table.rowNumbers.every((number, index) => index === 0 || number > table.rowNumbers![index - 1]!)),
    {
      message: 'must give one increasing number per row',
      path: ['rowNumbers'],
    },
  );

const violation = (field: string, rule: Violation['rule'], message: string): ValidationError =>
  new ValidationError([{ field, rule, message }]);

export interface SheetPart {
  importId: string;
  part: number;
  parts: number;
  text: string;
}

/** Where the table comes from: a file uploaded in parts, or a small one sent with the call. */
export type SheetSource = { importId: string } | { table: SheetTable };

async function tableOf(source: SheetSource, accountId: string, now: number): Promise<SheetTable> {
  return 'table' in source ? parseTable(JSON.stringify(source.table)) : readStagedTable(source.importId, accountId, now);
}

async function readStagedTable(importId: string, accountId: string, now: number): Promise<SheetTable> {
  const staged = await openStagedImport(importId, accountId, 1, now, 'sheet');
  if (staged.owner !== accountId)
    throw violation('importId', 'enum', 'importId: this file was sent by someone else; send it again.');
  if (staged.expiresAt <= now)
    throw violation('importId', 'enum', 'importId: this file was sent more than an hour ago and has expired; send it again.');
  const texts = await readImportParts(importId, staged.parts, 'sheet');
  if (texts.some((text) => text === undefined))
    throw violation('importId', 'required', 'importId: not every part of this file arrived; send it again.');
  return parseTable(texts.join(''));
}

function parseTable(json: string): SheetTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw violation('text', 'syntax', 'text: the parts do not join into a table (JSON of {headers, rows}).');
  }
  const parsed = tableSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const rule = issue.code === 'too_big' ? 'length' : 'type';
    throw violation(
      `table.${issue.path.join('.')}`,
      rule,
      `table.${issue.path.join('.')}: ${issue.message} (at most ${MAX_SHEET_ROWS} rows of ${MAX_SHEET_COLUMNS} columns).`,
    );
  }
  return parsed.data;
}

/** Receives one part of the table; the last one checks that the parts make a table and answers its row count. */
export async function receiveSheetPart(
  input: SheetPart,
  accountId: string,
  now: () => Date,
): Promise<{ received: number; parts: number; rows: number | null }> {
  const staged = await openStagedImport(input.importId, accountId, input.parts, now().getTime(), 'sheet');
  if (staged.owner !== accountId)
    throw violation('importId', 'enum', 'importId: this file was sent by someone else; send it again.');
  if (staged.parts !== input.parts)
    throw violation('parts', 'enum', `parts: this file has ${staged.parts} parts, not ${input.parts}.`);
  await stageImportPart(input.importId, input.part, input.text, 'sheet');
  const texts = await readImportParts(input.importId, input.parts, 'sheet');
  const received = texts.filter((text) => text !== undefined).length;
  if (received < input.parts) return { received, parts: input.parts, rows: null };
  try {
    return { received, parts: input.parts, rows: parseTable(texts.join('')).rows.length };
  } catch (error) {
    await discardStagedImport(input.importId, input.parts, 'sheet');
    throw error;
  }
}

/** Every row under the mapping, numbered as the spreadsheet shows it (the header is row 1). */
export function checkRows(table: SheetTable, mapping: ColumnMapping, defaults: SheetDefaults): CheckedRow[] {
  return table.rows.map((cells, index) => {
    const row = table.rowNumbers?.[index] ?? index + 2;
    const result = readSheetRow(cells, row, mapping, table.headers, defaults);
    return {
      row,
      fingerprint: rowFingerprint(cells),
      record: result.ok ? result.value : null,
      violations: result.ok ? [] : result.violations,
    };
  });
}

function requireValidMapping(mapping: ColumnMapping, table: SheetTable): void {
  const problems = validateMapping(mapping, table.headers.length);
  if (problems.length > 0) throw new ValidationError(problems);
}

const documentOf = (id: string, record: SheetRecord) => ({
  id,
  fields: { summary: record.summary, details: record.originalWords ?? '' },
});

export interface PreviewRequest {
  source: SheetSource;
  mapping: ColumnMapping;
  defaults: SheetDefaults;
  offset: number;
  limit: number;
}

/**
 * One page of the preview. The whole file is checked on every page (its counts and first problems
 * cover every row); likely duplicates are looked up for the page's rows only: among the project's
 * requirements (its similar-requirement index, as the triage panel uses) and the file's earlier rows.
 */
export async function previewSheet(
  jira: { app: JiraClient; user: JiraClient },
  projectKey: string,
  request: PreviewRequest,
  accountId: string,
  now: () => Date,
): Promise<SheetImportPreview> {
  const table = await tableOf(request.source, accountId, now().getTime());
  requireValidMapping(request.mapping, table);
  const rows = checkRows(table, request.mapping, request.defaults);
  const log = await loadFingerprintLog(projectKey);
  const first = firstRowsByFingerprint(rows);
  const page = rows.slice(request.offset, request.offset + request.limit);

  const ids = await resolveAppFieldIds(jira.app);
  const projectIndex = await currentProjectIndex(jira.app, projectKey, ids);
  const fileIndex = new DuplicateIndex();
  for (const row of rows) if (row.record) fileIndex.upsert(documentOf(String(row.row), row.record));

  const hitsByRow = new Map<number, { id: string; similarity: number }[]>();
  for (const row of page) {
    if (!row.record) continue;
    const hits = projectIndex
      .query(documentOf('', row.record), { limit: SUGGESTIONS_PER_ROW })
      .filter((hit) => hit.similarity >= LIKELY_DUPLICATE_SIMILARITY);
    hitsByRow.set(row.row, hits);
  }
  const hitIds = [...new Set([...hitsByRow.values()].flat().map((hit) => hit.id))];
  // The index is the app's; reading the hits as the user drops any the user may not browse.
  const visible = new Map<string, { key: string; summary: string }>();
  if (hitIds.length > 0) {
    const found = await jira.user.searchPage({ jql: `id in (${hitIds.join(',')})`, fields: ['summary'], maxResults: 100 });
    for (const issue of found.items)
      visible.set(issue.id, { key: issue.key, summary: typeof issue.fields.summary === 'string' ? issue.fields.summary : '' });
  }

  const previewRows: SheetPreviewRow[] = page.map((row) => {
    const earlier = first.get(row.fingerprint)!;
    const similarRows = row.record
      ? fileIndex
          .query(documentOf(String(row.row), row.record), { limit: SUGGESTIONS_PER_ROW + 1, exclude: [String(row.row)] })
          .filter((hit) => Number(hit.id) < row.row && hit.similarity >= LIKELY_DUPLICATE_SIMILARITY)
          .slice(0, SUGGESTIONS_PER_ROW)
          .map((hit) => ({ row: Number(hit.id), similarity: Math.round(hit.similarity * 100) / 100 }))
      : [];
    return {
      row: row.row,
      fingerprint: row.fingerprint,
      record: row.record,
      violations: row.violations,
      importedAs: log.entries.get(row.fingerprint) ?? null,
      repeatsRow: earlier === row.row ? null : earlier,
      similar: (hitsByRow.get(row.row) ?? []).flatMap((hit) => {
        const issue = visible.get(hit.id);
        return issue ? [{ key: issue.key, summary: issue.summary, similarity: Math.round(hit.similarity * 100) / 100 }] : [];
      }),
      similarRows,
      defaultAction: defaultDecision(row, first, log.entries).action as 'new' | 'skip',
    };
  });
  const invalid = rows.filter((row) => row.record === null);
  return {
    headers: table.headers,
    total: rows.length,
    invalidRows: invalid.length,
    alreadyImported: rows.filter((row) => log.entries.has(row.fingerprint)).length,
    repeats: rows.filter((row) => first.get(row.fingerprint) !== row.row).length,
    rows: previewRows,
    violations: invalid.flatMap((row) => row.violations).slice(0, PREVIEW_VIOLATIONS_SHOWN),
  };
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,9}-[1-9]\d{0,9}$/;

/** The demand targets that are Requirements of the project the caller may see. */
async function demandTargets(user: JiraClient, projectKey: string, choices: readonly SheetRowChoice[]): Promise<Set<string>> {
  const asked = [
    ...new Set(choices.flatMap((choice) => (choice.action === 'demand' && ISSUE_KEY.test(choice.target) ? [choice.target] : []))),
  ];
  const found = new Set<string>();
  for (let start = 0; start < asked.length; start += 100) {
    const keys = asked.slice(start, start + 100);
    const page = await user.searchPage({
      jql: `project = "${projectKey}" AND issuetype = "${REQUIREMENT_ISSUE_TYPE.name}" AND key in (${keys.join(',')})`,
      fields: ['summary'],
      maxResults: 100,
    });
    for (const issue of page.items) found.add(issue.key);
  }
  return found;
}

export interface StartRequest {
  source: SheetSource;
  fileName: string;
  mapping: ColumnMapping;
  defaults: SheetDefaults;
  decisions: SheetRowChoice[];
}

/** The job as the page shows it, its failure written in the reader's language. */
const jobView = async (job: StoredSheetImportJob, readerLocale: string | null): Promise<SheetImportJob> => ({
  id: job.id,
  projectKey: job.projectKey,
  fileName: job.fileName,
  state: job.state,
  total: job.total,
  done: job.done,
  createdKeys: job.createdKeys,
  failure: job.failure && {
    message: 'sentence' in job.failure ? await writeFor(readerLocale, [job.failure.sentence]) : job.failure.message,
    violations: job.failure.violations,
    undone: job.failure.undone,
  },
  startedAt: job.startedAt,
  finishedAt: job.finishedAt,
});

const isFinished = async (jobId: string): Promise<boolean> => {
  const job = await getSheetImportJob(jobId);
  return job === undefined || job.state === 'done' || job.state === 'failed';
};

/**
 * Checks the whole file and every choice, stores the plan and queues the import. Nothing is written
 * to Jira here; a refusal lists every problem (row, column, rule) at once.
 */
export async function startSheetImport(
  deps: { user: JiraClient; push: (jobId: string) => Promise<void>; now: () => Date },
  projectKey: string,
  request: StartRequest,
  caller: { accountId: string; displayName: string; mayEdit: boolean },
): Promise<SheetImportJob> {
  const table = await tableOf(request.source, caller.accountId, deps.now().getTime());
  requireValidMapping(request.mapping, table);
  const setup = await getProjectSetup(projectKey);
  if (!setup)
    throw violation(
      'projectKey',
      'required',
      `projectKey: ${projectKey} is not set up by Requirement Triage; a Jira admin runs setup on the admin page first.`,
    );
  const rows = checkRows(table, request.mapping, request.defaults);
  const decisions = new Map<number, RowDecision>();
  for (const choice of request.decisions) {
    if (decisions.has(choice.row))
      throw violation(`decisions.${choice.row}`, 'unique', `Row ${choice.row}: has more than one choice.`);
    decisions.set(
      choice.row,
      choice.action === 'demand' ? { action: 'demand', target: choice.target } : { action: choice.action },
    );
  }
  if (!caller.mayEdit && request.decisions.some((choice) => choice.action === 'demand')) {
    throw violation(
      'decisions',
      'enum',
      `decisions: adding rows as demand changes existing requirements, which needs the Edit issues permission in ${projectKey}.`,
    );
  }
  const [log, targets] = await Promise.all([
    loadFingerprintLog(projectKey),
    demandTargets(deps.user, projectKey, request.decisions),
  ]);
  const planned = planImport({ rows, decisions, imported: log.entries, targets });
  if (!planned.ok) throw new ValidationError(planned.violations);
  const plan = planned.value;

  const jobId = randomUUID();
  const nothingToWrite = plan.create.length === 0 && plan.demand.length === 0;
  const holder = nothingToWrite ? null : await claimProjectImport(projectKey, jobId, isFinished);
  if (holder) throw new ConflictError(message('server.conflict.import_running', { project: projectKey, job: holder }));
  const job: StoredSheetImportJob = {
    id: jobId,
    projectKey,
    fileName: request.fileName,
    owner: caller.accountId,
    ownerName: caller.displayName,
    state: 'queued',
    total: {
      create: plan.create.length,
      demand: plan.demand.reduce((sum, group) => sum + group.rows.length, 0),
      skipped: plan.skipped,
      alreadyImported: plan.alreadyImported,
    },
    done: { created: 0, demand: 0 },
    createdKeys: [],
    failure: null,
    startedAt: deps.now().toISOString(),
    finishedAt: null,
    planParts: 0,
    label: `rt-import-${jobId.slice(0, 8)}`,
    phase: 'create',
    cursor: 0,
    pending: false,
    demandGroups: 0,
    demandClaim: null,
  };
  if (nothingToWrite) {
    // Every row skipped or imported before: done at once, with no queue event and no claim.
    job.state = 'done';
    job.finishedAt = job.startedAt;
    await startSheetImportJob(job);
    return jobView(job, null);
  }
  try {
    job.planParts = await savePlan(jobId, plan);
    await startSheetImportJob(job);
    await deps.push(jobId);
  } catch (error) {
    await releaseProjectImport(projectKey, jobId);
    throw error;
  }
  return jobView(job, null);
}

export async function latestSheetImport(projectKey: string, readerLocale: string | null): Promise<SheetImportJob | null> {
  const job = await getLatestSheetImportJob(projectKey);
  return job ? jobView(job, readerLocale) : null;
}

export async function sheetImportStatus(projectKey: string, jobId: string, readerLocale: string | null): Promise<SheetImportJob> {
  const job = await getSheetImportJob(jobId);
  if (!job || job.projectKey !== projectKey)
    throw violation('jobId', 'enum', `jobId: there is no import ${jobId} in ${projectKey}.`);
  return jobView(job, readerLocale);
}

/** The Requirement a row becomes, through the one create request every intake channel uses; the label and property find it again. */
function issueUpdateOf(
  job: StoredSheetImportJob,
  setup: RequirementTarget,
  ids: AppFieldIds,
  planned: ImportPlan['create'][number],
) {
  return requirementCreateRequest(setup, ids, intakeRecordOf(planned.record), {
    line: `Imported from ${job.fileName}, row ${planned.row}, by ${job.ownerName} (Requirement Triage import ${job.label}).`,
    labels: [job.label],
    properties: [{ key: SHEET_IMPORT_PROPERTY, value: { job: job.id, row: planned.row, fingerprint: planned.fingerprint } }],
  });
}

export interface RunDeps {
  jira: JiraClient;
  push: (jobId: string) => Promise<void>;
  remainingMs: () => number;
  now: () => Date;
}

const isTransient = (error: unknown): boolean =>
  error instanceof JiraError && (error.kind === 'network' || error.kind === 'server' || error.kind === 'rate-limited');

/**
 * What a lost create call made: the newest requirements carrying the import's label (a bulk call
 * creates at most 50, so the newest 100 hold all of one call) and their fingerprints.
 */
async function recoverPending(jira: JiraClient, job: StoredSheetImportJob, plan: ImportPlan, log: FingerprintLog): Promise<void> {
  const page = await jira.searchPage({
    jql: `project = "${job.projectKey}" AND labels = "${job.label}" ORDER BY key DESC`,
    fields: ['summary'],
    properties: [SHEET_IMPORT_PROPERTY],
    maxResults: 100,
  });
  const planned = new Set(plan.create.map((row) => row.fingerprint));
  const found: [string, string][] = [];
  for (const issue of page.items) {
    const print = (issue.properties?.[SHEET_IMPORT_PROPERTY] as { fingerprint?: unknown } | undefined)?.fingerprint;
    if (typeof print === 'string' && planned.has(print) && !log.entries.has(print)) {
      found.push([print, issue.key]);
    }
  }
  await appendFingerprints(job.projectKey, log, found);
  job.done.created += found.length;
  job.createdKeys.push(...found.map(([, key]) => key).slice(0, Math.max(0, 20 - job.createdKeys.length)));
  job.pending = false;
}

/**
 * Deletes what the import created (a refusal retrying cannot fix) and forgets their fingerprints.
 * The requirements are found by the import's label, so one a lost answer created goes too.
 */
async function undoCreated(
  deps: RunDeps,
  job: StoredSheetImportJob,
  plan: ImportPlan,
  log: FingerprintLog,
): Promise<'finished' | 'handed-over'> {
  for (;;) {
    if (deps.remainingMs() < HAND_OVER_MS) return 'handed-over';
    const page = await deps.jira.searchPage({
      jql: `project = "${job.projectKey}" AND labels = "${job.label}" ORDER BY key DESC`,
      fields: ['summary'],
      maxResults: 100,
    });
    if (page.items.length === 0) break;
    for (const issue of page.items) {
      if (deps.remainingMs() < HAND_OVER_MS) return 'handed-over';
      try {
        await deps.jira.deleteIssue(issue.id);
      } catch (error) {
        if (!(error instanceof JiraError && error.kind === 'not-found')) throw error;
      }
    }
  }
  await removeFingerprints(
    job.projectKey,
    log,
    plan.create.map((row) => row.fingerprint),
  );
  job.done.created = 0;
  job.createdKeys = [];
  job.failure = { ...job.failure!, undone: true };
  return 'finished';
}

async function finish(job: StoredSheetImportJob, state: 'done' | 'failed', now: () => Date): Promise<void> {
  job.state = state;
  job.finishedAt = now().toISOString();
  await saveSheetImportJob(job);
  await releaseProjectImport(job.projectKey, job.id);
}

/**
 * Runs an import job until it is finished or the invocation's time is nearly up (then the rest goes
 * to a new event). Replayed and retried events are safe: a finished job does nothing, and a create
 * call marked pending is looked up in Jira before anything is sent again.
 */
export async function runSheetImport(jobId: string, deps: RunDeps): Promise<'finished' | 'handed-over' | 'nothing'> {
  const job = await getSheetImportJob(jobId);
  if (!job || job.state === 'done' || job.state === 'failed') return 'nothing';
  const plan = await loadPlan(jobId, job.planParts);
  const log = await loadFingerprintLog(job.projectKey);
  const setup = await getProjectSetup(job.projectKey);
  const ids = await resolveAppFieldIds(deps.jira);
  job.state = 'running';
  const handOver = async () => {
    await saveSheetImportJob(job);
    await deps.push(jobId);
    return 'handed-over' as const;
  };

  if (job.phase === 'undo') {
    if ((await undoCreated(deps, job, plan, log)) === 'handed-over') return handOver();
    await finish(job, 'failed', deps.now);
    return 'finished';
  }
  if (!setup) {
    job.failure = {
      sentence: message('server.sheet_import.not_set_up', { project: job.projectKey }),
      violations: [],
      undone: true,
    };
    await finish(job, 'failed', deps.now);
    return 'finished';
  }
  if (job.pending) await recoverPending(deps.jira, job, plan, log);

  let failures = 0;
  while (job.phase === 'create' && job.cursor < plan.create.length) {
    if (deps.remainingMs() < HAND_OVER_MS) return handOver();
    const window = plan.create.slice(job.cursor, job.cursor + BULK_CREATE_LIMIT);
    const batch = window.filter((row) => !log.entries.has(row.fingerprint));
    if (batch.length === 0) {
      job.cursor += window.length;
      continue;
    }
    job.pending = true;
    await saveSheetImportJob(job);
    let result: BulkCreateResult | undefined;
    let transientError: unknown;
    try {
      result = await deps.jira.createIssues(batch.map((row) => issueUpdateOf(job, setup, ids, row)));
    } catch (error) {
      transientError = error;
      // Jira answers 400 when it refuses every issue of the call: a refusal like a partial one.
      if (error instanceof JiraError && error.kind === 'bad-request') {
        result = {
          issues: [],
          errors: batch.map((_, position) => ({
            failedElementNumber: position,
            status: 400,
            elementErrors: { errorMessages: error.errorMessages, errors: error.fieldErrors },
          })),
        };
      } else if (!isTransient(error)) throw error;
    }
    if (!result) {
      // The call may have been applied: look before sending the batch again.
      failures += 1;
      await recoverPending(deps.jira, job, plan, log);
      await saveSheetImportJob(job);
      if (failures >= CONSECUTIVE_FAILURES_BEFORE_RETRY) throw transientError;
      continue;
    }
    failures = 0;
    const createdPrints: [string, string][] = [];
    const failedPositions = new Set(result.errors.map((entry) => entry.failedElementNumber));
    let next = 0;
    batch.forEach((row, position) => {
      if (failedPositions.has(position)) return;
      const issue = result.issues[next++]!;
      createdPrints.push([row.fingerprint, issue.key]);
    });
    await appendFingerprints(job.projectKey, log, createdPrints);
    job.done.created += createdPrints.length;
    job.createdKeys.push(...createdPrints.map(([, key]) => key).slice(0, Math.max(0, 20 - job.createdKeys.length)));
    job.pending = false;
    if (result.errors.length > 0) {
      const violations = result.errors.map((entry): Violation => {
        const row = batch[entry.failedElementNumber ?? 0]!;
        const reasons = [...(entry.elementErrors?.errorMessages ?? []), ...Object.values(entry.elementErrors?.errors ?? {})].join(
          '; ',
        );
        return {
          field: `rows.${row.row}`,
          rule: 'type',
          message: `Row ${row.row}: Jira refused it (${reasons || `HTTP ${entry.status ?? 400}`}).`,
          params: { row: row.row, column: '' },
        };
      });
      job.failure = {
        sentence: message('server.sheet_import.rows_refused', { count: violations.length }),
        violations,
        undone: false,
      };
      job.phase = 'undo';
      await saveSheetImportJob(job);
      if ((await undoCreated(deps, job, plan, log)) === 'handed-over') return handOver();
      await finish(job, 'failed', deps.now);
      return 'finished';
    }
    job.cursor += window.length;
    await saveSheetImportJob(job);
  }
  if (job.phase === 'create') job.phase = 'demand';
  // A handed-over run resumes after the demand it finished; the groups below are skipped.

  while (job.demandGroups < plan.demand.length) {
    if (deps.remainingMs() < HAND_OVER_MS) return handOver();
    const group = plan.demand[job.demandGroups]!;
    if (job.demandClaim?.target !== group.target) {
      // Fixed before writing: a repeated write of these absolute values adds nothing twice.
      const issue = await deps.jira.getIssue(group.target, [ids.customerWords, ids.duplicateCount]);
      const current = {
        customerWords: typeof issue.fields[ids.customerWords] === 'string' ? (issue.fields[ids.customerWords] as string) : null,
        duplicateCount:
          typeof issue.fields[ids.duplicateCount] === 'number' ? (issue.fields[ids.duplicateCount] as number) : null,
      };
      const next = withDemand(
        current,
        group.rows.map((row) => row.record),
      );
      job.demandClaim = {
        target: group.target,
        issueId: issue.id,
        customerWords: next.customerWords,
        duplicateCount: next.duplicateCount,
      };
      await saveSheetImportJob(job);
    }
    const claim = job.demandClaim!;
    await deps.jira.editIssue(claim.issueId, { [ids.customerWords]: claim.customerWords });
    await deps.jira.setAppFieldValues([
      { fieldId: ids.duplicateCount, issueIds: [Number(claim.issueId)], value: claim.duplicateCount },
    ]);
    await appendFingerprints(
      job.projectKey,
      log,
      group.rows.map((row) => [row.fingerprint, group.target]),
    );
    job.done.demand += group.rows.length;
    job.demandGroups += 1;
    job.demandClaim = null;
    await saveSheetImportJob(job);
  }
  // The app's own creates raise no event for it (ignoreSelf), so its similar-requirement index learns of them here, once.
  if (job.done.created > 0) {
    if (deps.remainingMs() < INDEX_REBUILD_MS) return handOver();
    await rebuildProjectIndex(deps.jira, job.projectKey, ids);
  }
  await finish(job, 'done', deps.now);
  return 'finished';
}
