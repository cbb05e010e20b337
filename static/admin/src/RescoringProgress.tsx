import { useEffect, useState } from 'react';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { call } from '../../shared/api';
import type { RescoringJob } from '../../shared/api';
import { useI18n, type I18n } from '../../shared/i18n';

const POLL_MS = 2000;

function timeLeft(i18n: I18n, seconds: number): string {
  if (seconds < 60) return i18n.plural('admin.seconds', Math.max(1, Math.ceil(seconds)));
  return i18n.plural('admin.minutes', Math.ceil(seconds / 60));
}

/** The Jira points the job spent and the hour's allowance as Jira last described it (issue 16: the admin sees what the job costs). */
function PointsAndQuota({ job }: { job: RescoringJob }) {
  const i18n = useI18n();
  if (job.pointsSpent === undefined) return null;
  const quota = job.quota;
  // The reset is counted from when Jira said it, not from now.
  const renewsIn =
    quota?.resetsInSeconds == null
      ? null
      : Math.max(1, quota.resetsInSeconds - (Date.now() - Date.parse(quota.observedAt)) / 1000);
  const time = renewsIn === null ? '' : timeLeft(i18n, renewsIn);
  const waitingSeconds = job.waitingForQuotaUntil ? (Date.parse(job.waitingForQuotaUntil) - Date.now()) / 1000 : 0;
  return (
    <Stack space="space.050">
      <Inline space="space.100" shouldWrap>
        <Text color="color.text.subtle" testId="rt-rescoring-points">
          {i18n.t('admin.rescoringPoints', { points: i18n.number(job.pointsSpent) })}
        </Text>
        {quota ? (
          <Text color="color.text.subtle" testId="rt-rescoring-quota">
            ·{' '}
            {quota.remaining === null
              ? i18n.t('admin.rescoringQuotaAmple', { quota: i18n.number(quota.pointsPerHour), time })
              : i18n.t('admin.rescoringQuotaLeft', {
                  remaining: i18n.number(quota.remaining),
                  quota: i18n.number(quota.pointsPerHour),
                  time,
                })}
          </Text>
        ) : null}
      </Inline>
      {job.status === 'running' && waitingSeconds > 0 ? (
        <Text color="color.text.warning">{i18n.t('admin.rescoringQuotaWait', { time: timeLeft(i18n, waitingSeconds) })}</Text>
      ) : null}
    </Stack>
  );
}

function Failures({ job }: { job: RescoringJob }) {
  const i18n = useI18n();
  if (job.failures.length === 0) return null;
  return (
    <Stack space="space.050">
      <Text weight="semibold">{i18n.t('admin.rescoringFailures')}</Text>
      <ul style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }}>
        {job.failures.map((failure, index) => (
          <li key={`${failure.key}-${index}`}>
            <Text>
              <Text weight="semibold">{failure.key}</Text>: {failure.reason}
            </Text>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

/** Follows a re-scoring job: polls every 2 s while it runs, then says how it ended. */
export function RescoringProgress({ initial }: { initial: RescoringJob }) {
  const i18n = useI18n();
  const [job, setJob] = useState(initial);
  const [pollFailed, setPollFailed] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (job.status !== 'running') return;
    let active = true;
    const timer = setTimeout(() => {
      void call('rescoring.status', { jobId: job.id }).then((result) => {
        if (!active) return;
        if (result.ok && result.data) {
          setPollFailed(false);
          setJob(result.data);
        } else {
          setPollFailed(!result.ok);
        }
        setTick((value) => value + 1);
      });
    }, POLL_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [job, tick]);

  if (job.status === 'done') {
    return (
      <div role="status" data-testid="rt-rescoring" data-status="done">
        <SectionMessage appearance={job.failures.length > 0 ? 'warning' : 'success'}>
          <Stack space="space.100">
            <Text as="p">
              {job.failures.length > 0
                ? i18n.t('admin.rescoringDoneFailures', { count: job.failures.length })
                : i18n.t('admin.rescoringDone', { changed: job.changed, total: job.total })}
            </Text>
            <PointsAndQuota job={job} />
            <Failures job={job} />
          </Stack>
        </SectionMessage>
      </div>
    );
  }
  if (job.status === 'superseded') {
    return (
      <div role="status" data-testid="rt-rescoring" data-status="superseded">
        <SectionMessage appearance="information">
          <Stack space="space.100">
            <Text as="p">{i18n.t('admin.rescoringSuperseded')}</Text>
            <Text as="p">
              {i18n.t('admin.rescoringProgress', { processed: job.processed, total: job.total })} ·{' '}
              {i18n.t('admin.rescoringChanged', { changed: job.changed })}
            </Text>
            <Failures job={job} />
          </Stack>
        </SectionMessage>
      </div>
    );
  }
  const percent = job.total > 0 ? Math.min(100, (job.processed / job.total) * 100) : 0;
  const label = i18n.t('admin.rescoring', { version: job.frameworkVersion });
  return (
    <div data-testid="rt-rescoring" data-status="running">
      <Box padding="space.150" backgroundColor="color.background.neutral.subtle">
        <Stack space="space.100">
          <Text weight="semibold" id="rt-rescoring-label">
            {label}
          </Text>
          <div
            role="progressbar"
            aria-labelledby="rt-rescoring-label"
            aria-valuemin={0}
            aria-valuemax={Math.max(job.total, 1)}
            aria-valuenow={job.processed}
            aria-valuetext={i18n.t('admin.rescoringProgress', { processed: job.processed, total: job.total })}
            style={{
              height: 6,
              borderRadius: 3,
              maxWidth: 480,
              background: token('color.background.neutral', '#0515240F'),
              overflow: 'hidden',
            }}
          >
            <div
              style={{
                width: `${percent}%`,
                height: '100%',
                background: token('color.background.brand.bold', '#1868DB'),
                transition: 'width 300ms',
              }}
            />
          </div>
          <Inline space="space.100" shouldWrap>
            <Text aria-live="polite">{i18n.t('admin.rescoringProgress', { processed: job.processed, total: job.total })}</Text>
            <Text color="color.text.subtle">· {i18n.t('admin.rescoringChanged', { changed: job.changed })}</Text>
            {job.estimatedSecondsLeft !== null ? (
              <Text color="color.text.subtle">
                · {i18n.t('admin.rescoringEta', { time: timeLeft(i18n, job.estimatedSecondsLeft) })}
              </Text>
            ) : null}
          </Inline>
          <PointsAndQuota job={job} />
          <Failures job={job} />
          {pollFailed ? (
            <Text size="small" color="color.text.warning">
              {i18n.t('admin.rescoringPollFailed')}
            </Text>
          ) : null}
        </Stack>
      </Box>
    </div>
  );
}
