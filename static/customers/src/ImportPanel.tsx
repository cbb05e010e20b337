import { useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { IMPORT_COLUMNS } from '../../../src/domain/customers';
import { splitIntoParts } from '../../../src/domain/upload-parts';
import { ErrorState, Section, textAreaStyle } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useAction } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { describeViolation, fieldLabel } from './customer-form';

/** A random UUID v4 (crypto.randomUUID needs a secure context; getRandomValues does not). */
function newImportId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * CSV text (typed, pasted or read from a file) → one import. A front-end invoke carries at most
 * 500 KB, so the file goes in parts (one call each, with progress); the last part makes the server
 * check the whole file and import it, all or nothing. Problems come back per row and column.
 */
export function ImportPanel({ projectKey, onImported }: { projectKey: string; onImported: (numbers: string[]) => void }) {
  const i18n = useI18n();
  const ids = useId();
  const [csv, setCsv] = useState('');
  const [focused, setFocused] = useState(false);
  const importing = useAction<'customers.import'>();
  const { error } = importing;
  const [created, setCreated] = useState<string[] | null>(null);
  /** Set while the parts go, one call each: the button stays busy between them. */
  const [progress, setProgress] = useState<{ sent: number; parts: number } | null>(null);

  const run = async () => {
    setCreated(null);
    const texts = splitIntoParts(csv);
    const importId = newImportId();
    let outcome: string[] | null = null;
    for (const [part, text] of texts.entries()) {
      setProgress({ sent: part, parts: texts.length });
      const result = await importing.run('customers.import', { projectKey, importId, part, parts: texts.length, text });
      if (!result.ok) break;
      outcome = result.data.created;
    }
    setProgress(null);
    if (outcome) {
      setCreated(outcome);
      onImported(outcome);
    }
  };

  const rowProblems = error?.kind === 'validation' ? (error.violations ?? []) : [];
  return (
    <Section title={i18n.t('customers.importTitle')} id="rt-import">
      <Text as="p" size="small" color="color.text.subtle">
        {i18n.t('customers.importHint', { columns: IMPORT_COLUMNS.join(', ') })}
      </Text>
      <Stack space="space.050">
        <Label htmlFor={`${ids}-file`}>{i18n.t('customers.importFile')}</Label>
        <input
          id={`${ids}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
      </Stack>
      <Stack space="space.050">
        <Label htmlFor={`${ids}-text`}>{i18n.t('customers.importText')}</Label>
        <textarea
          id={`${ids}-text`}
          rows={8}
          value={csv}
          spellCheck={false}
          style={{ ...textAreaStyle({ focused, invalid: rowProblems.length > 0 }), fontFamily: 'monospace' }}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onChange={(event) => setCsv(event.currentTarget.value)}
        />
      </Stack>
      <div>
        <Button appearance="primary" onClick={() => void run()} isLoading={progress !== null} isDisabled={csv.trim() === ''}>
          {i18n.t('customers.importRun')}
        </Button>
      </div>
      {progress ? (
        <Stack space="space.050">
          <Text as="p" size="small" id={`${ids}-progress`} aria-live="polite">
            {progress.sent + 1 < progress.parts
              ? i18n.t('customers.importSending', { part: progress.sent + 1, parts: progress.parts })
              : i18n.t('customers.importChecking', { part: progress.sent + 1, parts: progress.parts })}
          </Text>
          <progress max={progress.parts} value={progress.sent} aria-labelledby={`${ids}-progress`} style={{ width: '100%' }} />
        </Stack>
      ) : null}
      {created ? (
        <SectionMessage appearance="success">
          <Text as="p">{i18n.plural('customers.importDone', created.length, { numbers: created.join(', ') })}</Text>
        </SectionMessage>
      ) : null}
      {error && error.kind !== 'validation' ? <ErrorState error={error} /> : null}
      {rowProblems.length > 0 ? (
        <div role="alert">
          <SectionMessage appearance="error" title={i18n.plural('customers.importErrors', rowProblems.length)}>
            <DataTable
              columns={[
                {
                  key: 'row',
                  header: i18n.t('customers.importRow'),
                  noWrap: true,
                  cell: (violation) => String(violation.params?.row ?? ''),
                },
                {
                  key: 'column',
                  header: i18n.t('customers.importColumn'),
                  noWrap: true,
                  cell: (violation) => (violation.params?.column ? fieldLabel(i18n, String(violation.params.column)) : ''),
                },
                {
                  key: 'problem',
                  header: i18n.t('customers.importProblem'),
                  cell: (violation) => describeViolation(i18n, violation, String(violation.params?.column ?? '')),
                },
              ]}
              rows={rowProblems}
              rowKey={(_violation, index) => index}
              caption={i18n.t('customers.importTable')}
            />
          </SectionMessage>
        </div>
      ) : null}
    </Section>
  );
}
