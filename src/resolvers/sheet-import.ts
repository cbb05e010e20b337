import { z } from 'zod';
import { SHEET_CHANNELS, SHEET_FIELDS, type SheetTable } from '../domain/sheet-import';
import { jsonByteLength, UPLOAD_PART_MAX_BYTES } from '../domain/upload-parts';
import { jiraAsApp, jiraAsUser } from '../jira/client';
import {
  latestSheetImport,
  MAX_PREVIEW_ROWS,
  MAX_SHEET_ROWS,
  previewSheet,
  receiveSheetPart,
  sheetImportStatus,
  startSheetImport,
  type SheetSource,
} from '../services/sheet-import';
import { pushSheetImportEvent } from '../queue/sheet-import-queue';
import type { ResolverDefinition } from './guard';
import { isGranted } from './guard';
import { projectKey } from './requirements';

/**
 * Importing a questionnaire export or a spreadsheet into the project's register (the project page's
 * Import subpage). Whoever may create issues in the project imports; adding rows as demand to
 * existing requirements also needs Edit issues there.
 */

/** A 10,000-row survey export is a few MB of JSON: parts of 200 KB, with room for 50,000 characters of escapes per row. */
const MAX_PARTS = 1_000;
const now = (): Date => new Date();

const column = z.number().int().min(0).max(199).nullable();
const mapping = z
  .object(
    Object.fromEntries(SHEET_FIELDS.map((field) => [field, column])) as Record<(typeof SHEET_FIELDS)[number], typeof column>,
  )
  .strict();
const defaults = z
  .object({
    channel: z.enum(SHEET_CHANNELS as unknown as [string, ...string[]], {
      message: `must be one of ${SHEET_CHANNELS.join(', ')}`,
    }),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'),
  })
  .strict();
const cell = z.string().max(32_767);
/** A small file (up to 200 KB as JSON) may come with the call itself instead of being uploaded first. */
const inlineTable = z
  .object({
    headers: z.array(cell).min(1).max(200),
    rows: z.array(z.array(cell).max(200)).max(MAX_SHEET_ROWS),
    rowNumbers: z.array(z.number().int().min(2)).optional(),
  })
  .strict()
  .refine(
    (table) => jsonByteLength(JSON.stringify(table)) <= UPLOAD_PART_MAX_BYTES,
    `must be at most ${UPLOAD_PART_MAX_BYTES} bytes as JSON; upload a larger file in parts first`,
  );
const source = {
  importId: z.string().uuid().optional(),
  table: inlineTable.optional(),
};
const oneSource = (payload: { importId?: string; table?: unknown }) =>
  (payload.importId === undefined) !== (payload.table === undefined);
const sourceOf = (payload: { importId?: string; table?: SheetTable }): SheetSource =>
  payload.importId ? { importId: payload.importId } : { table: payload.table! };
const SOURCE_MESSAGE = {
  message: 'send either importId (an uploaded file) or table (a small one), not both',
  path: ['importId'],
};

const choice = z.discriminatedUnion('action', [
  z.object({ row: z.number().int().min(2), action: z.enum(['new', 'skip']) }).strict(),
  z
    .object({
      row: z.number().int().min(2),
      action: z.literal('demand'),
      target: z.string().regex(/^[A-Z][A-Z0-9_]{0,9}-[1-9]\d{0,9}$/, 'must be an issue key such as REQ-12'),
    })
    .strict(),
]);

export const uploadSheetPart: ResolverDefinition<'sheetImport.upload', 'project'> = {
  key: 'sheetImport.upload',
  access: { scope: 'project', permission: 'CREATE_ISSUES' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      importId: z.string().uuid(),
      part: z.number().int().min(0),
      parts: z.number().int().min(1).max(MAX_PARTS),
      text: z
        .string()
        .refine(
          (text) => jsonByteLength(text) <= UPLOAD_PART_MAX_BYTES,
          `must be at most ${UPLOAD_PART_MAX_BYTES} bytes as JSON; send the file in more parts`,
        ),
    })
    .strict()
    .refine((payload) => payload.part < payload.parts, { message: 'must be less than parts', path: ['part'] }),
  run: ({ payload, caller }) => receiveSheetPart(payload, caller.accountId, now),
};

export const previewSheetImport: ResolverDefinition<'sheetImport.preview', 'project'> = {
  key: 'sheetImport.preview',
  access: { scope: 'project', permission: 'CREATE_ISSUES' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      ...source,
      mapping,
      defaults,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(MAX_PREVIEW_ROWS),
    })
    .strict()
    .refine(oneSource, SOURCE_MESSAGE),
  run: ({ payload, caller, target }) =>
    previewSheet(
      { app: jiraAsApp(), user: jiraAsUser() },
      target.projectKey,
      { ...payload, source: sourceOf(payload) },
      caller.accountId,
      now,
    ),
};

export const startSheetImportResolver: ResolverDefinition<'sheetImport.start', 'project'> = {
  key: 'sheetImport.start',
  access: { scope: 'project', permission: 'CREATE_ISSUES' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      ...source,
      fileName: z.string().trim().min(1).max(255),
      mapping,
      defaults,
      decisions: z.array(choice).max(MAX_SHEET_ROWS),
    })
    .strict()
    .refine(oneSource, SOURCE_MESSAGE),
  async run({ payload, caller, target }) {
    const app = jiraAsApp();
    const wantsDemand = payload.decisions.some((entry) => entry.action === 'demand');
    const mayEdit = wantsDemand ? await isGranted(app, caller.accountId, 'EDIT_ISSUES', { projectId: target.projectId }) : true;
    const { displayName } = await app.getUser(caller.accountId);
    return startSheetImport(
      { user: jiraAsUser(), push: pushSheetImportEvent, now },
      target.projectKey,
      { ...payload, source: sourceOf(payload) },
      { accountId: caller.accountId, displayName, mayEdit },
    );
  },
};

export const sheetImportStatusResolver: ResolverDefinition<'sheetImport.status', 'project'> = {
  key: 'sheetImport.status',
  access: { scope: 'project', permission: 'CREATE_ISSUES' },
  payload: z.object({ projectKey: projectKey.optional(), jobId: z.string().uuid().optional() }).strict(),
  run: ({ payload, caller, target }) =>
    payload.jobId
      ? sheetImportStatus(target.projectKey, payload.jobId, caller.locale)
      : latestSheetImport(target.projectKey, caller.locale),
};
