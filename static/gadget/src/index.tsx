import { view } from '@forge/bridge';
import { useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import { GRADES } from '../../../src/domain/framework';
import { QUADRANTS } from '../../../src/domain/scoring';
import type { GradeDistribution, ProjectOption, ResolverError } from '../../shared/api';
import { EmptyState, ErrorState, GRADE_COLOR, GradeLozenge, Loading, mountSurface, QuadrantLozenge, Section, VisuallyHidden } from '../../shared/components';
import { useResolver, type ForgeContext } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';

function GradeBars({ distribution }: { distribution: GradeDistribution }) {
  const i18n = useI18n();
  const scored = distribution.total - distribution.unscored;
  const share = (count: number) => (scored > 0 ? (count / scored) * 100 : 0);
  return (
    <Stack space="space.100">
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: token('space.100', '8px') }}>
        {GRADES.map((grade) => {
          const count = distribution.byGrade[grade];
          const percent = share(count);
          return (
            <li
              key={grade}
              style={{ display: 'grid', gridTemplateColumns: '2.5rem minmax(0, 1fr) auto', alignItems: 'center', gap: token('space.100', '8px') }}
            >
              <VisuallyHidden>{i18n.t('gadget.gradeRow', { grade, count, percent: i18n.percent(percent) })}</VisuallyHidden>
              <span aria-hidden="true">
                <GradeLozenge grade={grade} />
              </span>
              <div
                aria-hidden="true"
                style={{ height: 12, borderRadius: token('radius.small', '4px'), backgroundColor: token('color.background.neutral', '#0515240F'), overflow: 'hidden' }}
              >
                <div style={{ width: `${percent}%`, height: '100%', backgroundColor: GRADE_COLOR[grade].fill, minWidth: count > 0 ? 4 : 0 }} />
              </div>
              <span aria-hidden="true" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                <Text weight="semibold">{i18n.number(count)}</Text>{' '}
                <Text size="small" color="color.text.subtle">
                  ({i18n.percent(percent)})
                </Text>
              </span>
            </li>
          );
        })}
      </ul>
      {scored > 0 ? (
        <Text size="small" color="color.text.subtlest">
          {i18n.t('gadget.shareNote', { count: scored })}
        </Text>
      ) : null}
    </Stack>
  );
}

function QuadrantCounts({ distribution }: { distribution: GradeDistribution }) {
  const i18n = useI18n();
  return (
    <ul
      style={{
        listStyle: 'none',
        margin: 0,
        padding: 0,
        display: 'grid',
        gap: token('space.100', '8px'),
        gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 140px), 1fr))',
      }}
    >
      {QUADRANTS.map((quadrant) => (
        <li key={quadrant}>
          <Inline space="space.100" alignBlock="center" spread="space-between">
            <QuadrantLozenge quadrant={quadrant} />
            <Text weight="semibold">{i18n.number(distribution.byQuadrant[quadrant])}</Text>
          </Inline>
        </li>
      ))}
    </ul>
  );
}

function Distribution({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const distribution = useResolver('requirements.distribution', { projectKey });
  const refresh = (
    <Button onClick={distribution.reload} isLoading={distribution.loading && distribution.data !== null} spacing="compact">
      {i18n.t('common.refresh')}
    </Button>
  );
  const data = distribution.data;
  let body;
  if (distribution.error) body = <ErrorState error={distribution.error} onRetry={distribution.reload} />;
  else if (!data) body = <Loading />;
  else if (data.total === 0) body = <EmptyState title={i18n.t('gadget.empty', { project: projectKey })} description={i18n.t('gadget.emptyHint')} />;
  else
    body = (
      <Stack space="space.200">
        <Text color="color.text.subtle">{i18n.plural('common.requirements', data.total)}</Text>
        <Section title={i18n.t('gadget.byGrade')} id="rt-by-grade">
          <GradeBars distribution={data} />
        </Section>
        <Section title={i18n.t('gadget.byQuadrant')} id="rt-by-quadrant">
          <QuadrantCounts distribution={data} />
        </Section>
        <Inline space="space.100" alignBlock="center">
          <Text>{i18n.t('gadget.unscored')}</Text>
          <Text weight="semibold">{i18n.number(data.unscored)}</Text>
        </Inline>
      </Stack>
    );
  return (
    <Stack space="space.200">
      <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
        <Heading size="small" as="h1">
          {i18n.t('gadget.heading', { project: projectKey })}
        </Heading>
        {refresh}
      </Inline>
      {body}
    </Stack>
  );
}

function EditForm({ current }: { current: string | undefined }) {
  const i18n = useI18n();
  const projects = useResolver('projects.list', {});
  const [selected, setSelected] = useState<string | undefined>(current);
  const [problem, setProblem] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<ResolverError | null>(null);
  const [saving, setSaving] = useState(false);

  if (projects.error && !projects.data) return <ErrorState error={projects.error} onRetry={projects.reload} />;
  if (!projects.data) return <Loading />;
  if (projects.data.length === 0) return <EmptyState title={i18n.t('gadget.configureTitle')} description={i18n.t('gadget.noProjects')} />;

  const options = projects.data.map((project: ProjectOption) => ({ value: project.key, label: i18n.t('common.projectOption', { name: project.name, key: project.key }) }));
  const value = options.find((option) => option.value === selected) ?? null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) {
      setProblem(i18n.t('gadget.chooseProject'));
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      await view.submit({ projectKey: selected });
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
          <Label htmlFor="rt-gadget-project">{i18n.t('common.project')}</Label>
          <Select<{ value: string; label: string }, false>
            inputId="rt-gadget-project"
            options={options}
            value={value}
            placeholder={i18n.t('common.select')}
            noOptionsMessage={() => i18n.t('common.noOptions')}
            isInvalid={problem !== null}
            descriptionId="rt-gadget-project-error"
            onChange={(option) => {
              setSelected(option?.value);
              setProblem(null);
            }}
          />
          <div id="rt-gadget-project-error" aria-live="polite">
            {problem ? <ErrorMessage>{problem}</ErrorMessage> : null}
          </div>
        </Stack>
        {saveError ? <ErrorState error={saveError} /> : null}
        <Inline>
          <Button type="submit" appearance="primary" isLoading={saving}>
            {i18n.t('common.save')}
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}

function GadgetApp({ context }: { context: ForgeContext }) {
  const i18n = useI18n();
  const configured = context.extension.gadgetConfiguration?.projectKey;
  const projectKey = typeof configured === 'string' && configured ? configured : undefined;
  if (context.extension.entryPoint === 'edit') return <EditForm current={projectKey} />;
  if (!projectKey) return <EmptyState title={i18n.t('gadget.configureTitle')} description={i18n.t('gadget.configureHint')} />;
  return <Distribution projectKey={projectKey} />;
}

mountSurface((context) => (
  <Box padding="space.150">
    <GadgetApp context={context} />
  </Box>
));
