import { useMemo } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { FrameworkSettings } from '../../../src/domain/framework';
import type { RequirementRow } from '../../shared/api';
import { EmptyState, ErrorState, Loading, mountSurface, Section } from '../../shared/components';
import { useResolver, type ForgeContext } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { byPriority, useAllRequirements } from './data';
import { IssueLink, RankedTable } from './RankedTable';
import { Scatter } from './Scatter';

const isPlotted = (row: RequirementRow) => row.inputs.businessValue !== null && row.inputs.implementationCost !== null;

function Unplotted({ rows }: { rows: RequirementRow[] }) {
  const i18n = useI18n();
  if (rows.length === 0) return null;
  return (
    <Stack space="space.100">
      <Heading size="xsmall" as="h3" id="rt-unplotted">
        {i18n.t('matrix.unplotted')} ({i18n.number(rows.length)})
      </Heading>
      <Text as="p" size="small" color="color.text.subtle">
        {i18n.t('matrix.unplottedHint')}
      </Text>
      <ul aria-labelledby="rt-unplotted" style={{ margin: 0, paddingInlineStart: token('space.250', '20px') }}>
        {rows.map((row) => (
          <li key={row.id} style={{ marginBlockEnd: token('space.050', '4px') }}>
            <Inline space="space.100" shouldWrap alignBlock="baseline">
              <IssueLink row={row} />
              <Text>{row.summary}</Text>
              <Text size="small" color="color.text.subtlest">
                {row.status}
              </Text>
            </Inline>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

function Matrix({ rows, settings }: { rows: RequirementRow[]; settings: FrameworkSettings }) {
  const i18n = useI18n();
  const plotted = useMemo(() => rows.filter(isPlotted).sort(byPriority), [rows]);
  const unplotted = useMemo(() => rows.filter((row) => !isPlotted(row)), [rows]);
  return (
    <Stack space="space.400">
      <Section title={i18n.t('matrix.chartTitle')} id="rt-chart">
        <Scatter rows={plotted} settings={settings} />
        <Unplotted rows={unplotted} />
      </Section>
      <Section title={i18n.t('matrix.ranked')} id="rt-ranked">
        <RankedTable rows={rows} />
      </Section>
    </Stack>
  );
}

function MatrixPage({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const framework = useResolver('framework.current', {});
  const requirements = useAllRequirements(projectKey);

  let content;
  if (framework.error && !framework.data) content = <ErrorState error={framework.error} onRetry={framework.reload} />;
  else if (requirements.error) content = <ErrorState error={requirements.error} onRetry={requirements.reload} />;
  else if (requirements.loading || !framework.data)
    content = <Loading label={requirements.rows.length > 0 ? i18n.t('matrix.loadingPages', { count: requirements.rows.length }) : undefined} />;
  else if (requirements.rows.length === 0) content = <EmptyState title={i18n.t('matrix.empty')} description={i18n.t('matrix.emptyHint')} />;
  else content = <Matrix rows={requirements.rows} settings={framework.data.settings} />;

  const busy = requirements.loading || framework.loading;
  return (
    <Box padding="space.200">
      <Stack space="space.300">
        <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
          <Heading size="large" as="h1">
            {i18n.t('matrix.title')} · {projectKey}
          </Heading>
          <Button
            onClick={() => {
              requirements.reload();
              framework.reload();
            }}
            isLoading={busy}
          >
            {i18n.t('common.refresh')}
          </Button>
        </Inline>
        {content}
      </Stack>
    </Box>
  );
}

function MatrixApp({ context }: { context: ForgeContext }) {
  const i18n = useI18n();
  const projectKey = context.extension.project?.key;
  if (!projectKey) return <EmptyState title={i18n.t('matrix.noProject')} />;
  return <MatrixPage projectKey={projectKey} />;
}

mountSurface((context) => <MatrixApp context={context} />);
