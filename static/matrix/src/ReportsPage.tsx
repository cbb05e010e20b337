import { useEffect, useId, useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { defaultPeriod, type ReportPeriod } from '../../../src/domain/reports';
import { call, type ProjectReports, type RequirementPage, type ResolverError } from '../../shared/api';
import { readEveryPage } from '../../shared/paging';
import { ErrorState, Loading, ProjectPage, Section } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { ReportExportButtons } from './ReportExport';
import { formatCell, ReportNumbers } from './ReportNumbers';
import { reportTables, type ReportBar, type ReportTable } from './report-tables';

/** Horizontal bars drawn with boxes (no chart library: the numbers are in the table beside it). */
function Bars({ bars, label }: { bars: ReportBar[]; label: string }) {
  const i18n = useI18n();
  return (
    <div
      role="img"
      aria-label={label}
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(72px, 38%) 1fr auto',
        gap: `${token('space.075', '6px')} ${token('space.100', '8px')}`,
        alignItems: 'center',
      }}
    >
      {bars.map((bar) => (
        <div key={bar.label} style={{ display: 'contents' }}>
          <span
            style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', font: token('font.body.small', '12px') }}
            title={bar.label}
          >
            {bar.label}
          </span>
          <span
            style={{
              background: token('color.background.neutral', '#091E420F'),
              borderRadius: token('radius.small', '4px'),
              height: 14,
              display: 'block',
              minWidth: 40,
            }}
          >
            <span
              style={{
                display: 'block',
                height: '100%',
                width: `${bar.value === null ? 0 : Math.min(100, (bar.value / bar.max) * 100)}%`,
                background: token('color.background.brand.bold', '#0C66E4'),
                borderRadius: token('radius.small', '4px'),
              }}
            />
          </span>
          <span style={{ font: token('font.body.small', '12px'), textAlign: 'end', whiteSpace: 'nowrap' }}>
            {formatCell(i18n, bar.value, bar.format)}
          </span>
        </div>
      ))}
    </div>
  );
}

/** A chart with its numbers beside it (below it at narrow widths), and its exports. */
function ReportBlock({
  table,
  projectKey,
  period,
  level = 'section',
}: {
  table: ReportTable;
  projectKey: string;
  period: ReportPeriod;
  level?: 'section' | 'sub';
}) {
  const i18n = useI18n();
  const empty = table.rows.length === 0 || table.bars.every((bar) => !bar.value);
  const body = (
    <Stack space="space.100">
      {table.hint ? (
        <Text as="p" size="small" color="color.text.subtle">
          {table.hint}
        </Text>
      ) : null}
      {empty ? (
        <Text as="p" color="color.text.subtle">
          {i18n.t('reports.noData')}
        </Text>
      ) : null}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.300', '24px'), alignItems: 'flex-start' }}>
        {empty ? null : (
          <div style={{ flex: '1 1 260px', minWidth: 0 }}>
            <Bars bars={table.bars} label={`${i18n.t('reports.chart')}: ${table.title}`} />
          </div>
        )}
        <div style={{ flex: '1 1 300px', minWidth: 0 }}>
          <ReportNumbers table={table} testId={`rt-report-table-${table.id}`} />
        </div>
      </div>
    </Stack>
  );
  if (level === 'sub') {
    return (
      <Stack space="space.100" testId={`rt-report-${table.id}`}>
        <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
          <Heading size="xsmall" as="h3">
            {table.title}
          </Heading>
          <ReportExportButtons table={table} projectKey={projectKey} period={period} />
        </Inline>
        {body}
      </Stack>
    );
  }
  return (
    <Section
      title={table.title}
      id={`rt-report-${table.id}`}
      testId={`rt-report-${table.id}`}
      actions={<ReportExportButtons table={table} projectKey={projectKey} period={period} />}
    >
      {body}
    </Section>
  );
}

function Reports({ reports, projectKey, period }: { reports: ProjectReports; projectKey: string; period: ReportPeriod }) {
  const i18n = useI18n();
  const tables = useMemo(() => reportTables(i18n, reports), [i18n, reports]);
  return (
    <Stack space="space.400">
      <Text as="p" color="color.text.subtle" testId="rt-report-intro">
        {i18n.t('reports.intro', {
          count: i18n.plural('common.requirements', reports.requirementCount),
          today: i18n.day(reports.today),
        })}
      </Text>
      <ReportBlock table={tables.onTime} projectKey={projectKey} period={period} />
      <ReportBlock table={tables.notice} projectKey={projectKey} period={period} />
      <Section title={i18n.t('reports.satisfaction.title')} id="rt-report-satisfaction">
        <Text as="p" size="small" color="color.text.subtle">
          {i18n.t('reports.satisfaction.hint')}
        </Text>
        {tables.satisfaction.map((table) => (
          <ReportBlock key={table.id} table={table} projectKey={projectKey} period={period} level="sub" />
        ))}
      </Section>
      <ReportBlock table={tables.open} projectKey={projectKey} period={period} />
      <ReportBlock table={tables.industry} projectKey={projectKey} period={period} />
      <ReportBlock table={tables.region} projectKey={projectKey} period={period} />
      <ReportBlock table={tables.channel} projectKey={projectKey} period={period} />
      <ReportBlock table={tables.kindTag} projectKey={projectKey} period={period} />
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: (id: string) => React.ReactNode }) {
  const id = useId();
  return (
    <div style={{ flex: '1 1 150px', minWidth: 0, maxWidth: 420 }}>
      <Label htmlFor={id}>{label}</Label>
      {children(id)}
    </div>
  );
}

