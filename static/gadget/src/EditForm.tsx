import { view } from '@forge/bridge';
import { useId, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import {
  DEFAULT_GADGET_PERIOD,
  DEFAULT_TOP_N,
  GADGET_JQL_MAX,
  GADGET_KINDS,
  GADGET_PERIODS,
  isReportKind,
  MAX_TOP_N,
  parseGadgetConfig,
  serialiseGadgetConfig,
  type GadgetConfig,
  type GadgetKind,
  type GadgetPeriod,
} from '../../../src/domain/gadget-config';
import { call, type ResolverError, type Violation } from '../../shared/api';
import { EmptyState, ErrorState, Loading } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n, type MessageKey } from '../../shared/i18n';
import { KIND_TITLE } from './GadgetView';

interface Option {
  value: string;
  label: string;
}

const VIOLATION_TEXT: Record<string, MessageKey> = {
  projectKey: 'gadget.chooseProject',
  filterId: 'gadget.chooseFilter',
  kind: 'gadget.chooseKind',
  topN: 'gadget.topNRange',
  period: 'gadget.choosePeriod',
  jql: 'gadget.jqlTooLong',
};

/**
 * A field's refusal in the reader's language: the form's own checks by their field, and what the
 * server said of the JQL (Jira's words, or the Reports subpage's) as that page shows it.
 */
function FieldError({ id, violations, field }: { id: string; violations: Violation[]; field: string }) {
  const i18n = useI18n();
  const found = violations.find((violation) => violation.field === field);
  let text: string | null = null;
  if (found?.rule === 'mismatch') text = i18n.t('gadget.reportNeedsProject');
  else if (found && field === 'jql' && found.rule !== 'length') text = i18n.violation(found);
  else if (found)
    text = i18n.t(VIOLATION_TEXT[field] ?? 'gadget.chooseKind', { max: field === 'jql' ? GADGET_JQL_MAX : MAX_TOP_N });
  return <div id={id}>{text ? <ErrorMessage>{text}</ErrorMessage> : null}</div>;
}

