import { useEffect, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import type {
  DeliveryDuty,
  DeliverySettings,
  DutyHolder,
  DutyHolderOptions,
  JiraTextLanguage,
  StoredDeliverySettings,
  Violation,
} from '../../shared/api';
import { ErrorState, Loading } from '../../shared/components';
import { useAction, useResolver } from '../../shared/hooks';
import { ProjectScopedSection, ProjectSettingsFooter } from './ProjectScoped';
import { useI18n, type I18n, type MessageKey } from '../../shared/i18n';

const DUTIES: readonly DeliveryDuty[] = ['technical', 'business', 'compliance', 'customerContact', 'waiver'];
type DayField = 'escalateAfterDays' | 'followUpDays.from' | 'followUpDays.to' | 'reviewAfterDays';
const DAY_FIELDS: readonly DayField[] = ['escalateAfterDays', 'followUpDays.from', 'followUpDays.to', 'reviewAfterDays'];
const JIRA_TEXT_LANGUAGES: readonly JiraTextLanguage[] = ['both', 'zh-CN', 'en-US'];

interface HolderOption {
  value: string;
  label: string;
  holder: DutyHolder;
}

const optionOf = (i18n: I18n, holder: DutyHolder): HolderOption => ({
  value: `${holder.kind}:${holder.id}`,
  label: i18n.t(holder.kind === 'role' ? 'delivery.roleOption' : 'delivery.groupOption', { name: holder.name }),
  holder,
});

/** The form keeps day values as typed, so a half-typed number is shown back, not lost. */
interface Draft {
  duties: Record<DeliveryDuty, DutyHolder[]>;
  days: Record<DayField, string>;
  /** The milestones as typed: the place in the plan stays text until saved. */
  keyDates: { code: string; en: string; zh: string; share: string }[];
  jiraTextLanguage: JiraTextLanguage;
}

const draftOf = (settings: DeliverySettings): Draft => ({
  duties: settings.duties,
  days: {
    escalateAfterDays: String(settings.escalateAfterDays),
    'followUpDays.from': String(settings.followUpDays.from),
    'followUpDays.to': String(settings.followUpDays.to),
    reviewAfterDays: String(settings.reviewAfterDays),
  },
  keyDates: settings.keyDates.map((milestone) => ({
    code: milestone.code,
    en: milestone.label.en,
    zh: milestone.label.zh,
    share: String(milestone.planShare),
  })),
  jiraTextLanguage: settings.jiraTextLanguage,
});

/** A code for a new milestone that no other has (codes keep dates when a milestone is renamed). */
const newCode = (taken: readonly string[]): string => {
  let index = taken.length + 1;
  while (taken.includes(`milestone-${index}`)) index += 1;
  return `milestone-${index}`;
};

const asNumber = (text: string): number | string => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text);

const settingsOf = (draft: Draft) => ({
  duties: draft.duties,
  escalateAfterDays: asNumber(draft.days.escalateAfterDays),
  followUpDays: { from: asNumber(draft.days['followUpDays.from']), to: asNumber(draft.days['followUpDays.to']) },
  reviewAfterDays: asNumber(draft.days.reviewAfterDays),
  keyDates: draft.keyDates.map((milestone) => ({
    code: milestone.code,
    label: { en: milestone.en, zh: milestone.zh },
    planShare: asNumber(milestone.share),
  })),
  jiraTextLanguage: draft.jiraTextLanguage,
});

/** A milestone's refusal: which milestone, and the rule. */
function milestoneViolationText(i18n: I18n, violation: Violation): string {
  const index = Number(violation.field.split('.')[1]);
  const known = ['required', 'length', 'range', 'order'].includes(violation.rule) ? violation.rule : 'other';
  const rule = i18n.t(`violation.keyDates.rule.${known}` as MessageKey, { max: violation.params?.max ?? 40 });
  return Number.isInteger(index) ? i18n.t('violation.keyDates.milestones', { index: index + 1, rule }) : rule;
}

