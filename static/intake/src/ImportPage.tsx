import { useEffect, useId, useMemo, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import {
  SHEET_CHANNELS,
  SHEET_FIELDS,
  suggestMapping,
  type ColumnMapping,
  type SheetDefaults,
  type SheetField,
  type SheetTable,
} from '../../../src/domain/sheet-import';
import { jsonByteLength, splitIntoParts, UPLOAD_PART_MAX_BYTES } from '../../../src/domain/upload-parts';
import {
  type SheetImportJob,
  type SheetImportPreview,
  type SheetPreviewRow,
  type SheetRowChoice,
  type Violation,
} from '../../shared/api';
import { ErrorState, ProjectPage, Section } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useAction } from '../../shared/hooks';
import { useI18n, type I18n, type MessageKey } from '../../shared/i18n';
import { openIssue } from '../../shared/navigation';
import { readSheetFile, SHEET_FILE_TYPES, SheetFileError } from './read-sheet';

const PAGE_ROWS = 30;
const POLL_MS = 1_000;
const selectStyle = { font: 'inherit', padding: token('space.050', '4px'), maxWidth: 320 } as const;

/** A random UUID v4 (crypto.randomUUID needs a secure context; getRandomValues does not). */
function newImportId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const today = (): string => new Date().toISOString().slice(0, 10);
const fieldLabel = (i18n: I18n, field: string): string => i18n.t(`sheet.field.${field}` as MessageKey);

/** A problem from the server in the reader's language, from its rule and params (the English sentence is the server's own). */
export function describeSheetViolation(i18n: I18n, violation: Violation): string {
  const params = violation.params ?? {};
  const column = String(params.column ?? '');
  if (violation.field.startsWith('mapping.')) {
    const field = fieldLabel(i18n, String(params.field ?? violation.field.slice('mapping.'.length)));
    if (violation.rule === 'range') return i18n.t('sheet.mappingRule.range', { field });
    if (violation.rule === 'unique') return i18n.t('sheet.mappingRule.unique', { field });
    return i18n.t('sheet.mappingRule.required');
  }
  if (violation.rule === 'unique' && params.key !== undefined)
    return i18n.t('sheet.rule.importedBefore', { key: String(params.key) });
  if (violation.rule === 'unique' && params.first !== undefined)
    return i18n.t('sheet.rule.repeats', { first: Number(params.first) });
  if (violation.field.startsWith('decisions.') && violation.rule === 'enum')
    return i18n.t('sheet.rule.target', { key: String(params.key ?? '') });
  if (violation.field.startsWith('decisions.') && violation.rule === 'range') return i18n.t('sheet.rule.noRow');
  if (violation.rule === 'type') return i18n.language === 'en' ? violation.message : i18n.t('sheet.rule.refused');
  const known: Partial<Record<Violation['rule'], MessageKey>> = {
    length: 'sheet.rule.length',
    enum: 'sheet.rule.enum',
    syntax: 'sheet.rule.syntax',
    required: 'sheet.rule.required',
  };
  const key = known[violation.rule];
  return key
    ? i18n.t(key, { column, value: String(params.value ?? ''), max: Number(params.max ?? 0) })
    : i18n.t('sheet.rule.other');
}

function ProblemTable({ violations }: { violations: Violation[] }) {
  const i18n = useI18n();
  return (
    <DataTable
      columns={[
        { key: 'row', header: i18n.t('sheet.row'), noWrap: true, cell: (violation) => String(violation.params?.row ?? '') },
        { key: 'column', header: i18n.t('sheet.column'), cell: (violation) => String(violation.params?.column ?? '') },
        { key: 'problem', header: i18n.t('sheet.problem'), cell: (violation) => describeSheetViolation(i18n, violation) },
      ]}
      rows={violations}
      rowKey={(_violation, index) => index}
      caption={i18n.t('sheet.problemsTable')}
    />
  );
}

