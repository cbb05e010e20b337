import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { APP_STRING_MAX_LENGTH } from '../../../src/domain/fields';
import type { MergeState, SimilarRequirementItem } from '../../shared/api';
import type { MergeCandidateFacts } from '../../../src/domain/merge';
import { ErrorState, Loading, Section } from '../../shared/components';
import { useAction, useResolver } from '../../shared/hooks';
import { useI18n, type I18n } from '../../shared/i18n';

type Side = 'this' | 'other';

function ChoiceGroup({
  name,
  legend,
  value,
  onChange,
  options,
}: {
  name: string;
  legend: string;
  value: Side;
  onChange: (side: Side) => void;
  options: { side: Side; label: string }[];
}) {
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
      <legend>
        <Text weight="semibold">{legend}</Text>
      </legend>
      <Inline space="space.200" shouldWrap>
        {options.map((option) => (
          <label key={option.side} style={{ display: 'inline-flex', gap: token('space.050', '4px'), alignItems: 'center' }}>
            <input type="radio" name={name} checked={value === option.side} onChange={() => onChange(option.side)} />
            <Text>{option.label}</Text>
          </label>
        ))}
      </Inline>
    </fieldset>
  );
}

/** One side's recorded work, as the person choosing weighs it. */
function factsText(i18n: I18n, facts: MergeCandidateFacts): string {
  const parts = [
    facts.weightedScore === null ? i18n.t('merge.notScored') : i18n.t('merge.scored', { score: i18n.score(facts.weightedScore) }),
    i18n.t('merge.customers', { count: i18n.number(facts.linkedCustomers) }),
    i18n.t('merge.marks', { count: i18n.number(facts.feasibilityMarks) }),
    ...(facts.duplicateCount > 0 ? [i18n.t('merge.duplicates', { count: i18n.number(facts.duplicateCount) })] : []),
    ...(facts.created ? [i18n.t('merge.created', { date: i18n.date(facts.created) })] : []),
  ];
  return parts.join(i18n.t('merge.separator'));
}

/**
 * The choices a merge needs: which requirement stays open, and whose description it keeps. Both
 * start at the richer, then older, requirement (the server's suggestion), and the form says which
 * one the merge closes, with what each holds.
 */
