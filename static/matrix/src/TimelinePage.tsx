import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { KeyDatesTimeline, MilestoneSetting, MilestoneStatus, TimelineRow } from '../../shared/api';
import { EmptyState, ErrorState, GradeLozenge, IssueLink, Loading, ProjectPage } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n, type I18n } from '../../shared/i18n';
import { CopyBuilder } from './ReportsPage';

const DAY_MS = 86_400_000;
const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const nameOf = (i18n: I18n, milestones: readonly MilestoneSetting[], code: string): string => {
  const milestone = milestones.find((candidate) => candidate.code === code);
  return milestone ? milestone.label[i18n.language === 'zh-CN' ? 'zh' : 'en'] : code;
};

/** The days the axis spans: every row's acceptance and milestone days, and today, with a little room either side. */
function axisOf(timeline: KeyDatesTimeline): { from: number; to: number } {
  const days = [
    dayNumber(timeline.today),
    ...timeline.rows.flatMap((row) =>
      [row.acceptedOn, row.dueDate, ...row.dates.flatMap((date) => [date.planned, date.actual])]
        .filter((day): day is string => day !== null)
        .map(dayNumber),
    ),
  ];
  const from = Math.min(...days) - 3;
  const to = Math.max(...days) + 3;
  return { from, to: Math.max(to, from + 14) };
}

const MARKER = 12;

function Marker({
  at,
  axis,
  kind,
  title,
}: {
  at: string;
  axis: { from: number; to: number };
  kind: 'planned' | 'late' | 'actual' | 'actual-late';
  title: string;
}) {
  const left = ((dayNumber(at) - axis.from) / (axis.to - axis.from)) * 100;
  const fill = {
    planned: token('elevation.surface', '#FFFFFF'),
    late: token('elevation.surface', '#FFFFFF'),
    actual: token('color.background.success.bold', '#1F845A'),
    'actual-late': token('color.background.warning.bold', '#E2B203'),
  }[kind];
  const border = {
    planned: token('color.border.bold', '#7B8187'),
    late: token('color.border.danger', '#E2483D'),
    actual: token('color.background.success.bold', '#1F845A'),
    'actual-late': token('color.background.warning.bold', '#E2B203'),
  }[kind];
  return (
    <span
      title={title}
      data-kind={kind}
      style={{
        position: 'absolute',
        left: `calc(${left}% - ${MARKER / 2}px)`,
        top: `calc(50% - ${MARKER / 2}px)`,
        width: MARKER,
        height: MARKER,
        borderRadius: '50%',
        background: fill,
        border: `2px solid ${border}`,
        boxSizing: 'border-box',
      }}
    />
  );
}

function stateText(i18n: I18n, date: MilestoneStatus): string {
  return i18n.t(`keyDates.state.${date.state}`, { days: i18n.plural('common.days', date.daysLate) });
}

