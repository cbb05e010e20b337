import { lazy, Suspense, useEffect, useState } from 'react';
import Button from '@atlaskit/button/new';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { RescoringJob, SavedVersion } from '../../shared/api';
import { ErrorState, Loading, Section } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { SectionMessage } from '../../shared/section-message';
import { CurrentFramework } from './FrameworkView';

/* The editor, the history and a running job's progress are chunks of their own, fetched when shown. */
const FrameworkEditor = lazy(() => import('./FrameworkEditor').then((module) => ({ default: module.FrameworkEditor })));
const FrameworkHistory = lazy(() => import('./FrameworkHistory').then((module) => ({ default: module.FrameworkHistory })));
const RescoringProgress = lazy(() => import('./RescoringProgress').then((module) => ({ default: module.RescoringProgress })));
/** The scope picker is an Atlaskit select (about 35 KB gzip with its popover); the current framework shows without waiting for it. */
const ScopePicker = lazy(() => import('./ScopePicker').then((module) => ({ default: module.ScopePicker })));

type Outcome = { saved: SavedVersion; revertedFrom: number | null };

/**
 * The scoring framework part of the admin page: the current version (or the editor), the outcome
 * of the last save with its re-scoring job, and the history. Only admins get the editor: when
 * `framework.history` answers forbidden, the page says so and shows the current version read-only.
 */
export function FrameworkSection() {
  const i18n = useI18n();
  const [scope, setScope] = useState<string | undefined>(undefined);
  const scopePayload = scope ? { projectKey: scope } : {};
  const current = useResolver('framework.current', scopePayload);
  const history = useResolver('framework.history', scopePayload);
  const [editing, setEditing] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [runningJob, setRunningJob] = useState<RescoringJob | null>(null);
  const forbidden = history.error?.kind === 'forbidden';
  const canEdit = !forbidden && history.data !== null && current.data !== null;

  // A job still running from an earlier visit (or another admin) is followed too.
  const lastJob = useResolver('rescoring.status', {});
  useEffect(() => {
    if (lastJob.data?.status === 'running') setRunningJob(lastJob.data);
  }, [lastJob.data]);

  const reloadAll = () => {
    current.reload();
    history.reload();
  };
  const saved = (saved: SavedVersion, revertedFrom: number | null) => {
    setEditing(false);
    setRunningJob(null);
    setOutcome({ saved, revertedFrom });
    reloadAll();
  };

  let body;
  if (current.error && !current.data) body = <ErrorState error={current.error} onRetry={current.reload} />;
  else if (!current.data) body = <Loading />;
  else if (editing) {
    body = (
      <Suspense fallback={<Loading />}>
        <FrameworkEditor
          key={scope ?? ''}
          current={current.data}
          projectKey={scope}
          onCancel={() => setEditing(false)}
          onSaved={(result) => saved(result, null)}
          onReloadNewest={reloadAll}
        />
      </Suspense>
    );
  } else body = <CurrentFramework framework={current.data} />;

  const job = outcome?.saved.job ?? runningJob;
  return (
    <Section
      title={i18n.t('admin.framework')}
      id="rt-framework"
      actions={
        canEdit && !editing ? (
          <Button
            appearance="primary"
            onClick={() => {
              setOutcome(null);
              setEditing(true);
            }}
          >
            {i18n.t('admin.edit')}
          </Button>
        ) : undefined
      }
    >
      {forbidden ? (
        <div role="status">
          <SectionMessage appearance="warning" title={i18n.errorTitle('forbidden')}>
            <Text as="p">{i18n.t('admin.adminOnly')}</Text>
          </SectionMessage>
        </div>
      ) : null}
      {outcome && !editing ? <SavedOutcome outcome={outcome} /> : null}
      {job ? (
        <Suspense fallback={<Loading />}>
          <RescoringProgress key={job.id} initial={job} />
        </Suspense>
      ) : null}
      <Stack space="space.200">
        {forbidden ? null : (
          <Suspense fallback={<Loading />}>
            <ScopePicker
              scope={scope}
              onChange={(next) => {
                setEditing(false);
                setOutcome(null);
                setScope(next);
              }}
            />
          </Suspense>
        )}
        {scope && current.data && current.data.projectKey !== scope ? (
          <Text as="p" color="color.text.subtle">
            {i18n.t('admin.usesGlobal', { project: scope, version: current.data.version })}
          </Text>
        ) : null}
        {body}
      </Stack>
    </Section>
  );
}

/** The versions subpage: every version of a scope, compare two, revert to one. */
export function FrameworkVersions() {
  const i18n = useI18n();
  const [scope, setScope] = useState<string | undefined>(undefined);
  const scopePayload = scope ? { projectKey: scope } : {};
  const current = useResolver('framework.current', scopePayload);
  const history = useResolver('framework.history', scopePayload);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const reloadAll = () => {
    current.reload();
    history.reload();
  };
  let body;
  if (history.error?.kind === 'forbidden') {
    body = (
      <div role="status">
        <SectionMessage appearance="warning" title={i18n.errorTitle('forbidden')}>
          <Text as="p">{i18n.t('admin.adminOnly')}</Text>
        </SectionMessage>
      </div>
    );
  } else if (history.error && !history.data) body = <ErrorState error={history.error} onRetry={history.reload} />;
  else if (!history.data) body = <Loading />;
  else {
    body = (
      <Suspense fallback={<Loading />}>
        <FrameworkHistory
          versions={history.data}
          projectKey={scope}
          canEdit={current.data !== null}
          onSaved={(saved, revertedFrom) => {
            setOutcome({ saved, revertedFrom });
            reloadAll();
          }}
          onReloadNewest={reloadAll}
        />
      </Suspense>
    );
  }
  return (
    <Section title={i18n.t('admin.history')} id="rt-history">
      <Stack space="space.200">
        <Suspense fallback={<Loading />}>
          <ScopePicker
            scope={scope}
            onChange={(next) => {
              setOutcome(null);
              setScope(next);
            }}
          />
        </Suspense>
        {outcome ? <SavedOutcome outcome={outcome} /> : null}
        {outcome?.saved.job ? (
          <Suspense fallback={<Loading />}>
            <RescoringProgress key={outcome.saved.job.id} initial={outcome.saved.job} />
          </Suspense>
        ) : null}
        {body}
      </Stack>
    </Section>
  );
}

function SavedOutcome({ outcome }: { outcome: Outcome }) {
  const i18n = useI18n();
  return (
    <div role="status" data-testid="rt-saved">
      <SectionMessage appearance="success">
        <Text as="p">
          {outcome.revertedFrom !== null
            ? i18n.t('admin.reverted', { from: outcome.revertedFrom, version: outcome.saved.version.version })
            : i18n.t('admin.savedVersion', { version: outcome.saved.version.version })}
        </Text>
      </SectionMessage>
    </div>
  );
}
