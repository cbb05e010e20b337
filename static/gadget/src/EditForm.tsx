import { view } from '@forge/bridge';
import { useId, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import { DEFAULT_TOP_N, GADGET_KINDS, MAX_TOP_N, parseGadgetConfig, serialiseGadgetConfig, type GadgetConfig, type GadgetKind } from '../../../src/domain/gadget-config';
import type { ResolverError, Violation } from '../../shared/api';
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
};

function FieldError({ id, violations, field }: { id: string; violations: Violation[]; field: string }) {
  const i18n = useI18n();
  const found = violations.find((violation) => violation.field === field);
  const text = found?.rule === 'mismatch' ? 'gadget.reportNeedsProject' : (VIOLATION_TEXT[field] ?? 'gadget.chooseKind');
  return <div id={id}>{found ? <ErrorMessage>{i18n.t(text, { max: MAX_TOP_N })}</ErrorMessage> : null}</div>;
}

/** The gadget's edit view: where its requirements come from and what it shows, checked before saving. */
export function EditForm({ saved }: { saved: GadgetConfig | null }) {
  const i18n = useI18n();
  const ids = { source: useId(), project: useId(), filter: useId(), kind: useId(), topN: useId() };
  const [sourceType, setSourceType] = useState<'project' | 'filter'>(saved?.source.type ?? 'project');
  const [projectKey, setProjectKey] = useState(saved?.source.type === 'project' ? saved.source.projectKey : '');
  const [filter, setFilter] = useState<Option | null>(saved?.source.type === 'filter' ? { value: saved.source.filterId, label: saved.source.filterName } : null);
  const [kind, setKind] = useState<GadgetKind>(saved?.kind ?? 'grades');
  const [topN, setTopN] = useState(String(saved?.topN ?? DEFAULT_TOP_N));
  const [violations, setViolations] = useState<Violation[]>([]);
  const [saveError, setSaveError] = useState<ResolverError | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const projects = useResolver('projects.list', {});
  const entered = JSON.stringify([sourceType, projectKey, filter?.value ?? '', kind, topN]);
  const [initial] = useState(entered);
  const dirty = entered !== initial;
  const filters = useResolver('filters.list', {}, { enabled: sourceType === 'filter' });

  if (projects.error && !projects.data) return <ErrorState error={projects.error} onRetry={projects.reload} />;
  if (!projects.data) return <Loading />;
  if (projects.data.length === 0) return <EmptyState title={i18n.t('gadget.configureTitle')} description={i18n.t('gadget.noProjects')} />;

  const sourceOptions: Option[] = [
    { value: 'project', label: i18n.t('gadget.sourceProject') },
    { value: 'filter', label: i18n.t('gadget.sourceFilter') },
  ];
  const projectOptions: Option[] = projects.data.map((project) => ({ value: project.key, label: i18n.t('common.projectOption', { name: project.name, key: project.key }) }));
  const filterOptions: Option[] = (filters.data ?? []).map((option) => ({ value: option.id, label: option.owner ? i18n.t('gadget.filterOption', { name: option.name, owner: option.owner }) : option.name }));
  const kindOptions: Option[] = GADGET_KINDS.map((value) => ({ value, label: i18n.t(KIND_TITLE[value], { count: Number(topN) || DEFAULT_TOP_N }) }));
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
        ? { source: 'project', projectKey, kind, topN }
        : { source: 'filter', filterId: filter?.value ?? '', filterName: filter?.label ?? '', kind, topN };
    const parsed = parseGadgetConfig(candidate);
    if (!parsed.ok) {
      setViolations(parsed.violations);
      return;
    }
    setViolations([]);
    setSaving(true);
    setSaveError(null);
    try {
      await view.submit(serialiseGadgetConfig(parsed.config));
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
              onChange={(option) => setFilter(option ? { value: option.value, label: filters.data?.find((candidate) => candidate.id === option.value)?.name ?? option.label } : null)}
            />
            <FieldError id={`${ids.filter}-error`} violations={violations} field="filterId" />
          </Stack>
        )}
        <Stack space="space.050">
          <Label htmlFor={ids.kind}>{i18n.t('gadget.show')}</Label>
          <Select<Option, false> inputId={ids.kind} options={kindOptions} value={kindOptions.find((option) => option.value === kind)} onChange={(option) => option && setKind(option.value as GadgetKind)} />
        </Stack>
        {kind === 'top' ? (
          <Stack space="space.050">
            <Label htmlFor={ids.topN}>{i18n.t('gadget.topN')}</Label>
            <div style={{ maxWidth: 120 }}>
              <TextField id={ids.topN} inputMode="numeric" value={topN} onChange={(event) => setTopN(event.currentTarget.value)} isInvalid={invalid('topN')} aria-describedby={`${ids.topN}-error`} />
            </div>
            {invalid('topN') ? <FieldError id={`${ids.topN}-error`} violations={violations} field="topN" /> : <HelperMessage>{i18n.t('gadget.topNHint', { max: MAX_TOP_N })}</HelperMessage>}
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