function Track({
  row,
  axis,
  today,
  milestones,
}: {
  row: TimelineRow;
  axis: { from: number; to: number };
  today: string;
  milestones: readonly MilestoneSetting[];
}) {
  const i18n = useI18n();
  const position = (day: string) => ((dayNumber(day) - axis.from) / (axis.to - axis.from)) * 100;
  const end =
    row.dueDate ??
    row.dates.reduce<string | null>(
      (latest, date) => (date.planned && (!latest || date.planned > latest) ? date.planned : latest),
      null,
    ) ??
    row.acceptedOn;
  return (
    <div aria-hidden="true" style={{ position: 'relative', height: 24 }}>
      {/* The plan: from acceptance to the due date. */}
      <span
        style={{
          position: 'absolute',
          top: 10,
          height: 4,
          left: `${position(row.acceptedOn)}%`,
          width: `${Math.max(0.5, position(end) - position(row.acceptedOn))}%`,
          background: token('color.background.neutral', '#0515240F'),
          borderRadius: 2,
        }}
      />
      <span
        data-testid="rt-timeline-today"
        style={{
          position: 'absolute',
          top: -4,
          bottom: -4,
          left: `${position(today)}%`,
          width: 2,
          background: token('color.border.brand', '#1868DB'),
        }}
      />
      {row.dates.flatMap((date) => {
        const name = nameOf(i18n, milestones, date.code);
        const markers = [];
        if (date.planned)
          markers.push(
            <Marker
              key={`${date.code}-p`}
              at={date.planned}
              axis={axis}
              kind={date.state === 'late' ? 'late' : 'planned'}
              title={`${name}: ${i18n.t('keyDates.planned')} ${i18n.day(date.planned)}`}
            />,
          );
        if (date.actual)
          markers.push(
            <Marker
              key={`${date.code}-a`}
              at={date.actual}
              axis={axis}
              kind={date.state === 'done-late' ? 'actual-late' : 'actual'}
              title={`${name}: ${i18n.t('keyDates.actual')} ${i18n.day(date.actual)}`}
            />,
          );
        return markers;
      })}
    </div>
  );
}

function Row({ row, axis, timeline }: { row: TimelineRow; axis: { from: number; to: number }; timeline: KeyDatesTimeline }) {
  const i18n = useI18n();
  const lines = row.dates.map((date) => ({ date, name: nameOf(i18n, timeline.milestones, date.code) }));
  return (
    <li
      data-testid="rt-timeline-row"
      data-key={row.key}
      style={{ padding: `${token('space.100', '8px')} 0`, borderBottom: `1px solid ${token('color.border', '#0B120E24')}` }}
    >
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <IssueLink row={row} />
          <span style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
            <Text>{row.summary}</Text>
          </span>
          <GradeLozenge grade={row.grade} />
          <Text size="small" color="color.text.subtle">
            {row.status}
            {row.assignee ? ` · ${row.assignee}` : ''}
          </Text>
        </Inline>
        <Track row={row} axis={axis} today={timeline.today} milestones={timeline.milestones} />
        <ul
          style={{
            listStyle: 'none',
            margin: 0,
            padding: 0,
            display: 'flex',
            flexWrap: 'wrap',
            gap: `${token('space.050', '4px')} ${token('space.150', '12px')}`,
          }}
        >
          {lines.map(({ date, name }) => (
            <li key={date.code} data-milestone={date.code} data-state={date.state}>
              {/* Wraps between its parts, never inside a name, a date or a state: a phone shows each whole. */}
              <Inline space="space.050" alignBlock="center" shouldWrap>
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Text size="small">{name}</Text>
                </span>
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Text size="small" color="color.text.subtle">
                    {date.planned ? i18n.day(date.planned) : '–'}
                    {date.actual ? ' →' : ''}
                  </Text>
                </span>
                {date.actual ? (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <Text size="small" color="color.text.subtle">
                      {i18n.day(date.actual)}
                    </Text>
                  </span>
                ) : null}
                {date.state === 'late' ? (
                  <Lozenge appearance="removed">{stateText(i18n, date)}</Lozenge>
                ) : date.state === 'done-late' ? (
                  <Lozenge appearance="moved">{stateText(i18n, date)}</Lozenge>
                ) : date.state === 'done' ? (
                  <Lozenge appearance="success">{stateText(i18n, date)}</Lozenge>
                ) : null}
              </Inline>
            </li>
          ))}
        </ul>
      </Stack>
    </li>
  );
}

