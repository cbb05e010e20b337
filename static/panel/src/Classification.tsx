import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Label } from '@atlaskit/form';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import type { ClassificationDimension, ClassificationEntry, ClassificationView, KindTag, PayloadOf } from '../../shared/api';
import { ErrorState, Loading, Section } from '../../shared/components';
import { useAction, useResolver } from '../../shared/hooks';
import { useI18n, type MessageKey } from '../../shared/i18n';

const DIMENSIONS: readonly ClassificationDimension[] = ['nature', 'kind'];

type Field = ClassificationDimension | 'kindTag';

/** The field a save was for: a tag save may confirm the suggested kind too, but it is the tag's field that waits. */
function fieldSaved(payload: PayloadOf<'classification.save'>): Field {
  if ('kindTag' in payload) return 'kindTag';
  return 'nature' in payload ? 'nature' : 'kind';
}

/** One field: the person's value, or the model's suggestion to accept or change. */
function Dimension({
  field,
  entry,
  fieldLabel,
  valueLabel,
  note,
  canEdit,
  busy,
  onSave,
}: {
  field: Field;
  entry: ClassificationEntry;
  fieldLabel: string;
  valueLabel: (value: string) => string;
  /** Said under the suggestion state (a stored value off the list, tags of a kind only suggested). */
  note?: string;
  canEdit: boolean;
  /** True while this field's value is being saved. */
  busy: boolean;
  onSave: (value: string) => void;
}) {
  const i18n = useI18n();
  const { decision } = entry;
  const proposed = decision.kind === 'no-suggestion' ? (entry.current ?? '') : decision.value;
  const [choice, setChoice] = useState(proposed);
  useEffect(() => setChoice(proposed), [proposed]);
  const selectId = `rt-classification-${field}`;
  const options = entry.values.map((value) => ({ value, label: valueLabel(value) }));
  // A stored value off the list is still shown, so nobody loses sight of what is stored.
  const shown =
    options.find((option) => option.value === choice) ?? (choice !== '' ? { value: choice, label: valueLabel(choice) } : null);
  return (
    <Stack space="space.075" testId={`rt-classification-${field}`}>
      <Label htmlFor={selectId}>{fieldLabel}</Label>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <div style={{ minWidth: 200 }}>
          <Select<{ value: string; label: string }, false>
            inputId={selectId}
            spacing="compact"
            options={options}
            value={shown}
            placeholder={i18n.t('common.select')}
            noOptionsMessage={() => i18n.t('common.noOptions')}
            isDisabled={!canEdit || busy}
            onChange={(option) => option && setChoice(option.value)}
          />
        </div>
        {canEdit && decision.kind === 'suggest' && choice === decision.value ? (
          <Button appearance="primary" spacing="compact" isLoading={busy} onClick={() => onSave(choice)}>
            {i18n.t('classification.accept')}
          </Button>
        ) : null}
        {canEdit && choice !== '' && choice !== entry.current && !(decision.kind === 'suggest' && choice === decision.value) ? (
          <Button spacing="compact" isLoading={busy} onClick={() => onSave(choice)}>
            {i18n.t('classification.saveChoice', { field: fieldLabel })}
          </Button>
        ) : null}
      </Inline>
      <Text size="small" color="color.text.subtle">
        {decision.kind === 'suggest'
          ? i18n.t('classification.suggested', { percent: i18n.percent(Math.round(decision.confidence * 100)) })
          : decision.kind === 'keep-user-choice'
            ? i18n.t('classification.chosen')
            : decision.reason === 'no-kind'
              ? i18n.t('classification.tagNeedsKind')
              : i18n.t('classification.noSuggestion')}
      </Text>
      {note ? (
        <Text size="small" color="color.text.subtle">
          {note}
        </Text>
      ) : null}
    </Stack>
  );
}

/** Nature, kind and the kind's second-level tag, suggested from the text; only a person's confirmation writes them. */
export function Classification({ canEdit }: { canEdit: boolean }) {
  const i18n = useI18n();
  const loaded = useResolver('classification.get', {});
  const [view, setView] = useState<ClassificationView | null>(null);
  const saving = useAction<'classification.save'>();
  const { error } = saving;
  const busyField = saving.busy && saving.payload ? fieldSaved(saving.payload) : null;
  useEffect(() => setView(loaded.data), [loaded.data]);

  const save = async (dimension: Field, value: string) => {
    // A tag chosen among the suggested kind's tags confirms that kind too (the note under the field says so).
    const withKind =
      dimension === 'kindTag' && view?.kind.current === null && view.kindTag.kind !== null ? { kind: view.kindTag.kind } : {};
    const result = await saving.run('classification.save', { ...withKind, [dimension]: value });
    if (result.ok) setView(result.data);
  };

  const language = i18n.language === 'zh-CN' ? 'zh' : 'en';
  const tagName = (tags: KindTag[], code: string) => {
    const tag = tags.find((entry) => entry.code === code);
    return tag ? tag.label[language] || tag.label[language === 'en' ? 'zh' : 'en'] : code;
  };
  const kindName = (kind: string) => i18n.t(`classification.value.${kind}` as MessageKey);
  let tagNote: string | undefined;
  if (view?.kindTag.storedOutsideList) tagNote = i18n.t('classification.tagOutsideList', { tag: view.kindTag.current ?? '' });
  else if (view && view.kind.current === null && view.kindTag.kind !== null && view.kindTag.decision.kind !== 'keep-user-choice')
    tagNote = i18n.t('classification.tagsOfSuggestedKind', { kind: kindName(view.kindTag.kind) });

  let content;
  if (loaded.error) content = <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  else if (!view) content = <Loading />;
  else
    content = (
      <Inline space="space.300" shouldWrap>
        {DIMENSIONS.map((dimension) => (
          <Dimension
            key={dimension}
            field={dimension}
            entry={view[dimension]}
            fieldLabel={i18n.t(`classification.field.${dimension}` as MessageKey)}
            valueLabel={(value) => i18n.t(`classification.value.${value}` as MessageKey)}
            canEdit={canEdit}
            busy={busyField === dimension}
            onSave={(value) => void save(dimension, value)}
          />
        ))}
        <Dimension
          key={`kindTag-${view.kindTag.kind ?? ''}`}
          field="kindTag"
          entry={view.kindTag}
          fieldLabel={i18n.t('classification.field.kindTag')}
          valueLabel={(value) => tagName(view.kindTag.tags, value)}
          note={tagNote}
          canEdit={canEdit && view.kindTag.kind !== null}
          busy={busyField === 'kindTag'}
          onSave={(value) => void save('kindTag', value)}
        />
      </Inline>
    );
  return (
    <Section title={i18n.t('classification.title')} id="rt-classification">
      {error ? <ErrorState error={error} /> : null}
      {content}
    </Section>
  );
}
