import { useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { KeyDatesView, MilestoneSetting, MilestoneStatus, Violation } from '../../shared/api';
import { ErrorState, Loading, Section } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useAction, useResolver } from '../../shared/hooks';
import { useI18n, type I18n } from '../../shared/i18n';

type Draft = Record<string, { planned: string; actual: string }>;

/** A milestone's name in the reader's language. */
export const milestoneName = (i18n: I18n, milestone: MilestoneSetting | undefined, code: string): string =>
  milestone ? milestone.label[i18n.language === 'zh-CN' ? 'zh' : 'en'] : code;

const APPEARANCE: Record<MilestoneStatus['state'], 'success' | 'removed' | 'moved' | 'default' | 'inprogress'> = {
  done: 'success',
  'done-late': 'moved',
  late: 'removed',
  planned: 'inprogress',
  unplanned: 'default',
};

export function MilestoneState({ status }: { status: MilestoneStatus }) {
  const i18n = useI18n();
  return (
    <Lozenge appearance={APPEARANCE[status.state]}>
      {i18n.t(`keyDates.state.${status.state}`, { days: i18n.plural('common.days', status.daysLate) })}
    </Lozenge>
  );
}

/** A refusal of the save in the reader's words, naming the milestone and the rule. */
function keyDatesViolation(i18n: I18n, view: KeyDatesView, violation: Violation): string {
  const code = String(violation.params?.milestone ?? violation.field.split('.')[1] ?? '');
  const milestone = milestoneName(
    i18n,
    view.milestones.find((candidate) => candidate.code === code),
    code,
  );
  switch (violation.rule) {
    case 'order':
      return i18n.t('violation.keyDates.order', { milestone, limit: i18n.day(String(violation.params?.limit ?? view.today)) });
    case 'type':
      return i18n.t('violation.keyDates.type', { milestone });
    case 'enum':
      return i18n.t('violation.keyDates.enum', { value: String(violation.params?.value ?? '') });
    case 'unique':
      return i18n.t('violation.keyDates.unique', { milestone });
    default:
      return i18n.violation(violation);
  }
}

const draftOf = (view: KeyDatesView, usePlan = false): Draft =>
  Object.fromEntries(
    view.dates.map((date) => {
      const proposed = usePlan ? view.proposal?.find((plan) => plan.code === date.code)?.planned : undefined;
      return [date.code, { planned: date.planned ?? proposed ?? '', actual: date.actual ?? '' }];
    }),
  );

const inputStyle = {
  font: 'inherit',
  minHeight: 32,
  padding: `0 ${token('space.075', '6px')}`,
  borderRadius: token('radius.small', '3px'),
  border: `1px solid ${token('color.border.input', '#8C8F97')}`,
  background: token('color.background.input', '#FFFFFF'),
  color: token('color.text', '#292A2E'),
  colorScheme: 'light dark',
  maxWidth: '100%',
} as const;

function Editor({
  view,
  busy,
  onSave,
  onCancel,
}: {
  view: KeyDatesView;
  busy: boolean;
  onSave: (draft: Draft) => void;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const set = (code: string, part: 'planned' | 'actual', value: string) =>
    setDraft((current) => ({ ...current, [code]: { ...current[code]!, [part]: value } }));
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSave(draft);
      }}
    >
      <Stack space="space.150">
        {view.proposal ? (
          <Stack space="space.050">
            <Inline space="space.100">
              <Button
                onClick={() =>
                  setDraft(
                    draftOf(
                      {
                        ...view,
                        dates: view.dates.map((date) => ({
                          ...date,
                          planned: draft[date.code]?.planned || null,
                          actual: draft[date.code]?.actual || null,
                        })),
                      },
                      true,
                    ),
                  )
                }
                testId="rt-key-dates-default"
              >
                {i18n.t('keyDates.useDefault')}
              </Button>
            </Inline>
            <Text size="small" color="color.text.subtle">
              {i18n.t('keyDates.defaultHint', {
                accepted: i18n.day(view.acceptedOn ?? ''),
                due: view.dueDate ? i18n.day(view.dueDate) : i18n.t('common.notSet'),
              })}
            </Text>
          </Stack>
        ) : null}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: token('space.150', '12px') }}>
          {view.dates.map((date) => {
            const name = milestoneName(
              i18n,
              view.milestones.find((milestone) => milestone.code === date.code),
              date.code,
            );
            return (
              <li key={date.code} data-milestone={date.code}>
                <Stack space="space.050">
                  <Text weight="semibold">{name}</Text>
                  <Inline space="space.150" shouldWrap alignBlock="end">
                    {(['planned', 'actual'] as const).map((part) => (
                      <label key={part} style={{ display: 'grid', gap: token('space.025', '2px') }}>
                        <Text size="small" color="color.text.subtle">
                          {i18n.t(part === 'planned' ? 'keyDates.planned' : 'keyDates.actual')}
                        </Text>
                        <input
                          type="date"
                          style={inputStyle}
                          aria-label={i18n.t(part === 'planned' ? 'keyDates.plannedLabel' : 'keyDates.actualLabel', {
                            milestone: name,
                          })}
                          value={draft[date.code]?.[part] ?? ''}
                          max={part === 'actual' ? view.today : undefined}
                          onChange={(event) => set(date.code, part, event.currentTarget.value)}
                        />
                      </label>
                    ))}
                  </Inline>
                </Stack>
              </li>
            );
          })}
        </ul>
        <Text size="small" color="color.text.subtle">
          {i18n.t('keyDates.actualHint', { today: i18n.day(view.today) })}
        </Text>
        <Inline space="space.100">
          <Button type="submit" appearance="primary" isLoading={busy} testId="rt-key-dates-save">
            {i18n.t('common.save')}
          </Button>
          <Button onClick={onCancel}>{i18n.t('keyDates.cancel')}</Button>
        </Inline>
      </Stack>
    </form>
  );
}

