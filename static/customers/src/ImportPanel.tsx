import { useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { IMPORT_COLUMNS } from '../../../src/domain/customers';
import { splitIntoParts } from '../../../src/domain/upload-parts';
import { call, type ResolverError } from '../../shared/api';
import { ErrorState, Section, textAreaStyle } from '../../shared/components';
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ResolverError | null>(null);
  const [created, setCreated] = useState<string[] | null>(null);
  const [progress, setProgress] = useState<{ sent: number; parts: number } | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    setCreated(null);
    const texts = splitIntoParts(csv);
    const importId = newImportId();
    let outcome: string[] | null = null;
    for (const [part, text] of texts.entries()) {
      setProgress({ sent: part, parts: texts.length });
      const result = await call('customers.import', { projectKey, importId, part, parts: texts.length, text });
      if (!result.ok) {
        setError(result.error);
        break;
      }
      outcome = result.data.created;
    }
    setBusy(false);
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
        <Button appearance="primary" onClick={() => void run()} isLoading={busy} isDisabled={csv.trim() === ''}>
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
            <table style={{ borderCollapse: 'collapse', width: '100%' }}>
              <thead>
                <tr>
                  <th style={{ textAlign: 'start', paddingInlineEnd: 12, whiteSpace: 'nowrap' }}>
                    {i18n.t('customers.importRow')}
                  </th>
                  <th style={{ textAlign: 'start', paddingInlineEnd: 12, whiteSpace: 'nowrap' }}>
                    {i18n.t('customers.importColumn')}
                  </th>
                  <th style={{ textAlign: 'start' }}>{i18n.t('customers.importProblem')}</th>
                </tr>
              </thead>
              <tbody>
                {rowProblems.map((violation, index) => {
                  const column = String(violation.params?.column ?? '');
                  return (
                    <tr key={index}>
                      <td>{violation.params?.row ?? ''}</td>
                      <td>{column ? fieldLabel(i18n, column) : ''}</td>
                      <td>{describeViolation(i18n, violation, column)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </SectionMessage>
        </div>
      ) : null}
    </Section>
  );
}