type Choice = 'new' | 'skip' | `demand:${string}`;
const choiceOf = (row: SheetPreviewRow, chosen: ReadonlyMap<number, Choice>): Choice => chosen.get(row.row) ?? row.defaultAction;

function RowTable({
  preview,
  chosen,
  onChoose,
  offset,
}: {
  preview: SheetImportPreview;
  chosen: ReadonlyMap<number, Choice>;
  onChoose: (row: number, choice: Choice) => void;
  offset: number;
}) {
  const i18n = useI18n();
  return (
    <DataTable
      columns={[
        { key: 'row', header: i18n.t('sheet.row'), noWrap: true, cell: (row) => row.row },
        {
          key: 'summary',
          header: i18n.t('sheet.field.summary'),
          cell: (row) =>
            row.record ? (
              <Text>{row.record.summary}</Text>
            ) : (
              <Text color="color.text.danger">
                {row.violations.map((violation) => describeSheetViolation(i18n, violation)).join(' ')}
              </Text>
            ),
        },
        { key: 'customer', header: i18n.t('sheet.field.customer'), cell: (row) => row.record?.customer ?? '' },
        {
          key: 'duplicates',
          header: i18n.t('sheet.duplicates'),
          cell: (row) => (
            <Stack space="space.050">
              {row.importedAs ? <Text weight="bold">{i18n.t('sheet.importedAs', { key: row.importedAs })}</Text> : null}
              {row.repeatsRow ? <Text>{i18n.t('sheet.repeatsRow', { row: row.repeatsRow })}</Text> : null}
              {row.similar.map((hit) => (
                <Text key={hit.key}>
                  <a
                    href={`/browse/${hit.key}`}
                    onClick={(event) => {
                      event.preventDefault();
                      openIssue(hit.key);
                    }}
                  >
                    {hit.key}
                  </a>{' '}
                  {hit.summary} ({i18n.percent(Math.round(hit.similarity * 100))})
                </Text>
              ))}
              {row.similarRows.map((hit) => (
                <Text key={hit.row}>
                  {i18n.t('sheet.similarRow', { row: hit.row, percent: i18n.percent(Math.round(hit.similarity * 100)) })}
                </Text>
              ))}
              {!row.importedAs && !row.repeatsRow && row.similar.length === 0 && row.similarRows.length === 0 ? (
                <Text color="color.text.subtlest">{i18n.t('sheet.noDuplicates')}</Text>
              ) : null}
            </Stack>
          ),
        },
        {
          key: 'choice',
          header: i18n.t('sheet.choice'),
          cell: (row) => (
            <select
              aria-label={i18n.t('sheet.choiceFor', { row: row.row })}
              style={selectStyle}
              value={choiceOf(row, chosen)}
              disabled={row.importedAs !== null}
              onChange={(event) => onChoose(row.row, event.currentTarget.value as Choice)}
            >
              <option value="new">{i18n.t('sheet.choice.new')}</option>
              <option value="skip">{i18n.t('sheet.choice.skip')}</option>
              {row.similar.map((hit) => (
                <option key={hit.key} value={`demand:${hit.key}`}>
                  {i18n.t('sheet.choice.demand', { key: hit.key })}
                </option>
              ))}
            </select>
          ),
        },
      ]}
      rows={preview.rows}
      rowKey={(row) => row.row}
      caption={i18n.t('sheet.rowsTitle', { from: offset + 1, to: offset + preview.rows.length, total: preview.total })}
    />
  );
}

