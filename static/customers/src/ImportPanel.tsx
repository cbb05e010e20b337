import { useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { IMPORT_COLUMNS } from '../../../src/domain/customers';
import { call, type ResolverError } from '../../shared/api';
import { ErrorState, Section, textAreaStyle } from '../../shared/components';
import { useI18n } from '../../shared/i18n';
import { describeViolation, fieldLabel } from './customer-form';

/** CSV text (typed, pasted or read from a file) → one import call; problems come back per row and column. */
export function ImportPanel({ projectKey, onImported }: { projectKey: string; onImported: (numbers: string[]) => void }) {
  const i18n = useI18n();
  const ids = useId();
  const [csv, setCsv] = useState('');
  const [focused, setFocused] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ResolverError | null>(null);
  const [created, setCreated] = useState<string[] | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    setCreated(null);
    const result = await call('customers.import', { projectKey, csv });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setCreated(result.data.created);
    onImported(result.data.created);
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
                  <th style={{ textAlign: 'start', paddingInlineEnd: 12, whiteSpace: 'nowrap' }}>{i18n.t('customers.importRow')}</th>
                  <th style={{ textAlign: 'start', paddingInlineEnd: 12, whiteSpace: 'nowrap' }}>{i18n.t('customers.importColumn')}</th>
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