/** The gadget's edit view: where its requirements come from and what it shows, checked before saving. */
export function EditForm({ saved }: { saved: GadgetConfig | null }) {
  const i18n = useI18n();
  const ids = { source: useId(), project: useId(), filter: useId(), kind: useId(), topN: useId(), period: useId(), jql: useId() };
  const [sourceType, setSourceType] = useState<'project' | 'filter'>(saved?.source.type ?? 'project');
  const [projectKey, setProjectKey] = useState(saved?.source.type === 'project' ? saved.source.projectKey : '');
  const [filter, setFilter] = useState<Option | null>(
    saved?.source.type === 'filter' ? { value: saved.source.filterId, label: saved.source.filterName } : null,
  );
  const [kind, setKind] = useState<GadgetKind>(saved?.kind ?? 'grades');
  const [topN, setTopN] = useState(String(saved?.topN ?? DEFAULT_TOP_N));
  const [period, setPeriod] = useState<GadgetPeriod>(saved?.period ?? DEFAULT_GADGET_PERIOD);
  const [jql, setJql] = useState(saved?.jql ?? '');
  const [violations, setViolations] = useState<Violation[]>([]);
  const [saveError, setSaveError] = useState<ResolverError | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const projects = useResolver('projects.list', {});
  const entered = JSON.stringify([sourceType, projectKey, filter?.value ?? '', kind, topN, period, jql]);
  const [initial] = useState(entered);
  const dirty = entered !== initial;
  const filters = useResolver('filters.list', {}, { enabled: sourceType === 'filter' });

  if (projects.error && !projects.data) return <ErrorState error={projects.error} onRetry={projects.reload} />;
  if (!projects.data) return <Loading />;
  if (projects.data.length === 0)
    return <EmptyState title={i18n.t('gadget.configureTitle')} description={i18n.t('gadget.noProjects')} />;

  const sourceOptions: Option[] = [
    { value: 'project', label: i18n.t('gadget.sourceProject') },
    { value: 'filter', label: i18n.t('gadget.sourceFilter') },
  ];
  const projectOptions: Option[] = projects.data.map((project) => ({
    value: project.key,
    label: i18n.t('common.projectOption', { name: project.name, key: project.key }),
  }));
  const filterOptions: Option[] = (filters.data ?? []).map((option) => ({
    value: option.id,
    label: option.owner ? i18n.t('gadget.filterOption', { name: option.name, owner: option.owner }) : option.name,
  }));
  const kindOptions: Option[] = GADGET_KINDS.map((value) => ({
    value,
    label: i18n.t(KIND_TITLE[value], { count: Number(topN) || DEFAULT_TOP_N }),
  }));
  const periodOptions: Option[] = GADGET_PERIODS.map((value) => ({ value, label: i18n.t(`gadget.period.${value}`) }));
  const invalid = (field: string) => violations.some((violation) => violation.field === field);

  // Leaving edit mode goes through view.submit, the one way Forge documents for a gadget's edit view:
  // cancelling submits the settings saved before, so nothing changes, and only after a warning when
  // something was entered.
  const leave = async () => {
    if (!saved) return;
    setSaving(true);
    setSaveError(null);
    try {
      await view.submit(serialiseGadgetConfig(saved));
    } catch (error) {
      setSaveError({ kind: 'unavailable', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };
  const cancel = () => {
    if (dirty) setConfirmingDiscard(true);
    else void leave();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const candidate =
      sourceType === 'project'
        ? { source: 'project', projectKey, kind, topN, period, jql }
        : { source: 'filter', filterId: filter?.value ?? '', filterName: filter?.label ?? '', kind, topN, period, jql };
    const parsed = parseGadgetConfig(candidate);
    if (!parsed.ok) {
      setViolations(parsed.violations);
      return;
    }
    setViolations([]);
    setSaving(true);
    setSaveError(null);
    try {
      const { config } = parsed;
      // A JQL is checked where the gadget will run it (Jira parses it), so it is refused here with the Reports page's message, not on the dashboard.
      if (isReportKind(config.kind) && config.jql && config.source.type === 'project') {
        const checked = await call('reports.gadget', {
          projectKey: config.source.projectKey,
          period: config.period,
          jql: config.jql,
        });
        if (!checked.ok) {
          if (checked.error.kind === 'validation' && checked.error.violations?.some((violation) => violation.field === 'jql'))
            setViolations(checked.error.violations);
          else setSaveError(checked.error);
          return;
        }
      }
      await view.submit(serialiseGadgetConfig(config));
    } catch (error) {
      setSaveError({ kind: 'unavailable', message: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form noValidate onSubmit={submit}>
      <Stack space="space.200">
        <Heading size="small" as="h1">
          {i18n.t('gadget.editTitle')}
        </Heading>
        <Stack space="space.050">
          <Label htmlFor={ids.source}>{i18n.t('gadget.source')}</Label>
          <Select<Option, false>
            inputId={ids.source}
            options={sourceOptions}
            value={sourceOptions.find((option) => option.value === sourceType)}
            onChange={(option) => option && setSourceType(option.value as 'project' | 'filter')}
          />
        </Stack>
        {sourceType === 'project' ? (
          <Stack space="space.050">
            <Label htmlFor={ids.project}>{i18n.t('common.project')}</Label>
            <Select<Option, false>
              inputId={ids.project}
              options={projectOptions}
              value={projectOptions.find((option) => option.value === projectKey) ?? null}
              placeholder={i18n.t('common.select')}
              noOptionsMessage={() => i18n.t('common.noOptions')}
              isInvalid={invalid('projectKey')}
              descriptionId={`${ids.project}-error`}
              onChange={(option) => setProjectKey(option?.value ?? '')}
            />
            <FieldError id={`${ids.project}-error`} violations={violations} field="projectKey" />
          </Stack>
        ) : (
          <Stack space="space.050">
            <Label htmlFor={ids.filter}>{i18n.t('gadget.filter')}</Label>
            {filters.error ? <ErrorState error={filters.error} onRetry={filters.reload} /> : null}
            <Select<Option, false>
              inputId={ids.filter}
              options={filterOptions}
              isLoading={filters.loading}
              value={filter}
              placeholder={i18n.t('common.select')}
              noOptionsMessage={() => i18n.t('gadget.noFilters')}
              isInvalid={invalid('filterId')}
              descriptionId={`${ids.filter}-error`}
              onChange={(option) =>
                setFilter(
                  option
                    ? {
                        value: option.value,
                        label: filters.data?.find((candidate) => candidate.id === option.value)?.name ?? option.label,
                      }
                    : null,
                )
              }
            />
            <FieldError id={`${ids.filter}-error`} violations={violations} field="filterId" />
          </Stack>
        )}
        <Stack space="space.050">
          <Label htmlFor={ids.kind}>{i18n.t('gadget.show')}</Label>
          <Select<Option, false>
            inputId={ids.kind}
            options={kindOptions}
            value={kindOptions.find((option) => option.value === kind)}
            onChange={(option) => option && setKind(option.value as GadgetKind)}
          />
        </Stack>
        {isReportKind(kind) ? (
          <>
            <Stack space="space.050">
              <Label htmlFor={ids.period}>{i18n.t('gadget.period')}</Label>
              <Select<Option, false>
                inputId={ids.period}
                options={periodOptions}
                value={periodOptions.find((option) => option.value === period)}
                isInvalid={invalid('period')}
                descriptionId={`${ids.period}-hint`}
                onChange={(option) => option && setPeriod(option.value as GadgetPeriod)}
              />
              <div id={`${ids.period}-hint`}>
                {invalid('period') ? (
                  <FieldError id={`${ids.period}-error`} violations={violations} field="period" />
                ) : (
                  <HelperMessage>{i18n.t('gadget.periodHint')}</HelperMessage>
                )}
              </div>
            </Stack>
            <Stack space="space.050">
              <Label htmlFor={ids.jql}>{i18n.t('reports.jql')}</Label>
              <TextField
                id={ids.jql}
                value={jql}
                placeholder="component = CRM"
                onChange={(event) => setJql(event.currentTarget.value)}
                isInvalid={invalid('jql')}
                aria-describedby={`${ids.jql}-hint`}
                testId="rt-gadget-jql-input"
              />
              <div id={`${ids.jql}-hint`}>
                {invalid('jql') ? (
                  <FieldError id={`${ids.jql}-error`} violations={violations} field="jql" />
                ) : (
                  <HelperMessage>{i18n.t('gadget.jqlHint')}</HelperMessage>
                )}
              </div>
            </Stack>
          </>
        ) : null}
        {kind === 'top' ? (
          <Stack space="space.050">
            <Label htmlFor={ids.topN}>{i18n.t('gadget.topN')}</Label>
            <div style={{ maxWidth: 120 }}>
              <TextField
                id={ids.topN}
                inputMode="numeric"
                value={topN}
                onChange={(event) => setTopN(event.currentTarget.value)}
                isInvalid={invalid('topN')}
                aria-describedby={`${ids.topN}-error`}
              />
            </div>
            {invalid('topN') ? (
              <FieldError id={`${ids.topN}-error`} violations={violations} field="topN" />
            ) : (
              <HelperMessage>{i18n.t('gadget.topNHint', { max: MAX_TOP_N })}</HelperMessage>
            )}
          </Stack>
        ) : null}
        {saveError ? <ErrorState error={saveError} /> : null}
        {confirmingDiscard ? (
          <div role="alert" data-testid="rt-gadget-discard">
            <SectionMessage
              appearance="warning"
              title={i18n.t('gadget.discardTitle')}
              actions={[
                <SectionMessageAction key="discard" onClick={() => void leave()}>
                  {i18n.t('gadget.discard')}
                </SectionMessageAction>,
                <SectionMessageAction key="keep" onClick={() => setConfirmingDiscard(false)}>
                  {i18n.t('gadget.keepEditing')}
                </SectionMessageAction>,
              ]}
            >
              <Text as="p">{i18n.t('gadget.discardHint')}</Text>
            </SectionMessage>
          </div>
        ) : null}
        <Inline space="space.100">
          <Button type="submit" appearance="primary" isLoading={saving}>
            {i18n.t('common.save')}
          </Button>
          {saved ? (
            <Button appearance="subtle" onClick={cancel} isDisabled={saving}>
              {i18n.t('gadget.cancel')}
            </Button>
          ) : null}
        </Inline>
      </Stack>
    </form>
  );
}