function JobProgress({ job, onAnother }: { job: SheetImportJob; onAnother: () => void }) {
  const i18n = useI18n();
  const total = job.total.create + job.total.demand;
  const done = job.done.created + job.done.demand;
  if (job.state === 'done') {
    return (
      <SectionMessage
        appearance="success"
        actions={[
          <Button key="again" onClick={onAnother}>
            {i18n.t('sheet.another')}
          </Button>,
        ]}
      >
        <Stack space="space.100">
          <Text as="p">
            {i18n.t('sheet.done', {
              fileName: job.fileName,
              created: job.done.created,
              demand: job.done.demand,
              skipped: job.total.skipped,
              imported: job.total.alreadyImported,
            })}
          </Text>
          {job.createdKeys.length > 0 ? (
            <Inline space="space.100" shouldWrap>
              {job.createdKeys.map((key) => (
                <a
                  key={key}
                  href={`/browse/${key}`}
                  onClick={(event) => {
                    event.preventDefault();
                    openIssue(key);
                  }}
                >
                  {key}
                </a>
              ))}
            </Inline>
          ) : null}
        </Stack>
      </SectionMessage>
    );
  }
  if (job.state === 'failed') {
    return (
      <div role="alert">
        <SectionMessage appearance="error" title={i18n.t('sheet.failed', { message: job.failure?.message ?? '' })}>
          <Stack space="space.100">
            {job.failure?.undone ? <Text as="p">{i18n.t('sheet.failedUndone')}</Text> : null}
            {job.failure && job.failure.violations.length > 0 ? <ProblemTable violations={job.failure.violations} /> : null}
          </Stack>
        </SectionMessage>
      </div>
    );
  }
  const id = `rt-sheet-progress-${job.id}`;
  return (
    <Stack space="space.050">
      <Text as="p" id={id} aria-live="polite">
        {i18n.t('sheet.progress', { done, total })}
      </Text>
      <progress max={Math.max(total, 1)} value={done} aria-labelledby={id} style={{ width: '100%' }} />
    </Stack>
  );
}

/**
 * The project page's Import subpage: a questionnaire export or a sales/support spreadsheet, read in
 * the browser (CSV or XLSX), mapped to the register's fields, previewed page by page with each row's
 * problems and likely duplicates, then imported through the app's queue with progress.
 */