function MilestonesEditor({
  draft,
  onDraft,
  violations,
  disabled,
}: {
  draft: Draft;
  onDraft: (draft: Draft) => void;
  violations: Violation[];
  disabled: boolean;
}) {
  const i18n = useI18n();
  const set = (index: number, part: 'en' | 'zh' | 'share', value: string) =>
    onDraft({
      ...draft,
      keyDates: draft.keyDates.map((milestone, at) => (at === index ? { ...milestone, [part]: value } : milestone)),
    });
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }} data-testid="rt-delivery-key-dates">
      <Stack space="space.150">
        <legend>
          <Text weight="semibold">{i18n.t('admin.keyDates.title')}</Text>
        </legend>
        <Text as="p" size="small" color="color.text.subtle">
          {i18n.t('admin.keyDates.hint')}
        </Text>
        {draft.keyDates.map((milestone, index) => {
          const id = `rt-milestone-${index}`;
          const own = violations.filter((violation) => violation.field.startsWith(`keyDates.${index}.`));
          const name = milestone[i18n.language === 'zh-CN' ? 'zh' : 'en'] || milestone.code;
          return (
            <div
              key={milestone.code}
              data-milestone={milestone.code}
              style={{
                display: 'grid',
                gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 160px), 1fr))',
                gap: 8,
                alignItems: 'end',
              }}
            >
              <Stack space="space.050">
                <Label htmlFor={`${id}-en`}>{i18n.t('admin.keyDates.nameEn')}</Label>
                <TextField
                  id={`${id}-en`}
                  isCompact
                  value={milestone.en}
                  maxLength={40}
                  isDisabled={disabled}
                  isInvalid={own.some((v) => v.field.endsWith('label.en'))}
                  onChange={(event) => set(index, 'en', event.currentTarget.value)}
                />
              </Stack>
              <Stack space="space.050">
                <Label htmlFor={`${id}-zh`}>{i18n.t('admin.keyDates.nameZh')}</Label>
                <TextField
                  id={`${id}-zh`}
                  isCompact
                  value={milestone.zh}
                  maxLength={40}
                  isDisabled={disabled}
                  isInvalid={own.some((v) => v.field.endsWith('label.zh'))}
                  onChange={(event) => set(index, 'zh', event.currentTarget.value)}
                />
              </Stack>
              <Stack space="space.050">
                <Label htmlFor={`${id}-share`}>{i18n.t('admin.keyDates.share')}</Label>
                <TextField
                  id={`${id}-share`}
                  isCompact
                  inputMode="numeric"
                  value={milestone.share}
                  isDisabled={disabled}
                  isInvalid={own.some((v) => v.field.endsWith('planShare'))}
                  onChange={(event) => set(index, 'share', event.currentTarget.value)}
                />
              </Stack>
              <div>
                <Button
                  appearance="subtle"
                  isDisabled={disabled || draft.keyDates.length <= 1}
                  onClick={() => onDraft({ ...draft, keyDates: draft.keyDates.filter((_, at) => at !== index) })}
                >
                  {i18n.t('admin.keyDates.remove', { name })}
                </Button>
              </div>
              {own.length > 0 ? (
                <div style={{ gridColumn: '1 / -1' }} aria-live="polite">
                  <ErrorMessage>{own.map((violation) => milestoneViolationText(i18n, violation)).join(' ')}</ErrorMessage>
                </div>
              ) : null}
            </div>
          );
        })}
        {violations.some((violation) => violation.field === 'keyDates') ? (
          <ErrorMessage>
            {violations
              .filter((violation) => violation.field === 'keyDates')
              .map((violation) => milestoneViolationText(i18n, violation))
              .join(' ')}
          </ErrorMessage>
        ) : null}
        <Inline space="space.100">
          <Button
            isDisabled={disabled || draft.keyDates.length >= 6}
            onClick={() =>
              onDraft({
                ...draft,
                keyDates: [
                  ...draft.keyDates,
                  { code: newCode(draft.keyDates.map((milestone) => milestone.code)), en: '', zh: '', share: '100' },
                ],
              })
            }
            testId="rt-milestone-add"
          >
            {i18n.t('admin.keyDates.add')}
          </Button>
        </Inline>
      </Stack>
    </fieldset>
  );
}