/**
 * A large project without a copy of its rows: reads them once the way the matrix does (pages that
 * write the copy as they go), showing progress, then asks for the reports again.
 */
export function CopyBuilder({ projectKey, total, onDone }: { projectKey: string; total: number; onDone: () => void }) {
  const i18n = useI18n();
  const [done, setDone] = useState(0);
  const [error, setError] = useState<ResolverError | null>(null);
  useEffect(() => {
    let active = true;
    void (async () => {
      let read = 0;
      const outcome = await readEveryPage<RequirementPage>({
        read: (nextPageToken) => call('requirements.list', { projectKey, nextPageToken }),
        // Pages named at once mean the copy is written: the reports can be asked for again.
        next: (page) => ((page.pageTokens ?? []).length > 0 ? null : page.nextPageToken),
        wanted: () => active,
        onPage: (page) => {
          read += page.rows.length;
          setDone(read);
        },
      });
      if (outcome.status === 'failed') setError(outcome.error);
      else if (outcome.status === 'done') onDone();
    })();
    return () => {
      active = false;
    };
  }, [projectKey, onDone]);
  if (error) return <ErrorState error={error} />;
  return (
    <div role="status">
      <Stack space="space.050">
        <progress
          value={done}
          max={Math.max(total, done, 1)}
          style={{ width: 'min(480px, 100%)' }}
          aria-label={i18n.t('reports.building', { done: i18n.number(done), total: i18n.number(total) })}
        />
        <Text size="small">{i18n.t('reports.building', { done: i18n.number(done), total: i18n.number(total) })}</Text>
      </Stack>
    </div>
  );
}

/** The project page's Reports subpage: the managers' figures for a period, each with its table and exports. */
export default function ReportsPage({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const initial = useMemo(() => defaultPeriod(new Date().toISOString().slice(0, 10)), []);
  const [draft, setDraft] = useState({ ...initial, jql: '' });
  const [applied, setApplied] = useState({ ...initial, jql: '' });
  const reports = useResolver('reports.get', {
    projectKey,
    from: applied.from,
    to: applied.to,
    ...(applied.jql.trim() ? { jql: applied.jql.trim() } : {}),
  });
  return (
    <ProjectPage
      title={i18n.t('reports.heading')}
      projectKey={projectKey}
      actions={
        <Button onClick={reports.reload} isLoading={reports.loading}>
          {i18n.t('common.refresh')}
        </Button>
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(draft);
        }}
      >
        <Inline space="space.150" alignBlock="end" shouldWrap>
          <Field label={i18n.t('reports.from')}>
            {(id) => (
              <Textfield
                id={id}
                type="month"
                isCompact
                value={draft.from}
                onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
                testId="rt-report-from"
              />
            )}
          </Field>
          <Field label={i18n.t('reports.to')}>
            {(id) => (
              <Textfield
                id={id}
                type="month"
                isCompact
                value={draft.to}
                onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
                testId="rt-report-to"
              />
            )}
          </Field>
          <Field label={i18n.t('reports.jql')}>
            {(id) => (
              <Textfield
                id={id}
                isCompact
                value={draft.jql}
                placeholder="component = CRM"
                onChange={(event) => setDraft({ ...draft, jql: event.currentTarget.value })}
                testId="rt-report-jql"
              />
            )}
          </Field>
          <Button type="submit" appearance="primary" isLoading={reports.loading} testId="rt-report-apply">
            {i18n.t('reports.apply')}
          </Button>
        </Inline>
      </form>
      {reports.error ? <ErrorState error={reports.error} onRetry={reports.reload} /> : null}
      {reports.data && 'copyNeeded' in reports.data ? (
        <CopyBuilder projectKey={projectKey} total={reports.data.total} onDone={reports.reload} />
      ) : reports.data ? (
        <Reports
          reports={reports.data}
          projectKey={projectKey}
          period={{ from: reports.data.period.from, to: reports.data.period.to }}
        />
      ) : reports.error ? null : (
        <Loading />
      )}
    </ProjectPage>
  );
}