function MergeForm({
  thisKey,
  other,
  onDone,
  onCancel,
}: {
  thisKey: string;
  other: SimilarRequirementItem;
  onDone: (state: MergeState) => void;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const [keep, setKeep] = useState<Side>(other.merge.keep);
  const [descriptionFrom, setDescriptionFrom] = useState<Side>(other.merge.keep);
  const [keptKey, closedKey] = keep === 'this' ? [thisKey, other.key] : [other.key, thisKey];
  const closedFacts = keep === 'this' ? other.merge.other : other.merge.this;
  const keptFacts = keep === 'this' ? other.merge.this : other.merge.other;
  const confirming = useAction<'duplicates.merge'>();
  const { busy, error } = confirming;
  const sides = [
    { side: 'this' as const, label: i18n.t('similar.thisIssue', { key: thisKey }) },
    { side: 'other' as const, label: i18n.t('similar.otherIssue', { key: other.key }) },
  ];
  const merge = async () => {
    const result = await confirming.run('duplicates.merge', { otherIssueKey: other.key, keep, descriptionFrom });
    if (result.ok) onDone(result.data);
  };
  return (
    <Box
      padding="space.150"
      style={{
        border: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
        borderRadius: token('radius.medium', '6px'),
      }}
    >
      <Stack space="space.150">
        <Text weight="semibold">{i18n.t('similar.mergeTitle', { this: thisKey, other: other.key })}</Text>
        <ChoiceGroup name={`keep-${other.key}`} legend={i18n.t('similar.keep')} value={keep} onChange={setKeep} options={sides} />
        <ChoiceGroup
          name={`description-${other.key}`}
          legend={i18n.t('similar.description')}
          value={descriptionFrom}
          onChange={setDescriptionFrom}
          options={sides}
        />
        <div data-testid="rt-merge-outcome" data-closes={closedKey}>
          <SectionMessage appearance={keep === other.merge.keep ? 'information' : 'warning'}>
            <Stack space="space.050">
              <Text as="p" weight="semibold">
                {i18n.t('merge.willClose', { closed: closedKey, kept: keptKey })}
              </Text>
              <Text as="p">{i18n.t('merge.side', { key: keptKey, facts: factsText(i18n, keptFacts) })}</Text>
              <Text as="p">{i18n.t('merge.side', { key: closedKey, facts: factsText(i18n, closedFacts) })}</Text>
              {keep === other.merge.keep ? null : <Text as="p">{i18n.t('merge.againstSuggestion', { closed: closedKey })}</Text>}
            </Stack>
          </SectionMessage>
        </div>
        {error ? <ErrorState error={error} /> : null}
        <Inline space="space.100">
          <Button appearance="primary" isLoading={busy} onClick={() => void merge()}>
            {i18n.t('similar.confirm')}
          </Button>
          <Button appearance="subtle" onClick={onCancel}>
            {i18n.t('similar.cancel')}
          </Button>
        </Inline>
      </Stack>
    </Box>
  );
}

function MergeMessage({ state, onUndo, undoing }: { state: MergeState; onUndo: () => void; undoing: boolean }) {
  const i18n = useI18n();
  const names = { kept: state.keptKey ?? '', duplicate: state.duplicateKey ?? '' };
  if (state.state === 'undone') {
    return (
      <SectionMessage appearance={state.statusRestored === false ? 'warning' : 'information'}>
        <Text as="p">{i18n.t('similar.undone', names)}</Text>
        {state.statusRestored === false ? <Text as="p">{i18n.t('similar.undoneStatusKept', names)}</Text> : null}
      </SectionMessage>
    );
  }
  return (
    <SectionMessage
      appearance="success"
      actions={[
        <SectionMessageAction key="undo" onClick={undoing ? undefined : onUndo}>
          {i18n.t('similar.undo')}
        </SectionMessageAction>,
      ]}
    >
      <Text as="p">{i18n.t('similar.merged', names)}</Text>
      <Text as="p">{i18n.t(state.duplicateClosed ? 'similar.mergedClosed' : 'similar.mergedOpen', names)}</Text>
      {state.customerWordsLeftOut > 0 ? (
        <Text as="p" testId="rt-merge-words-left-out">
          {i18n.t('similar.wordsLeftOut', { ...names, count: state.customerWordsLeftOut, max: APP_STRING_MAX_LENGTH })}
        </Text>
      ) : null}
    </SectionMessage>
  );
}

/** A suggestion's summary with the words it shares with this requirement marked. */
function HighlightedSummary({ item }: { item: SimilarRequirementItem }) {
  const parts: { text: string; shared: boolean }[] = [];
  let at = 0;
  for (const { start, end } of item.highlights) {
    if (start > at) parts.push({ text: item.summary.slice(at, start), shared: false });
    parts.push({ text: item.summary.slice(start, end), shared: true });
    at = end;
  }
  if (at < item.summary.length) parts.push({ text: item.summary.slice(at), shared: false });
  return (
    <span data-testid="rt-similar-summary">
      {parts.map((part, index) =>
        part.shared ? (
          <mark
            key={index}
            style={{
              backgroundColor: token('color.background.accent.yellow.subtler', '#F8E6A0'),
              color: 'inherit',
              borderRadius: token('radius.small', '2px'),
            }}
          >
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </span>
  );
}

/**
 * The project's requirements that read most like this one, with a merge for true duplicates. At
 * intake (the requirement is not scored yet) the section says to check them before scoring.
 */
/** The newest merge or undo from this panel; the panel keeps it, so it outlives the section being drawn again after the merge. */
export interface LastMerge {
  state: MergeState;
  otherKey: string;
}

export function SimilarRequirements({
  issueKey,
  canEdit,
  intake = false,
  last,
  onLast,
  onMerged,
}: {
  issueKey: string;
  canEdit: boolean;
  intake?: boolean;
  last: LastMerge | null;
  onLast: (last: LastMerge) => void;
  onMerged?: (state: MergeState) => void;
}) {
  const i18n = useI18n();
  const similar = useResolver('duplicates.similar', {});
  const [merging, setMerging] = useState<string | null>(null);
  const setLast = onLast;
  const undoing = useAction<'duplicates.undo'>();
  const { error } = undoing;

  const undo = async () => {
    if (!last) return;
    const result = await undoing.run('duplicates.undo', { otherIssueKey: last.otherKey });
    if (result.ok) {
      setLast({ ...last, state: result.data });
      similar.reload();
      onMerged?.(result.data);
    }
  };

  let list;
  if (similar.error) list = <ErrorState error={similar.error} onRetry={similar.reload} />;
  else if (!similar.data) list = <Loading />;
  else if (similar.data.length === 0) list = <Text color="color.text.subtle">{i18n.t('similar.none')}</Text>;
  else
    list = (
      <ol style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }} data-testid="rt-similar-list">
        {similar.data.map((item) => (
          <li key={item.id} style={{ marginBlockEnd: token('space.100', '8px') }}>
            <Stack space="space.075">
              <Inline space="space.100" alignBlock="center" shouldWrap>
                <Text weight="semibold">{item.key}</Text>
                <Text>
                  <HighlightedSummary item={item} />
                </Text>
                <Lozenge>{item.status}</Lozenge>
                <Text color="color.text.subtle">
                  {i18n.t('similar.similarity', { percent: i18n.percent(Math.round(item.similarity * 100)) })}
                </Text>
                {canEdit && merging !== item.key ? (
                  <Button
                    appearance="subtle"
                    spacing="compact"
                    onClick={() => setMerging(item.key)}
                    aria-label={`${i18n.t('similar.merge')} ${item.key}`}
                  >
                    {i18n.t('similar.merge')}
                  </Button>
                ) : null}
              </Inline>
              <Text size="small" color="color.text.subtle">
                {item.sharedWords.length > 0
                  ? i18n.t('similar.shared', { words: item.sharedWords.join(i18n.t('similar.sharedSeparator')) })
                  : i18n.t('similar.sharedNone')}
              </Text>
              {merging === item.key ? (
                <MergeForm
                  thisKey={issueKey}
                  other={item}
                  onCancel={() => setMerging(null)}
                  onDone={(state) => {
                    setMerging(null);
                    undoing.clear();
                    setLast({ state, otherKey: item.key });
                    similar.reload();
                    onMerged?.(state);
                  }}
                />
              ) : null}
            </Stack>
          </li>
        ))}
      </ol>
    );

  return (
    <Section title={i18n.t('similar.title')} id="rt-similar" testId="rt-similar">
      {intake && similar.data && similar.data.length > 0 ? (
        <div data-testid="rt-similar-intake">
          <SectionMessage appearance="warning">
            <Text as="p">{i18n.t('similar.intake')}</Text>
          </SectionMessage>
        </div>
      ) : null}
      {last ? <MergeMessage state={last.state} onUndo={() => void undo()} undoing={undoing.busy} /> : null}
      {error ? <ErrorState error={error} /> : null}
      {list}
    </Section>
  );
}
