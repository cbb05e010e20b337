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
  return (
    // Focusable, so a keyboard can scroll a table wider than a phone.
    <div
      className="rt-report-numbers"
      data-stack-narrow={stackWhenNarrow || undefined}
      tabIndex={0}
      role="region"
      aria-label={`${i18n.t('reports.table')}: ${table.title}`}
    >
      <table data-testid={testId}>
        <caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
          {table.title}
        </caption>
        <thead>
          <tr>
            {table.headers.map((header, index) => (
              <th key={header} scope="col" data-format={table.formats[index]}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => {
            const link = drill?.(rowIndex) ?? null;
            return (
              <tr key={rowIndex}>
                {row.map((value, column) => (
                  <td key={column} data-format={table.formats[column]} data-label={table.headers[column]}>
                    {column === 0 && link ? (
                      <button type="button" className="rt-count-button" onClick={() => openSearch(link.jql)}>
                        {formatCell(i18n, value, table.formats[column]!)}
                        <VisuallyHidden> {link.label}</VisuallyHidden>
                      </button>
                    ) : (
                      formatCell(i18n, value, table.formats[column]!)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
