import './data-table.css';
import type { CSSProperties, Key, ReactNode } from 'react';
import { SideScroll } from './components';

type RowAttributes = Record<`data-${string}`, string | boolean | undefined>;

/** React writes `data-x={false}` as "false"; a flag that is off must be absent for `[data-x]` styles. */
function dataAttributes(attributes: RowAttributes | undefined): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === true) present[name] = '';
    else if (typeof value === 'string') present[name] = value;
  }
  return present;
}

export interface DataColumn<Row> {
  /** Unique among the table's columns; React's key for the cells. */
  key: string;
  header: ReactNode;
  /** The column's name as plain text, shown beside each value when rows stack; defaults to `header` if a string. */
  label?: string;
  cell: (row: Row, index: number) => ReactNode;
  /** Figures: aligned to the end, digits of equal width. */
  numeric?: boolean;
  /** This column names the row (`<th scope="row">`); when rows stack it heads them. */
  rowHeader?: boolean;
  /** Keeps the cells on one line (keys, dates, buttons). */
  noWrap?: boolean;
  /** A CSS width or minimum width for the column, e.g. `'55%'`, `'10em'`. */
  width?: string;
  minWidth?: string;
}

/**
 * The app's one simple data table: a caption for screen readers (shown when `captionVisible`),
 * typed columns, design-token styles from base.css (`.rt-table`) and, with `stackWhenNarrow`, rows
 * that stack as label/value pairs in a box too narrow for every column; otherwise a table wider
 * than its box scrolls sideways in a focusable region that says so (SideScroll).
 *
 * Use it for tables whose rows come as they are shown: settings, previews, a page of review rows,
 * import problems, report numbers. Tables readers sort or page through with many columns (the
 * ranked requirements) use Atlaskit's DynamicTable, whose sorting and paging this leaves out to
 * keep the bundles lean.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  captionVisible = false,
  regionLabel,
  rowAttributes,
  stackWhenNarrow = false,
  stackedCellWidth,
  headerHidden = false,
  compact = false,
  busy,
  minWidth,
  maxWidth,
  testId,
  scrollTestId,
}: {
  columns: DataColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => Key;
  caption: ReactNode;
  captionVisible?: boolean;
  /** Names the scrolling region; defaults to the caption when that is a string. */
  regionLabel?: string;
  /**
   * data-* attributes per row (`data-testid` too): `data-changed` highlights a row, `data-group-start`
   * rules a heavier line above it. `true` sets an attribute, `false` leaves it out.
   */
  rowAttributes?: (row: Row, index: number) => RowAttributes;
  stackWhenNarrow?: boolean;
  /** When rows stack, the narrowest a label/value pair may be (default 8.5rem); wider values stack one per line sooner. */
  stackedCellWidth?: string;
  /** For a table whose caption says what its columns are: the header row is for screen readers only. */
  headerHidden?: boolean;
  /** Tighter rows in small text without rules, for a short table inside a card. */
  compact?: boolean;
  busy?: boolean;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth?: number | string;
  maxWidth?: number | string;
  testId?: string;
  /** The test id of the scrolling region (its hint gets `-hint`). */
  scrollTestId?: string;
}) {
  const label = (column: DataColumn<Row>) => column.label ?? (typeof column.header === 'string' ? column.header : undefined);
  const table = (
    <table
      className="rt-table"
      data-testid={testId}
      data-compact={compact || undefined}
      aria-busy={busy || undefined}
      style={{ minWidth, maxWidth }}
    >
      <caption data-hidden={!captionVisible || undefined}>{caption}</caption>
      <thead data-hidden={headerHidden || undefined}>
        <tr>
          {columns.map((column) => (
            <th
              key={column.key}
              scope="col"
              data-numeric={column.numeric || undefined}
              style={column.width || column.minWidth ? { width: column.width, minWidth: column.minWidth } : undefined}
            >
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row, index)} {...dataAttributes(rowAttributes?.(row, index))}>
            {columns.map((column) => {
              const Cell = column.rowHeader ? 'th' : 'td';
              return (
                <Cell
                  key={column.key}
                  scope={column.rowHeader ? 'row' : undefined}
                  data-numeric={column.numeric || undefined}
                  data-nowrap={column.noWrap || undefined}
                  data-label={label(column)}
                >
                  {column.cell(row, index)}
                </Cell>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
  const name = regionLabel ?? (typeof caption === 'string' ? caption : '');
  if (stackWhenNarrow) {
    return (
      // Focusable, so a keyboard can scroll a table wider than its box where it does not stack.
      <div
        className="rt-table-stack"
        tabIndex={0}
        role="region"
        aria-label={name}
        style={stackedCellWidth ? ({ '--rt-stack-cell': stackedCellWidth } as CSSProperties) : undefined}
      >
        {table}
      </div>
    );
  }
  return (
    <SideScroll label={name} testId={scrollTestId}>
      {table}
    </SideScroll>
  );
}