export default function ImportPage({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const ids = useId();
  const [fileName, setFileName] = useState<string | null>(null);
  const [table, setTable] = useState<SheetTable | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [defaults, setDefaults] = useState<SheetDefaults>({ channel: 'questionnaire', date: today() });
  const [importId, setImportId] = useState<string | null>(null);
  const [sending, setSending] = useState<{ part: number; parts: number } | null>(null);
  const [preview, setPreview] = useState<SheetImportPreview | null>(null);
  const [offset, setOffset] = useState(0);
  const [chosen, setChosen] = useState<Map<number, Choice>>(new Map());
  // One action for the upload, preview, start and status calls: they follow each other and share the busy state and the error.
  const action = useAction<'sheetImport.upload' | 'sheetImport.preview' | 'sheetImport.start' | 'sheetImport.status'>();
  const { busy, error } = action;
  const [job, setJob] = useState<SheetImportJob | null>(null);
  const polling = useRef<number | null>(null);

  useEffect(
    () => () => {
      if (polling.current !== null) window.clearTimeout(polling.current);
    },
    [],
  );

  const small = useMemo(() => (table ? jsonByteLength(JSON.stringify(table)) <= UPLOAD_PART_MAX_BYTES : false), [table]);
  const source = (): { importId: string } | { table: SheetTable } => (small || !importId ? { table: table! } : { importId });

  const reset = () => {
    setFileName(null);
    setTable(null);
    setMapping(null);
    setImportId(null);
    setPreview(null);
    setChosen(new Map());
    setJob(null);
    action.clear();
    setOffset(0);
  };

  async function choose(file: File) {
    reset();
    setFileError(null);
    setFileName(file.name);
    try {
      const read = await readSheetFile(file.name, new Uint8Array(await file.arrayBuffer()));
      setTable(read);
      setMapping(suggestMapping(read.headers));
    } catch (problem) {
      const reason = problem instanceof SheetFileError ? problem.reason : 'unreadable';
      setFileError(
        i18n.t(`sheet.fileError.${reason}` as MessageKey, { reason: problem instanceof Error ? problem.message : '' }),
      );
      setFileName(null);
    }
  }

  /** A large table goes in parts first (a front-end invoke carries at most 500 KB); a small one rides with each call. */
  async function uploadIfLarge(): Promise<{ importId: string } | { table: SheetTable } | null> {
    if (small) return { table: table! };
    if (importId) return { importId };
    const id = newImportId();
    const parts = splitIntoParts(JSON.stringify(table));
    for (const [part, text] of parts.entries()) {
      setSending({ part: part + 1, parts: parts.length });
      const result = await action.run('sheetImport.upload', { projectKey, importId: id, part, parts: parts.length, text });
      if (!result.ok) {
        setSending(null);
        return null;
      }
    }
    setSending(null);
    setImportId(id);
    return { importId: id };
  }

  async function loadPreview(at: number) {
    if (!mapping) return;
    const from = await uploadIfLarge();
    if (!from) return;
    const result = await action.run('sheetImport.preview', {
      projectKey,
      ...from,
      mapping,
      defaults,
      offset: at,
      limit: PAGE_ROWS,
    });
    if (!result.ok) return;
    setPreview(result.data);
    setOffset(at);
  }

  function poll(jobId: string) {
    polling.current = window.setTimeout(async () => {
      const result = await action.run('sheetImport.status', { projectKey, jobId });
      if (!result.ok) return;
      if (result.data) setJob(result.data);
      if (result.data && (result.data.state === 'queued' || result.data.state === 'running')) poll(jobId);
    }, POLL_MS);
  }

  async function start() {
    if (!mapping || !fileName) return;
    const decisions: SheetRowChoice[] = [...chosen.entries()].map(([row, choice]) =>
      choice.startsWith('demand:')
        ? { row, action: 'demand', target: choice.slice('demand:'.length) }
        : { row, action: choice as 'new' | 'skip' },
    );
    const result = await action.run('sheetImport.start', { projectKey, ...source(), fileName, mapping, defaults, decisions });
    if (!result.ok) return;
    setJob(result.data);
    if (result.data.state === 'queued' || result.data.state === 'running') poll(result.data.id);
  }

  const setColumn = (field: SheetField, value: string) => {
    setMapping((current) => (current ? { ...current, [field]: value === '' ? null : Number(value) } : current));
    setPreview(null);
  };
  const refused = error?.kind === 'validation' ? (error.violations ?? []) : [];

  return (
    <ProjectPage title={i18n.t('sheet.title')} projectKey={projectKey}>
      <Text as="p">{i18n.t('sheet.intro')}</Text>
      {job ? (
        <JobProgress job={job} onAnother={reset} />
      ) : (
        <>
          <Section title={i18n.t('sheet.fileSection')} id="rt-sheet-file">
            <Stack space="space.100">
              <input
                id={`${ids}-file`}
                aria-label={i18n.t('sheet.file')}
                type="file"
                accept={SHEET_FILE_TYPES}
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  if (file) void choose(file);
                }}
              />
              {fileError ? (
                <Text color="color.text.danger" role="alert">
                  {fileError}
                </Text>
              ) : null}
              {table && fileName ? (
                <Text>
                  {i18n.t('sheet.fileSummary', { name: fileName, rows: table.rows.length, columns: table.headers.length })}
                </Text>
              ) : null}
            </Stack>
          </Section>
          {table && mapping ? (
            <Section title={i18n.t('sheet.mappingTitle')} id="rt-sheet-mapping">
              <Text as="p" size="small" color="color.text.subtle">
                {i18n.t('sheet.mappingHint')}
              </Text>
              <div
                style={{
                  display: 'grid',
                  gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
                  gap: token('space.150', '12px'),
                }}
              >
                {SHEET_FIELDS.map((field) => (
                  <Stack key={field} space="space.050">
                    <label htmlFor={`${ids}-${field}`}>{fieldLabel(i18n, field)}</label>
                    <select
                      id={`${ids}-${field}`}
                      style={selectStyle}
                      value={mapping[field] ?? ''}
                      onChange={(event) => setColumn(field, event.currentTarget.value)}
                    >
                      <option value="">{i18n.t('sheet.notInFile')}</option>
                      {table.headers.map((header, column) => (
                        <option key={column} value={column}>
                          {header || `#${column + 1}`}
                        </option>
                      ))}
                    </select>
                  </Stack>
                ))}
                <Stack space="space.050">
                  <label htmlFor={`${ids}-channel`}>{i18n.t('sheet.defaultChannel')}</label>
                  <select
                    id={`${ids}-channel`}
                    style={selectStyle}
                    value={defaults.channel}
                    onChange={(event) => {
                      const channel = event.currentTarget.value;
                      setDefaults((current) => ({ ...current, channel }));
                      setPreview(null);
                    }}
                  >
                    {SHEET_CHANNELS.map((channel) => (
                      <option key={channel} value={channel}>
                        {i18n.t(`sheet.channel.${channel}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                </Stack>
                <Stack space="space.050">
                  <label htmlFor={`${ids}-date`}>{i18n.t('sheet.defaultDate')}</label>
                  <input
                    id={`${ids}-date`}
                    type="date"
                    style={selectStyle}
                    value={defaults.date}
                    onChange={(event) => {
                      const date = event.currentTarget.value;
                      setDefaults((current) => ({ ...current, date }));
                      setPreview(null);
                    }}
                  />
                </Stack>
              </div>
              <div>
                <Button
                  appearance={preview ? 'default' : 'primary'}
                  onClick={() => void loadPreview(0)}
                  isLoading={busy && !preview}
                >
                  {i18n.t('sheet.preview')}
                </Button>
              </div>
              {sending ? <Text aria-live="polite">{i18n.t('sheet.sending', sending)}</Text> : null}
            </Section>
          ) : null}
          {refused.length > 0 ? (
            <div role="alert">
              <SectionMessage appearance="error" title={i18n.t('sheet.refusedTitle', { count: refused.length })}>
                <ProblemTable violations={refused} />
              </SectionMessage>
            </div>
          ) : null}
          {error && error.kind !== 'validation' ? <ErrorState error={error} /> : null}
          {preview ? (
            <Section
              title={i18n.t('sheet.rowsTitle', { from: offset + 1, to: offset + preview.rows.length, total: preview.total })}
              id="rt-sheet-preview"
            >
              <Text as="p">
                {i18n.t('sheet.counts', {
                  total: preview.total,
                  invalid: preview.invalidRows,
                  imported: preview.alreadyImported,
                  repeats: preview.repeats,
                })}
              </Text>
              {preview.violations.length > 0 ? (
                <Stack space="space.100">
                  <Heading size="xsmall" as="h3">
                    {i18n.t('sheet.problemsTitle')}
                  </Heading>
                  <ProblemTable violations={preview.violations} />
                </Stack>
              ) : null}
              <RowTable
                preview={preview}
                chosen={chosen}
                offset={offset}
                onChoose={(row, choice) => setChosen((current) => new Map(current).set(row, choice))}
              />
              <Inline space="space.100" shouldWrap>
                <Button onClick={() => void loadPreview(Math.max(0, offset - PAGE_ROWS))} isDisabled={busy || offset === 0}>
                  {i18n.t('sheet.previous')}
                </Button>
                <Button
                  onClick={() => void loadPreview(offset + PAGE_ROWS)}
                  isDisabled={busy || offset + PAGE_ROWS >= preview.total}
                >
                  {i18n.t('sheet.next')}
                </Button>
                <Button appearance="primary" onClick={() => void start()} isLoading={busy}>
                  {i18n.t('sheet.start')}
                </Button>
              </Inline>
            </Section>
          ) : null}
        </>
      )}
    </ProjectPage>
  );
}
