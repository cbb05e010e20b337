import { useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import { call } from '../../shared/api';
import { SETUP_STEP_KEYS, type ProjectSetupStatus, type ResolverError, type SetupReport, type SetupStep } from '../../shared/api';
import { ErrorState, Loading, Section } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';

const STATUS_APPEARANCE: Record<SetupStep['status'], 'success' | 'new' | 'removed'> = {
  done: 'success',
  created: 'new',
  failed: 'removed',
};

function Report({ report, finished }: { report: SetupReport; finished: boolean }) {
  const i18n = useI18n();
  const failed = report.steps.some((step) => step.status === 'failed');
  return (
    <Stack space="space.150">
      <div role="status" aria-live="polite">
        {finished ? (
          <SectionMessage appearance={failed ? 'error' : 'success'}>
            <Text as="p">{i18n.t(failed ? 'admin.setupFailed' : 'admin.setupDone', { project: report.projectKey })}</Text>
          </SectionMessage>
        ) : (
          <Text as="p" color="color.text.subtle">
            {i18n.t('admin.setupRunningStep', { number: report.steps.length + 1, total: SETUP_STEP_KEYS.length })}
          </Text>
        )}
      </div>
      <ol style={{ margin: 0, padding: 0, listStyle: 'none', display: 'grid', gap: token('space.100', '8px') }}>
        {report.steps.map((step, index) => (
          <li
            key={`${step.key}-${index}`}
            style={{
              display: 'grid',
              gridTemplateColumns: 'minmax(0, 1fr) auto',
              gap: token('space.100', '8px'),
              alignItems: 'start',
              paddingBlockEnd: token('space.100', '8px'),
              borderBlockEnd: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
            }}
          >
            <Stack space="space.025">
              <Text weight="semibold">
                {i18n.number(index + 1)}. {i18n.step(step)}
              </Text>
              <Text size="small" color={step.status === 'failed' ? 'color.text.danger' : 'color.text.subtle'}>
                {step.detail}
              </Text>
            </Stack>
            <Lozenge appearance={STATUS_APPEARANCE[step.status]}>{i18n.t(`stepStatus.${step.status}`)}</Lozenge>
          </li>
        ))}
      </ol>
    </Stack>
  );
}

/** Which projects the app is set up in (and when), which score with their own framework; a project's button picks it for the form below. A list of cards, so a narrow screen wraps each one instead of squeezing columns. */
function ProjectsOverview({
  projects,
  running,
  onChoose,
}: {
  projects: ProjectSetupStatus[];
  running: boolean;
  onChoose: (projectKey: string) => void;
}) {
  const i18n = useI18n();
  const ready = projects.filter((project) => project.setUpAt !== null).length;
  return (
    <Stack space="space.100">
      <Text as="p" testId="rt-setup-summary">
        {i18n.t('admin.projectsSetUpCount', { ready, total: projects.length })}
      </Text>
      <ul
        aria-label={i18n.t('admin.projectsCaption')}
        data-testid="rt-setup-projects"
        style={{ listStyle: 'none', margin: 0, padding: 0, maxWidth: 720 }}
      >
        {projects.map((project) => (
          <li
            key={project.key}
            data-project={project.key}
            style={{
              paddingBlock: token('space.100', '8px'),
              borderBlockEnd: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
            }}
          >
            <Inline space="space.150" spread="space-between" alignBlock="center" shouldWrap>
              <Stack space="space.050">
                <Text weight="semibold">{i18n.t('common.projectOption', { name: project.name, key: project.key })}</Text>
                <Inline space="space.100" alignBlock="center" shouldWrap>
                  {project.setUpAt ? (
                    <>
                      <Lozenge appearance="success">{i18n.t('admin.projectsReady')}</Lozenge>
                      <Text size="small" color="color.text.subtle">
                        {i18n.date(project.setUpAt)}
                      </Text>
                    </>
                  ) : (
                    <Lozenge appearance="default">{i18n.t('admin.projectsNotSetUp')}</Lozenge>
                  )}
                  <Text size="small" color="color.text.subtle">
                    {i18n.t('admin.projectsFrameworkOf', {
                      framework: i18n.t(project.ownFramework ? 'admin.projectsOwnFramework' : 'admin.projectsGlobalFramework'),
                    })}
                  </Text>
                </Inline>
              </Stack>
              <Button
                spacing="compact"
                isDisabled={running}
                onClick={() => onChoose(project.key)}
                aria-label={i18n.t(project.setUpAt ? 'admin.projectsRerunLabel' : 'admin.projectsSetUpLabel', {
                  project: project.key,
                })}
              >
                {i18n.t(project.setUpAt ? 'admin.projectsRerun' : 'admin.setupRun')}
              </Button>
            </Inline>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

export function ProjectSetup() {
  const i18n = useI18n();
  const projects = useResolver('projects.list', {});
  const statuses = useResolver('setup.projects', {});
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ResolverError | null>(null);
  const [report, setReport] = useState<SetupReport | null>(null);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) {
      setProblem(i18n.t('admin.chooseProject'));
      return;
    }
    setRunning(true);
    setError(null);
    setReport({ projectKey: selected, steps: [] });
    // One call per step (each re-checks the steps before it, which only look), so every step shows as it finishes.
    for (const key of SETUP_STEP_KEYS) {
      const result = await call('setup.run', { projectKey: selected, through: key });
      if (!result.ok) {
        setError(result.error);
        break;
      }
      setReport(result.data);
      const last = result.data.steps.at(-1);
      if (!last || last.key !== key || last.status === 'failed') break;
    }
    setRunning(false);
    statuses.reload();
  };

  let form;
  if (projects.error && !projects.data) form = <ErrorState error={projects.error} onRetry={projects.reload} />;
  else if (!projects.data) form = <Loading />;
  else {
    const options = projects.data.map((project) => ({
      value: project.key,
      label: i18n.t('common.projectOption', { name: project.name, key: project.key }),
    }));
    form = (
      <form noValidate onSubmit={run}>
        <Stack space="space.150">
          <Box style={{ maxWidth: 420 }}>
            <Stack space="space.050">
              <Label htmlFor="rt-setup-project">{i18n.t('common.project')}</Label>
              <Select<{ value: string; label: string }, false>
                inputId="rt-setup-project"
                options={options}
                value={options.find((option) => option.value === selected) ?? null}
                placeholder={i18n.t('common.select')}
                noOptionsMessage={() => i18n.t('common.noOptions')}
                isInvalid={problem !== null}
                isDisabled={running}
                descriptionId="rt-setup-project-error"
                onChange={(option) => {
                  setSelected(option?.value);
                  setProblem(null);
                }}
              />
              <div id="rt-setup-project-error" aria-live="polite">
                {problem ? <ErrorMessage>{problem}</ErrorMessage> : null}
              </div>
            </Stack>
          </Box>
          <Inline>
            <Button type="submit" appearance="primary" isLoading={running}>
              {i18n.t('admin.setupRun')}
            </Button>
          </Inline>
        </Stack>
      </form>
    );
  }

  return (
    <Section title={i18n.t('admin.setup')} id="rt-setup">
      <Text as="p" color="color.text.subtle">
        {i18n.t('admin.setupHint')}
      </Text>
      {statuses.error && !statuses.data ? <ErrorState error={statuses.error} onRetry={statuses.reload} /> : null}
      {statuses.data ? (
        <ProjectsOverview
          projects={statuses.data}
          running={running}
          onChoose={(projectKey) => {
            setSelected(projectKey);
            setProblem(null);
            requestAnimationFrame(() => document.getElementById('rt-setup-project')?.focus());
          }}
        />
      ) : null}
      {form}
      {error ? <ErrorState error={error} /> : null}
      {report && (report.steps.length > 0 || running) ? <Report report={report} finished={!running} /> : null}
    </Section>
  );
}
