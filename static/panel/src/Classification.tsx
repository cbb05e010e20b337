import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import { call } from '../../shared/api';
import type { ClassificationDimension, ClassificationEntry, ClassificationView, ResolverError } from '../../shared/api';
import { ErrorState, Loading, Section } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n, type MessageKey } from '../../shared/i18n';

const DIMENSIONS: readonly ClassificationDimension[] = ['nature', 'kind'];

/** One dimension: the person's value, or the model's suggestion to accept or change. */
function Dimension({ dimension, entry, canEdit, onSave }: { dimension: ClassificationDimension; entry: ClassificationEntry; canEdit: boolean; onSave: (value: string) => Promise<void> }) {
  const i18n = useI18n();
  const { decision } = entry;
  const proposed = decision.kind === 'no-suggestion' ? (entry.current ?? '') : decision.value;
  const [choice, setChoice] = useState(proposed);
  const [busy, setBusy] = useState(false);
  useEffect(() => setChoice(proposed), [proposed]);
  const valueLabel = (value: string) => i18n.t(`classification.value.${value}` as MessageKey);
  const fieldLabel = i18n.t(`classification.field.${dimension}` as MessageKey);
  const save = async (value: string) => {
    setBusy(true);
    await onSave(value);
    setBusy(false);
  };
  const selectId = `rt-classification-${dimension}`;
  const options = entry.values.map((value) => ({ value, label: valueLabel(value) }));
  return (
    <Stack space="space.075" testId={`rt-classification-${dimension}`}>
      <Label htmlFor={selectId}>{fieldLabel}</Label>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <div style={{ minWidth: 200 }}>
          <Select<{ value: string; label: string }, false>
            inputId={selectId}
            spacing="compact"
            options={options}
            value={options.find((option) => option.value === choice) ?? null}
            placeholder={i18n.t('common.select')}
            isDisabled={!canEdit || busy}
            onChange={(option) => option && setChoice(option.value)}
          />
        </div>
        {canEdit && decision.kind === 'suggest' && choice === decision.value ? (
          <Button appearance="primary" spacing="compact" isLoading={busy} onClick={() => void save(choice)}>
            {i18n.t('classification.accept')}
          </Button>
        ) : null}
        {canEdit && choice !== '' && choice !== entry.current && !(decision.kind === 'suggest' && choice === decision.value) ? (
          <Button spacing="compact" isLoading={busy} onClick={() => void save(choice)}>
            {i18n.t('classification.saveChoice', { field: fieldLabel })}
          </Button>
        ) : null}
      </Inline>
      <Text size="small" color="color.text.subtle">
        {decision.kind === 'suggest'
          ? i18n.t('classification.suggested', { percent: i18n.percent(Math.round(decision.confidence * 100)) })
          : decision.kind === 'keep-user-choice'
            ? i18n.t('classification.chosen')
            : i18n.t('classification.noSuggestion')}
      </Text>
    </Stack>
  );
}

/** Nature and kind, suggested from the text; only a person's confirmation writes them. */
export function Classification({ canEdit }: { canEdit: boolean }) {
  const i18n = useI18n();
  const loaded = useResolver('classification.get', {});
  const [view, setView] = useState<ClassificationView | null>(null);
  const [error, setError] = useState<ResolverError | null>(null);
  useEffect(() => setView(loaded.data), [loaded.data]);

  const save = async (dimension: ClassificationDimension, value: string) => {
    const result = await call('classification.save', { [dimension]: value });
    if (result.ok) {
      setView(result.data);
      setError(null);
    } else setError(result.error);
  };

  let content;
  if (loaded.error) content = <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  else if (!view) content = <Loading />;
  else
    content = (
      <Inline space="space.300" shouldWrap>
        {DIMENSIONS.map((dimension) => (
          <Dimension key={dimension} dimension={dimension} entry={view[dimension]} canEdit={canEdit} onSave={(value) => save(dimension, value)} />
        ))}
      </Inline>
    );
  return (
    <Section title={i18n.t('classification.title')} id="rt-classification">
      {error ? <ErrorState error={error} /> : null}
      {content}
    </Section>
  );
}
