import { DataTable, type DataColumn } from '../../shared/DataTable';
import { VisuallyHidden } from '../../shared/components';
import { useI18n, type I18n } from '../../shared/i18n';
import { openSearch } from '../../shared/navigation';
import type { ColumnFormat, ReportTable } from './report-tables';

/** A report figure as the reader's language writes it; a figure nobody could compute is a dash. */
export function formatCell(i18n: I18n, value: string | number | null, format: ColumnFormat): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  if (format === 'percent') return i18n.percent(value);
  if (format === 'average') return i18n.number(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return i18n.number(value);
}

/**
 * A report's numbers as a table, on the Reports page and in the report gadgets alike; `drill`
 * turns a row's first cell into a link to that row's requirements in Jira's search; `stackWhenNarrow`
 * (the gadgets) stacks each row as label/value pairs in a box too narrow for every column (base.css).
 */
export function ReportNumbers({
  table,
  testId,
  drill,
  stackWhenNarrow = false,
}: {
  table: ReportTable;
  testId: string;
  drill?: (row: number) => { jql: string; label: string } | null;
  stackWhenNarrow?: boolean;
}) {
  const i18n = useI18n();
  const columns: DataColumn<ReportTable['rows'][number]>[] = table.headers.map((header, column) => {
    const format = table.formats[column]!;
    return {
      key: String(column),
      header,
      numeric: format !== 'text',
      noWrap: true,
      cell: (row, rowIndex) => {
        const text = formatCell(i18n, row[column] ?? null, format);
        const link = column === 0 ? (drill?.(rowIndex) ?? null) : null;
        return link ? (
          <button type="button" className="rt-count-button" onClick={() => openSearch(link.jql)}>
            {text}
            <VisuallyHidden> {link.label}</VisuallyHidden>
          </button>
        ) : (
          text
        );
      },
    };
  });
  return (
    <DataTable
      columns={columns}
      rows={table.rows}
      rowKey={(_row, index) => index}
      caption={table.title}
      regionLabel={`${i18n.t('reports.table')}: ${table.title}`}
      stackWhenNarrow={stackWhenNarrow}
      testId={testId}
    />
  );
}
