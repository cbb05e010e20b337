import { hasKindFilter, NO_KIND_FILTER, type KindFilter } from '../../../src/domain/jql';
import type { KindTagLists } from '../../../src/domain/kind-tags';
import { describeKindFilter } from './filter-model';
import { useId, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import {
  EXPORT_TEMPLATES,
  exportFileName,
  exportTable,
  toCsv,
  type ExportLanguage,
  type ExportTemplate,
} from '../../../src/domain/exports';
import { dayInZone } from '../../../src/domain/delivery/deadlines';
import { call, type ExportPage, type ExportRow, type ResolverError } from '../../shared/api';
import { readEveryPage } from '../../shared/paging';
import { useI18n, type MessageKey } from '../../shared/i18n';
import { kindFilterPayload } from './data';

const keyOrder = new Intl.Collator('en', { numeric: true });

type ExportFormat = 'csv' | 'xlsx';

type ExportState =
  | { status: 'idle' }
  | { status: 'loading'; done: number; total: number | null }
  | { status: 'writing'; done: number }
  | { status: 'done'; fileName: string; count: number }
  | { status: 'failed'; error: ResolverError };

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cut a large download short in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

interface Option<T extends string> {
  value: T;
  label: string;
}

function Choice<T extends string>({
  label,
  options,
  value,
  onChange,
  disabled,
}: {
  label: string;
  options: Option<T>[];
  value: T;
  onChange(value: T): void;
  disabled: boolean;
}) {
  const id = useId();
  return (
    <div style={{ minWidth: 180, flex: '1 1 180px', maxWidth: 320 }}>
      <Label htmlFor={id}>{label}</Label>
      <Select<Option<T>>
        inputId={id}
        spacing="compact"
        isDisabled={disabled}
        options={options}
        value={options.find((option) => option.value === value)}
        onChange={(option) => option && onChange(option.value)}
      />
    </div>
  );
}

const TEMPLATE_LABELS: Record<ExportTemplate, MessageKey> = {
  register: 'export.template.register',
  evaluation: 'export.template.evaluation',
  analysis: 'export.template.analysis',
};

/**
 * Exports the project's Requirements matching the applied JQL and kind filter (not the quick
 * filters, which only narrow the view) as the register or the evaluation table. Pages of exports.page arrive with
 * progress; the file is written here, CSV by the domain, XLSX by exceljs loaded on demand.
 */
export function ExportPanel({
  projectKey,
  appliedJql,
  kindFilter = NO_KIND_FILTER,
  kindTagLists = null,
}: {
  projectKey: string;
  appliedJql: string;
  kindFilter?: KindFilter;
  kindTagLists?: KindTagLists | null;
}) {
  const i18n = useI18n();
  const [template, setTemplate] = useState<ExportTemplate>('register');
  const [format, setFormat] = useState<ExportFormat>('xlsx');
  const [language, setLanguage] = useState<ExportLanguage>(i18n.language === 'zh-CN' ? 'zh' : 'en');
  const [state, setState] = useState<ExportState>({ status: 'idle' });
  const running = useRef(false);
  const busy = state.status === 'loading' || state.status === 'writing';

  const run = async () => {
    if (running.current) return;
    running.current = true;
    try {
      const rows: ExportRow[] = [];
      let total: number | null = null;
      setState({ status: 'loading', done: 0, total: null });
      const outcome = await readEveryPage<ExportPage>({
        read: (nextPageToken) =>
          call('exports.page', {
            projectKey,
            ...(appliedJql ? { jql: appliedJql } : {}),
            ...kindFilterPayload(kindFilter),
            nextPageToken,
          }),
        // The copy's pages carry the filter in their tokens.
        readNamed: (nextPageToken) => call('exports.page', { projectKey, nextPageToken }),
        next: (page) => page.nextPageToken,
        named: (page) => page.pageTokens ?? [],
        onPage: (page) => {
          rows.push(...page.rows);
          total = page.total ?? total;
          setState({ status: 'loading', done: rows.length, total });
        },
      });
      if (outcome.status === 'failed') {
        setState({ status: 'failed', error: outcome.error });
        return;
      }
      // Pages read in parallel arrive in any order; the file lists requirements by key, as the search did.
      rows.sort((a, b) => keyOrder.compare(a.key, b.key));
      setState({ status: 'writing', done: rows.length });
      const table = exportTable(template, rows, language);
      const fileName = exportFileName(template, projectKey, dayInZone(new Date(), i18n.timeZone), format);
      const blob =
        format === 'csv'
          ? new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' })
          : await (await import('./xlsx')).xlsxBlob(table);
      download(blob, fileName);
      setState({ status: 'done', fileName, count: rows.length });
    } catch (error) {
      setState({
        status: 'failed',
        error: { kind: 'internal', message: error instanceof Error ? error.message : String(error) },
      });
    } finally {
      running.current = false;
    }
  };

  let progress = null;
  if (state.status === 'loading') {
    const label =
      state.total === null
        ? i18n.t('export.progressUnknown', { done: i18n.number(state.done) })
        : i18n.t('export.progress', { done: i18n.number(state.done), total: i18n.number(state.total) });
    progress = (
      <Stack space="space.050">
        <progress
          value={state.done}
          max={Math.max(state.total ?? 0, state.done, 1)}
          aria-label={label}
          style={{ width: 'min(480px, 100%)' }}
        />
        <Text size="small">{label}</Text>
      </Stack>
    );
  } else if (state.status === 'writing') {
    progress = <Text size="small">{i18n.t('export.writing', { count: i18n.number(state.done) })}</Text>;
  } else if (state.status === 'done') {
    progress = (
      <SectionMessage appearance="success">
        {i18n.t('export.done', { file: state.fileName, count: i18n.number(state.count) })}
      </SectionMessage>
    );
  } else if (state.status === 'failed') {
    progress = (
      <SectionMessage appearance="error" title={i18n.t('export.failed')}>
        <Text as="p">{state.error.message}</Text>
      </SectionMessage>
    );
  }

  return (
    <Stack space="space.150">
      <Text as="p" color="color.text.subtle">
        {appliedJql
          ? i18n.t('export.scopeJql', { project: projectKey, jql: appliedJql })
          : i18n.t('export.scopeProject', { project: projectKey })}
        {hasKindFilter(kindFilter)
          ? ` ${i18n.t('export.scopeKinds', { chosen: describeKindFilter(i18n, kindTagLists, kindFilter) })}`
          : ''}
      </Text>
      <Inline space="space.150" alignBlock="end" shouldWrap>
        <Choice<ExportTemplate>
          label={i18n.t('export.template')}
          disabled={busy}
          value={template}
          onChange={setTemplate}
          options={EXPORT_TEMPLATES.map((value) => ({ value, label: i18n.t(TEMPLATE_LABELS[value]) }))}
        />
        <Choice<ExportFormat>
          label={i18n.t('export.format')}
          disabled={busy}
          value={format}
          onChange={setFormat}
          options={[
            { value: 'xlsx', label: i18n.t('export.format.xlsx') },
            { value: 'csv', label: i18n.t('export.format.csv') },
          ]}
        />
        <Choice<ExportLanguage>
          label={i18n.t('export.headers')}
          disabled={busy}
          value={language}
          onChange={setLanguage}
          options={[
            { value: 'zh', label: i18n.t('export.headers.zh') },
            { value: 'en', label: i18n.t('export.headers.en') },
          ]}
        />
        <Button appearance="primary" onClick={() => void run()} isLoading={busy} testId="rt-export-start">
          {i18n.t('export.start')}
        </Button>
      </Inline>
      <div aria-live="polite">{progress}</div>
    </Stack>
  );
}
