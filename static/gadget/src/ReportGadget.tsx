import type { ReactNode } from 'react';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import type { GadgetConfig } from '../../../src/domain/gadget-config';
import type { ProjectReports, ReportGadgetData } from '../../shared/api';
import { EmptyState, ErrorState, Loading } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { ReportExportButtons } from '../../matrix/src/ReportExport';
import { ReportNumbers } from '../../matrix/src/ReportNumbers';
import { reportTables, type ReportTable } from '../../matrix/src/report-tables';
import { GadgetFrame, KIND_TITLE } from './GadgetView';

/** The headline figure above the table: the overall rate or average. */
function Headline({ value, label }: { value: string; label: string }) {
  return (
    <Inline space="space.100" alignBlock="baseline" shouldWrap>
      <Text size="large" weight="bold">
        {value}
      </Text>
      <Text size="small" color="color.text.subtle">
        {label}
      </Text>
    </Inline>
  );
}

/** The gadget's table with its exports below it, as the Reports subpage exports it (file named by project, table and period). */
function ExportedTable({ table, data, children }: { table: ReportTable; data: ReportGadgetData; children: ReactNode }) {
  const i18n = useI18n();
  return (
    <Stack space="space.100">
      {children}
      <Inline space="space.100" alignBlock="center" shouldWrap testId="rt-gadget-export">
        <Text size="small" color="color.text.subtle">
          {i18n.t('gadget.report.export')}
        </Text>
        <ReportExportButtons table={table} projectKey={data.projectKey} period={data.period} />
      </Inline>
    </Stack>
  );
}

function Body({ kind, data }: { kind: GadgetConfig['kind']; data: ReportGadgetData }) {
  const i18n = useI18n();
  const tables = reportTables(i18n, {
    ...data,
    openByAge: { buckets: [], rows: [], totals: [] },
    demandByIndustry: [],
    demandByRegion: [],
    byChannel: [],
    byKindTag: [],
    tagNames: {},
  } as ProjectReports);
  if (kind === 'on-time') {
    const delivered = data.onTimeByGrade.reduce((sum, row) => sum + row.delivered, 0);
    if (delivered === 0) return <EmptyState title={i18n.t('reports.noData')} />;
    const onTime = data.onTimeByGrade.reduce((sum, row) => sum + row.onTime, 0);
    const late = data.onTimeByGrade.reduce((sum, row) => sum + row.late, 0);
    return (
      <Stack space="space.100">
        <Headline
          value={onTime + late > 0 ? i18n.percent((onTime * 100) / (onTime + late)) : '–'}
          label={i18n.t('reports.onTime.hint')}
        />
        <ExportedTable table={tables.onTime} data={data}>
          <ReportNumbers
            stackWhenNarrow
            table={tables.onTime}
            testId={`rt-gadget-table-${tables.onTime.id}`}
            drill={(index) => {
              const grade = data.onTimeByGrade[index]?.grade;
              return grade && grade !== 'none'
                ? { jql: data.drillDown.deliveredByGrade[grade], label: i18n.t('gadget.report.openDelivered', { grade }) }
                : null;
            }}
          />
        </ExportedTable>
      </Stack>
    );
  }
  if (kind === 'notice') {
    if (data.notice.due === 0) return <EmptyState title={i18n.t('reports.noData')} />;
    return (
      <Stack space="space.100">
        <Headline
          value={data.notice.rate === null ? '–' : i18n.percent(data.notice.rate)}
          label={i18n.t('reports.notice.hint')}
        />
        <ExportedTable table={tables.notice} data={data}>
          <ReportNumbers stackWhenNarrow table={tables.notice} testId={`rt-gadget-table-${tables.notice.id}`} />
        </ExportedTable>
      </Stack>
    );
  }
  const satisfaction = tables.satisfaction[0]!;
  const byType = {
    ...satisfaction,
    title: `${i18n.t('reports.satisfaction.title')} · ${i18n.t('reports.satisfaction.byCustomerType')}`,
  };
  const answers = data.satisfaction.byCustomerType.reduce((sum, row) => sum + row.answers, 0);
  if (answers === 0) return <EmptyState title={i18n.t('reports.noData')} />;
  const total = data.satisfaction.byCustomerType.reduce((sum, row) => sum + (row.average ?? 0) * row.answers, 0) / answers;
  return (
    <Stack space="space.100">
      <Headline
        value={`${i18n.number(Math.round(total * 10) / 10, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} / 5`}
        label={i18n.t('reports.satisfaction.hint')}
      />
      <ExportedTable table={byType} data={data}>
        <ReportNumbers stackWhenNarrow testId={`rt-gadget-table-${byType.id}`} table={byType} />
      </ExportedTable>
    </Stack>
  );
}

/** A report gadget: one of the managers' figures for the project's months of its period (narrowed by its JQL), from the app's records. */
export function ReportGadget({ config }: { config: GadgetConfig }) {
  const i18n = useI18n();
  const projectKey = config.source.type === 'project' ? config.source.projectKey : '';
  const result = useResolver('reports.gadget', { projectKey, period: config.period, ...(config.jql ? { jql: config.jql } : {}) });
  const data = result.data;
  let body;
  if (result.error) body = <ErrorState error={result.error} onRetry={result.reload} />;
  else if (!data) body = <Loading />;
  else if ('copyNeeded' in data)
    body = <EmptyState title={i18n.t('reports.building', { done: 0, total: i18n.number(data.total) })} />;
  else
    body = (
      <Stack space="space.150">
        <Stack space="space.050">
          <Text color="color.text.subtle" testId="rt-gadget-period">
            {`${i18n.t(`gadget.period.${config.period}`)} · ${i18n.t('gadget.report.period', { from: data.period.from, to: data.period.to })}`}
          </Text>
          {config.jql ? (
            <span style={{ overflowWrap: 'anywhere' }}>
              <Text size="small" color="color.text.subtle" testId="rt-gadget-jql">
                {i18n.t('gadget.report.jql', { jql: config.jql })}
              </Text>
            </span>
          ) : null}
        </Stack>
        <section aria-labelledby="rt-gadget-title" data-testid={`rt-gadget-${config.kind}`}>
          <Body kind={config.kind} data={data} />
        </section>
      </Stack>
    );
  return (
    <GadgetFrame
      title={i18n.t('gadget.title', { kind: i18n.t(KIND_TITLE[config.kind], { count: config.topN }), source: projectKey })}
      reload={result.reload}
      reloading={result.loading && data !== null}
    >
      {body}
    </GadgetFrame>
  );
}
