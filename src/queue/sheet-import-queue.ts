import { Queue } from '@forge/events';

/** The Forge queue that runs spreadsheet imports: one event per job, pushed again when an invocation's time is up. */
export const SHEET_IMPORT_QUEUE_KEY = 'sheet-import';

export const pushSheetImportEvent = async (jobId: string): Promise<void> => {
  await new Queue({ key: SHEET_IMPORT_QUEUE_KEY }).push([{ body: { jobId } }]);
};
