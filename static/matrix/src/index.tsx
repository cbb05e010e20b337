import { lazy, Suspense, useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { FrameworkSettings } from '../../../src/domain/framework';
import type { RequirementRow } from '../../shared/api';
import {
  EmptyState,
  ErrorState,
  IssueLink,
  Loading,
  mountSurface,
  ProjectPage,
  Section,
  VisuallyHidden,
} from '../../shared/components';
import { useHistoryPath, useResolver, type ForgeContext } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { byPriority, useAllRequirements, type AllRequirements } from './data';
import { DEFAULT_VIEW, isFinished, viewFromPath, viewPath, viewRows, type Filters, type MatrixView } from './filter-model';
import { flagReadOnlyMove, movedSentence, useMoveFlags } from './move-flags';
import { useMoves, type Moves } from './moves';
import { Scatter, type ColourBy } from './Scatter';
import { useViewInAddress } from './view-address';
import { loadMessages } from './messages';
import { tagLabel } from '../../../src/domain/kind-tags';

/*
 * The first script holds what draws the points; the filter bar (Atlaskit selects), the ranked table
 * and the exports are chunks fetched when the matrix is drawn, so they do not hold up its first
 * points (issue 16: at most 200 KB gzip of JavaScript before anything is shown).
 */
const FilterBar = lazy(() => import('./Filters').then((module) => ({ default: module.FilterBar })));
const RankedTable = lazy(() => import('./RankedTable').then((module) => ({ default: module.RankedTable })));
const ExportPanel = lazy(() => import('./Export').then((module) => ({ default: module.ExportPanel })));

/** The project page's second subpage; loaded only when opened, so the matrix bundle stays as it was. */
const CustomersPage = lazy(() => import('../../customers/src/CustomersPage'));
/** The third subpage, the periodic review queue: loaded on demand like the customers page. */
const ReviewPage = lazy(() => import('./ReviewPage'));
/** The fourth subpage, the managers' reports: loaded on demand too. */
const ReportsPage = lazy(() => import('./ReportsPage'));
/** The sixth subpage, the key dates timeline: loaded on demand too. */
const TimelinePage = lazy(() => import('./TimelinePage'));
/** The fifth subpage, importing a questionnaire export or a spreadsheet: loaded on demand too. */
const ImportPage = lazy(() => import('../../intake/src/ImportPage'));
/** The seventh subpage, quick capture: loaded on demand too. */
const CapturePage = lazy(() => import('../../intake/src/CapturePage'));

/** The ranked list below has every requirement; this list only points out what the chart leaves out. */
const MAX_UNPLOTTED_SHOWN = 50;

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
        {rows.slice(0, MAX_UNPLOTTED_SHOWN).map((row) => (
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
      {rows.length > MAX_UNPLOTTED_SHOWN ? (
        <Text size="small" color="color.text.subtle">
          {i18n.t('matrix.unplottedMore', { count: i18n.number(rows.length - MAX_UNPLOTTED_SHOWN) })}
        </Text>
      ) : null}
    </Stack>
  );
}

/** Screen readers hear the outcome of a move beside the chart; the flag shows it to the eye. */
function MoveAnnouncement({ moves }: { moves: Moves }) {
  const i18n = useI18n();
  const { lastMove, error } = moves;
  return (
    <VisuallyHidden>
      <div aria-live="polite" data-testid="rt-move-announcement">
        {error
          ? `${i18n.t('matrix.moveFailed', { key: error.key })}: ${error.error.message}`
          : lastMove
            ? movedSentence(i18n, lastMove.row)
            : ''}
      </div>
    </VisuallyHidden>
  );
}

function Matrix({
  projectKey,
  requirements,
  settings,
  initialView,
}: {
  projectKey: string;
  requirements: AllRequirements;
  settings: FrameworkSettings;
  initialView: MatrixView;
}) {
  const i18n = useI18n();
  const [filters, setFilters] = useState<Filters>(initialView.filters);
  const [showFinished, setShowFinished] = useState(initialView.showFinished);
  const [colourBy, setColourBy] = useState<ColourBy>(initialView.colourBy);
  const shownView: MatrixView = {
    filters,
    showFinished,
    colourBy,
    jql: requirements.appliedJql,
    kindFilter: requirements.appliedKindFilter,
  };
  // The project's own tag lists: the tag filter's choices and the tags' names in the ranked list.
  const kindTags = useResolver('kindTags.get', { projectKey });
  const kindTagLists = kindTags.data?.tags ?? null;
  useViewInAddress(shownView);
  const isDefaultView = viewPath(shownView) === '';
  const moves = useMoves(requirements.replaceRow);
  // The project's milestones name the ranked list's next key dates.
  const milestones = useResolver('delivery.settings.get', { projectKey });
  useMoveFlags(moves, i18n);
  const { shown, counted, finishedHidden, closedDuplicates } = useMemo(
    () => viewRows(requirements.rows, { filters, showFinished }),
    [requirements.rows, filters, showFinished],
  );
  const finishedCount = useMemo(() => counted.filter(isFinished).length, [counted]);
  const plotted = useMemo(() => shown.filter(isPlotted).sort(byPriority), [shown]);
  const unplotted = useMemo(() => shown.filter((row) => !isPlotted(row)), [shown]);
  return (
    <Stack space="space.300">
      <Suspense fallback={<Loading />}>
        <FilterBar
          projectKey={projectKey}
          rows={requirements.rows}
          filters={filters}
          onFilters={setFilters}
          appliedJql={requirements.appliedJql}
          jqlError={requirements.jqlError}
          onJql={requirements.applyJql}
          jqlBusy={requirements.loading}
          colourBy={colourBy}
          onColourBy={setColourBy}
          showFinished={showFinished}
          onShowFinished={setShowFinished}
          finishedCount={finishedCount}
          kindTagLists={kindTagLists}
          kindFilter={requirements.appliedKindFilter}
          onKindFilter={requirements.applyKindFilter}
        />
      </Suspense>
      <Text color="color.text.subtle" id="rt-shown-count">
        {[
          i18n.t('matrix.shownCount', { shown: i18n.number(shown.length), total: i18n.number(counted.length) }),
          finishedHidden > 0 ? i18n.t('matrix.finishedHidden', { count: i18n.number(finishedHidden) }) : '',
          closedDuplicates > 0 ? i18n.plural('matrix.closedDuplicates', closedDuplicates) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {isDefaultView ? null : (
        <Text size="small" color="color.text.subtle" testId="rt-view-link-hint">
          {i18n.t('matrix.viewLink')}
        </Text>
      )}
      {!requirements.ready ? (
        <div role="status">
          <Text size="small" color="color.text.subtle">
            {i18n.t('matrix.loadingPages', { count: i18n.number(requirements.rows.length) })}
          </Text>
        </div>
      ) : null}
      {shown.length === 0 ? (
        <EmptyState title={i18n.t('matrix.noMatches')} description={i18n.t('matrix.noMatchesHint')} />
      ) : (
        <>
          <Section title={i18n.t('matrix.chartTitle')} id="rt-chart">
            <Scatter
              rows={plotted}
              settings={settings}
              colourBy={colourBy}
              canEdit={requirements.canEdit}
              saving={moves.saving}
              onMove={(row, value, cost) => void moves.move(row, value, cost)}
              onReadOnlyMove={(row) => flagReadOnlyMove(i18n, row)}
            />
            <MoveAnnouncement moves={moves} />
            {!requirements.canEdit ? (
              <Text as="p" size="small" color="color.text.subtle">
                {i18n.t('matrix.readOnly')}
              </Text>
            ) : null}
            <Unplotted rows={unplotted} />
          </Section>
          <Section title={i18n.t('matrix.ranked')} id="rt-ranked">
            <Suspense fallback={<Loading />}>
              <RankedTable
                rows={shown}
                milestones={milestones.data?.keyDates}
                today={requirements.siteToday}
                tagNameOf={(code) =>
                  kindTagLists ? tagLabel(kindTagLists, code, i18n.language === 'zh-CN' ? 'zh' : 'en') : code
                }
              />
            </Suspense>
          </Section>
        </>
      )}
      <Section title={i18n.t('export.title')} id="rt-export">
        <Suspense fallback={<Loading />}>
          <ExportPanel
            projectKey={projectKey}
            appliedJql={requirements.appliedJql}
            kindFilter={requirements.appliedKindFilter}
            kindTagLists={kindTagLists}
          />
        </Suspense>
      </Section>
    </Stack>
  );
}

function MatrixPage({ projectKey, initialView }: { projectKey: string; initialView: MatrixView }) {
  const i18n = useI18n();
  const framework = useResolver('framework.current', { projectKey });
  const requirements = useAllRequirements(projectKey, initialView.jql, initialView.kindFilter);

  let content;
  if (framework.error && !framework.data) content = <ErrorState error={framework.error} onRetry={framework.reload} />;
  else if (requirements.error) content = <ErrorState error={requirements.error} onRetry={requirements.reload} />;
  // The first page is drawn at once; later pages are added as they arrive.
  // A shared view whose JQL Jira refuses opens with the refusal in the JQL box, not a spinner.
  else if (!framework.data || (!requirements.ready && requirements.rows.length === 0 && !requirements.jqlError))
    content = <Loading />;
  else if (requirements.ready && requirements.rows.length === 0 && !requirements.appliedJql)
    content = <EmptyState title={i18n.t('matrix.empty')} description={i18n.t('matrix.emptyHint')} />;
  else
    content = (
      <Matrix projectKey={projectKey} requirements={requirements} settings={framework.data.settings} initialView={initialView} />
    );

  const busy = requirements.loading || framework.loading;
  return (
    <ProjectPage
      title={i18n.t('matrix.title')}
      projectKey={projectKey}
      actions={
        <Button
          onClick={() => {
            requirements.reload();
            framework.reload();
          }}
          isLoading={busy}
        >
          {i18n.t('common.refresh')}
        </Button>
      }
    >
      {content}
    </ProjectPage>
  );
}

/** Jira allows one project page per app: its subpages are the matrix (the default), the customer archive, the review queue, the reports, the import, the timeline and quick capture. */
function ProjectPageApp({ context }: { context: ForgeContext }) {
  const i18n = useI18n();
  const path = useHistoryPath();
  const projectKey = context.extension.project?.key;
  if (!projectKey) return <EmptyState title={i18n.t('matrix.noProject')} />;
  if (path === null) return <Loading />;
  const subpage = path.replace(/\/+$/, '');
  if (subpage.endsWith('/reports')) {
    return (
      <Suspense fallback={<Loading />}>
        <ReportsPage projectKey={projectKey} />
      </Suspense>
    );
  }
  if (subpage.endsWith('/timeline')) {
    return (
      <Suspense fallback={<Loading />}>
        <TimelinePage projectKey={projectKey} />
      </Suspense>
    );
  }
  if (subpage.endsWith('/review')) {
    return (
      <Suspense fallback={<Loading />}>
        <ReviewPage projectKey={projectKey} />
      </Suspense>
    );
  }
  if (subpage.endsWith('/import')) {
    return (
      <Suspense fallback={<Loading />}>
        <ImportPage projectKey={projectKey} />
      </Suspense>
    );
  }
  if (subpage.endsWith('/capture')) {
    return (
      <Suspense fallback={<Loading />}>
        <CapturePage projectKey={projectKey} />
      </Suspense>
    );
  }
  if (subpage.endsWith('/customers')) {
    return (
      <Suspense fallback={<Loading />}>
        <CustomersPage projectKey={projectKey} />
      </Suspense>
    );
  }
  // A view's subpath (a bookmarked or shared link) opens the matrix as it was; anything else, the default view.
  return <MatrixPage projectKey={projectKey} initialView={viewFromPath(subpage) ?? DEFAULT_VIEW} />;
}

mountSurface(loadMessages, (context) => <ProjectPageApp context={context} />);