function DatesTable({ view }: { view: KeyDatesView }) {
  const i18n = useI18n();
  return (
    <DataTable
      columns={[
        {
          key: 'milestone',
          header: i18n.t('keyDates.milestone'),
          rowHeader: true,
          cell: (date) => (
            <span style={{ wordBreak: 'keep-all' }}>
              {milestoneName(
                i18n,
                view.milestones.find((milestone) => milestone.code === date.code),
                date.code,
              )}
            </span>
          ),
        },
        {
          key: 'planned',
          header: i18n.t('keyDates.planned'),
          noWrap: true,
          cell: (date) => (date.planned ? i18n.day(date.planned) : <Text color="color.text.subtlest">–</Text>),
        },
        {
          key: 'actual',
          header: i18n.t('keyDates.actual'),
          noWrap: true,
          cell: (date) => (date.actual ? i18n.day(date.actual) : <Text color="color.text.subtlest">–</Text>),
        },
        { key: 'state', header: i18n.t('keyDates.state'), cell: (date) => <MilestoneState status={date} /> },
      ]}
      rows={view.dates}
      rowKey={(date) => date.code}
      caption={i18n.t('keyDates.table')}
      stackWhenNarrow
      stackedCellWidth="13rem"
      rowAttributes={(date) => ({ 'data-milestone': date.code, 'data-state': date.state })}
      testId="rt-key-dates-table"
    />
  );
}

/** Planned and actual days of the project's milestones; people who may edit the issue set them. */
export function KeyDates() {
  const i18n = useI18n();
  const loaded = useResolver('keyDates.get', {});
  const [view, setView] = useState<KeyDatesView | null>(null);
  const [editing, setEditing] = useState(false);
  const saving = useAction<'keyDates.save'>();
  const { busy, error, succeeded: saved } = saving;
  useEffect(() => setView(loaded.data), [loaded.data]);

  if (!view)
    return (
      <Section title={i18n.t('keyDates.title')} id="rt-key-dates">
        {loaded.error ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : <Loading />}
      </Section>
    );
  if (!view.isRequirement) return null;

  async function save(draft: Draft) {
    if (!view) return;
    const dates = view.dates.map((date) => ({
      code: date.code,
      planned: draft[date.code]?.planned || null,
      actual: draft[date.code]?.actual || null,
    }));
    const result = await saving.run('keyDates.save', { dates, expected: view.stored });
    if (!result.ok) {
      if (result.error.kind === 'conflict') loaded.reload();
      return;
    }
    setView(result.data);
    setEditing(false);
  }

  return (
    <Section
      title={i18n.t('keyDates.title')}
      id="rt-key-dates"
      testId="rt-key-dates"
      actions={
        view.canEdit && !editing ? (
          <Button spacing="compact" onClick={() => setEditing(true)} testId="rt-key-dates-edit">
            {i18n.t('keyDates.edit')}
          </Button>
        ) : null
      }
    >
      {!view.acceptedOn ? (
        <Text as="p" size="small" color="color.text.subtle">
          {i18n.t('keyDates.notAccepted')}
        </Text>
      ) : null}
      {saved ? (
        <div aria-live="polite">
          <SectionMessage appearance="success">
            <Text as="p">{i18n.t('keyDates.saved')}</Text>
          </SectionMessage>
        </div>
      ) : null}
      {error ? (
        error.kind === 'validation' && error.violations?.length ? (
          <div role="alert" data-testid="rt-key-dates-error">
            <SectionMessage appearance="error">
              <ul style={{ margin: 0, paddingInlineStart: token('space.250', '20px') }}>
                {error.violations.map((violation, index) => (
                  <li key={`${violation.field}-${index}`} data-field={violation.field} data-rule={violation.rule}>
                    {keyDatesViolation(i18n, view, violation)}
                  </li>
                ))}
              </ul>
            </SectionMessage>
          </div>
        ) : (
          <ErrorState error={error} />
        )
      ) : null}
      {editing ? (
        <Editor view={view} busy={busy} onSave={(draft) => void save(draft)} onCancel={() => setEditing(false)} />
      ) : (
        <DatesTable view={view} />
      )}
      {!view.canEdit ? (
        <Text as="p" size="small" color="color.text.subtle">
          {i18n.t('keyDates.readOnly')}
        </Text>
      ) : null}
    </Section>
  );
}