function violationText(i18n: I18n, violation: Violation): string {
  if (violation.rule === 'range' && violation.params?.min !== undefined)
    return i18n.t('delivery.violation.range', { min: violation.params.min, max: violation.params.max ?? '' });
  if (violation.rule === 'order') return i18n.t('delivery.violation.order');
  if (violation.rule === 'unique') return i18n.t('delivery.violation.unique');
  return i18n.language === 'en' ? violation.message : i18n.t('delivery.violation.other');
}

function Messages({ id, violations }: { id: string; violations: Violation[] }) {
  const i18n = useI18n();
  return (
    <div id={id} aria-live="polite">
      {violations.length > 0 ? (
        <ErrorMessage>{violations.map((violation) => violationText(i18n, violation)).join(' ')}</ErrorMessage>
      ) : null}
    </div>
  );
}

function RulesForm({
  projectKey,
  stored,
  options,
  onSaved,
  onReload,
}: {
  projectKey: string;
  stored: StoredDeliverySettings;
  options: DutyHolderOptions;
  onSaved: (saved: StoredDeliverySettings) => void;
  onReload: () => void;
}) {
  const i18n = useI18n();
  const [draft, setDraft] = useState<Draft>(() => draftOf(stored));
  const saving = useAction<'delivery.settings.save'>();
  const { violations } = saving;
  useEffect(() => setDraft(draftOf(stored)), [stored]);

  const grouped = [
    { label: i18n.t('delivery.roles'), options: options.roles.map((holder) => optionOf(i18n, holder)) },
    { label: i18n.t('delivery.groups'), options: options.groups.map((holder) => optionOf(i18n, holder)) },
  ];
  const violationsOf = (prefix: string) =>
    violations.filter((violation) => violation.field === prefix || violation.field.startsWith(`${prefix}.`));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await saving.run('delivery.settings.save', {
      projectKey,
      settings: settingsOf(draft),
      expectedRevision: stored.revision,
    });
    if (result.ok) onSaved(result.data);
  };

  return (
    <form noValidate onSubmit={save} data-testid="rt-delivery-form">
      <Stack space="space.200">
        <Text as="p" color="color.text.subtle">
          {i18n.t('delivery.dutiesHint')}
        </Text>
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 16 }}>
          {DUTIES.map((duty) => {
            const id = `rt-duty-${duty}`;
            const chosen = draft.duties[duty].map((holder) => optionOf(i18n, holder));
            const dutyViolations = violationsOf(`duties.${duty}`);
            return (
              <Stack key={duty} space="space.050">
                <Label htmlFor={id}>{i18n.t(`delivery.duty.${duty}` as MessageKey)}</Label>
                <Select<HolderOption, true>
                  inputId={id}
                  isMulti
                  spacing="compact"
                  options={grouped}
                  value={chosen}
                  isDisabled={saving.busy}
                  isInvalid={dutyViolations.length > 0}
                  placeholder={i18n.t('delivery.anyEditor')}
                  noOptionsMessage={() => i18n.t('common.noOptions')}
                  onChange={(values) =>
                    setDraft({ ...draft, duties: { ...draft.duties, [duty]: values.map((value) => value.holder) } })
                  }
                />
                <Messages id={`${id}-error`} violations={dutyViolations} />
              </Stack>
            );
          })}
        </div>
        {/* Aligned to the top: a cell stretched to a neighbour's two-line hint would stretch its input too. */}
        <div
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 16, alignItems: 'start' }}
        >
          {DAY_FIELDS.map((field) => {
            const id = `rt-delivery-${field.replace('.', '-')}`;
            const fieldViolations = violations.filter((violation) => violation.field === field);
            return (
              <Stack key={field} space="space.050">
                <Label htmlFor={id}>{i18n.t(`delivery.field.${field}` as MessageKey)}</Label>
                <TextField
                  id={id}
                  inputMode="numeric"
                  isCompact
                  value={draft.days[field]}
                  isDisabled={saving.busy}
                  isInvalid={fieldViolations.length > 0}
                  aria-describedby={`${id}-hint ${id}-error`}
                  onChange={(event) => setDraft({ ...draft, days: { ...draft.days, [field]: event.currentTarget.value } })}
                />
                <div id={`${id}-hint`}>
                  <HelperMessage>{i18n.t(`delivery.hint.${field}` as MessageKey)}</HelperMessage>
                </div>
                <Messages id={`${id}-error`} violations={fieldViolations} />
              </Stack>
            );
          })}
        </div>
        <Stack space="space.050">
          <Label htmlFor="rt-delivery-language">{i18n.t('delivery.field.jiraTextLanguage')}</Label>
          <div style={{ maxWidth: 320 }}>
            <Select<{ value: JiraTextLanguage; label: string }>
              inputId="rt-delivery-language"
              spacing="compact"
              options={JIRA_TEXT_LANGUAGES.map((language) => ({
                value: language,
                label: i18n.t(`delivery.language.${language}` as MessageKey),
              }))}
              value={{
                value: draft.jiraTextLanguage,
                label: i18n.t(`delivery.language.${draft.jiraTextLanguage}` as MessageKey),
              }}
              isDisabled={saving.busy}
              isInvalid={violationsOf('jiraTextLanguage').length > 0}
              aria-describedby="rt-delivery-language-hint"
              onChange={(option) => option && setDraft({ ...draft, jiraTextLanguage: option.value })}
            />
          </div>
          <div id="rt-delivery-language-hint">
            <HelperMessage>{i18n.t('delivery.hint.jiraTextLanguage')}</HelperMessage>
          </div>
          <Messages id="rt-delivery-language-error" violations={violationsOf('jiraTextLanguage')} />
        </Stack>
        <MilestonesEditor draft={draft} onDraft={setDraft} violations={violationsOf('keyDates')} disabled={saving.busy} />
        <ProjectSettingsFooter
          save={saving}
          saveLabel={i18n.t('delivery.save')}
          savedMessage={i18n.t('delivery.saved', { project: projectKey })}
          saveTestId="rt-delivery-save"
          stored={stored}
          onReload={onReload}
        />
      </Stack>
    </form>
  );
}

function ProjectRules({ projectKey }: { projectKey: string }) {
  const settings = useResolver('delivery.settings.get', { projectKey });
  const holders = useResolver('delivery.holders', { projectKey });
  const [stored, setStored] = useState<StoredDeliverySettings | null>(null);
  useEffect(() => setStored(settings.data), [settings.data]);
  if (settings.error) return <ErrorState error={settings.error} onRetry={settings.reload} />;
  if (holders.error) return <ErrorState error={holders.error} onRetry={holders.reload} />;
  if (!stored || !holders.data) return <Loading />;
  return (
    <RulesForm projectKey={projectKey} stored={stored} options={holders.data} onSaved={setStored} onReload={settings.reload} />
  );
}

/** Per project: which Jira project roles or groups set each feasibility mark and carry out the closure steps, and the loop's timings. */
export function DeliveryRules() {
  return (
    <ProjectScopedSection
      id="rt-delivery"
      title="deliveryRules.title"
      hint="delivery.hint"
      label="delivery.project"
      inputId="rt-delivery-project"
    >
      {(projectKey) => <ProjectRules projectKey={projectKey} />}
    </ProjectScopedSection>
  );
}
