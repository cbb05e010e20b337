import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives/compiled';
import { toCsv } from '../../../src/domain/exports';
import type { ReportPeriod } from '../../../src/domain/reports';
import { useI18n } from '../../shared/i18n';
import { download } from './Export';
import { reportFileName, type ReportTable } from './report-tables';

/** Excel allows at most 31 characters in a sheet name. */
const SHEET_NAME_MAX = 31;

/**
 * A report table's CSV and XLSX buttons, on the Reports subpage and on a report gadget: the file
 * holds the table as shown, named by project, table and period. exceljs loads on the first XLSX.
 */
export function ReportExportButtons({
  table,
  projectKey,
  period,
}: {
  table: ReportTable;
  projectKey: string;
  period: ReportPeriod;
}) {
  const i18n = useI18n();
  const [busy, setBusy] = useState(false);
  const save = async (format: 'csv' | 'xlsx') => {
    setBusy(true);
    try {
      const blob =
        format === 'csv'
          ? new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' })
          : await (await import('./xlsx')).xlsxBlob({ ...table, title: table.title.slice(0, SHEET_NAME_MAX) });
      download(blob, reportFileName(projectKey, table, period, format));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Inline space="space.050">
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          spacing="compact"
          isDisabled={busy}
          onClick={() => void save(format)}
          aria-label={i18n.t('reports.exportLabel', { title: table.title, format: format.toUpperCase() })}
          testId={`rt-report-export-${table.id}-${format}`}
        >
          {i18n.t(format === 'csv' ? 'reports.exportCsv' : 'reports.exportXlsx')}
        </Button>
      ))}
    </Inline>
  );
}