function Legend() {
  const i18n = useI18n();
  const swatch = (background: string, border: string) => (
    <span
      aria-hidden="true"
      style={{
        display: 'inline-block',
        width: MARKER,
        height: MARKER,
        borderRadius: '50%',
        background,
        border: `2px solid ${border}`,
        boxSizing: 'border-box',
      }}
    />
  );
  return (
    <Inline space="space.200" shouldWrap alignBlock="center">
      <Inline space="space.050" alignBlock="center">
        {swatch(token('elevation.surface', '#FFFFFF'), token('color.border.bold', '#7B8187'))}
        <Text size="small">{i18n.t('timeline.legend.planned')}</Text>
      </Inline>
      <Inline space="space.050" alignBlock="center">
        {swatch(token('color.background.success.bold', '#1F845A'), token('color.background.success.bold', '#1F845A'))}
        <Text size="small">{i18n.t('timeline.legend.actual')}</Text>
      </Inline>
      <Inline space="space.050" alignBlock="center">
        {swatch(token('elevation.surface', '#FFFFFF'), token('color.border.danger', '#E2483D'))}
        <Text size="small">{i18n.t('timeline.legend.late')}</Text>
      </Inline>
      <Inline space="space.050" alignBlock="center">
        <span
          aria-hidden="true"
          style={{ display: 'inline-block', width: 2, height: 14, background: token('color.border.brand', '#1868DB') }}
        />
        <Text size="small">{i18n.t('timeline.today')}</Text>
      </Inline>
    </Inline>
  );
}

/** The project page's Timeline subpage: each accepted requirement's milestones, planned against actual, with today's line. */
export default function TimelinePage({ projectKey }: { projectKey: string }) {
  const i18n = useI18n();
  const [includeDone, setIncludeDone] = useState(false);
  const timeline = useResolver('keyDates.timeline', { projectKey, includeDone });
  const data = timeline.data;
  let content;
  if (timeline.error) content = <ErrorState error={timeline.error} onRetry={timeline.reload} />;
  else if (!data) content = <Loading />;
  else if ('copyNeeded' in data) content = <CopyBuilder projectKey={projectKey} total={data.total} onDone={timeline.reload} />;
  else if (data.rows.length === 0) content = <EmptyState title={i18n.t('timeline.empty')} />;
  else {
    const axis = axisOf(data);
    content = (
      <Stack space="space.150">
        <Text as="p" color="color.text.subtle" testId="rt-timeline-intro">
          {i18n.t('timeline.intro', {
            count: i18n.number(data.total),
            late: i18n.number(data.lateMilestones),
            today: i18n.day(data.today),
          })}
        </Text>
        <Legend />
        <Inline space="space.100" spread="space-between" shouldWrap>
          <Text size="small" color="color.text.subtlest">
            {i18n.day(new Date(axis.from * DAY_MS).toISOString().slice(0, 10))}
          </Text>
          <Text size="small" color="color.text.subtlest">
            {i18n.day(new Date(axis.to * DAY_MS).toISOString().slice(0, 10))}
          </Text>
        </Inline>
        <ul aria-label={i18n.t('timeline.title')} style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="rt-timeline">
          {data.rows.map((row) => (
            <Row key={row.id} row={row} axis={axis} timeline={data} />
          ))}
        </ul>
        {data.total > data.rows.length ? (
          <Text size="small" color="color.text.subtle">
            {i18n.t('timeline.more', { shown: i18n.number(data.rows.length), total: i18n.number(data.total) })}
          </Text>
        ) : null}
      </Stack>
    );
  }
  return (
    <ProjectPage
      title={i18n.t('timeline.title')}
      projectKey={projectKey}
      actions={
        <Button onClick={timeline.reload} isLoading={timeline.loading && data !== null}>
          {i18n.t('common.refresh')}
        </Button>
      }
    >
      <label style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.075', '6px'), minHeight: 32 }}>
        <input
          type="checkbox"
          checked={includeDone}
          onChange={(event) => setIncludeDone(event.currentTarget.checked)}
          data-testid="rt-timeline-include-done"
          style={{ width: 16, height: 16, margin: 0, accentColor: token('color.background.selected.bold', '#1868DB') }}
        />
        <Text>{i18n.t('timeline.includeDone')}</Text>
      </label>
      {content}
    </ProjectPage>
  );
}
