import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { GRADES } from '../../../src/domain/framework';
import { MOSCOW_VALUES, QUADRANTS } from '../../../src/domain/scoring';
import type { GradeDistribution } from '../../shared/api';
import { GRADE_COLOR, GradeLozenge, MOSCOW_COLOR, QuadrantLozenge, VisuallyHidden } from '../../shared/components';
import { useI18n } from '../../shared/i18n';
import { openSearch } from '../../shared/navigation';

export function GradeBars({ distribution }: { distribution: GradeDistribution }) {
  const i18n = useI18n();
  const scored = distribution.total - distribution.unscored;
  const share = (count: number) => (scored > 0 ? (count / scored) * 100 : 0);
  return (
    <Stack space="space.100">
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: token('space.050', '4px') }}>
        {GRADES.map((grade) => {
          const count = distribution.byGrade[grade];
          const percent = share(count);
          return (
            <li key={grade}>
              {/* Named by what it shows (axe: the visible text is part of the name), plus what a click does. */}
              <button
                type="button"
                className="rt-count-button rt-count-row"
                disabled={count === 0}
                data-grade={grade}
                onClick={() => openSearch(distribution.drillDown.grades[grade])}
              >
                <span
                  style={{
                    display: 'grid',
                    gridTemplateColumns: '2.5rem minmax(0, 1fr) auto',
                    alignItems: 'center',
                    gap: token('space.100', '8px'),
                  }}
                >
                  <span>
                    <GradeLozenge grade={grade} />
                  </span>
                  <span
                    aria-hidden="true"
                    style={{
                      display: 'block',
                      height: 12,
                      borderRadius: token('radius.small', '4px'),
                      backgroundColor: token('color.background.neutral', '#0515240F'),
                      overflow: 'hidden',
                    }}
                  >
                    <span
                      style={{
                        display: 'block',
                        width: `${percent}%`,
                        height: '100%',
                        backgroundColor: GRADE_COLOR[grade].fill,
                        minWidth: count > 0 ? 4 : 0,
                      }}
                    />
                  </span>
                  <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    <Text weight="semibold">{i18n.number(count)}</Text>{' '}
                    <Text size="small" color="color.text.subtle">
                      ({i18n.percent(percent)})
                    </Text>
                    {count > 0 ? <VisuallyHidden> {i18n.t('gadget.openInSearch')}</VisuallyHidden> : null}
                  </span>
                </span>
              </button>
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

export function QuadrantCounts({ distribution }: { distribution: GradeDistribution }) {
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

export function MoscowBars({ distribution }: { distribution: GradeDistribution }) {
  const i18n = useI18n();
  const counted = MOSCOW_VALUES.reduce((sum, moscow) => sum + distribution.byMoscow[moscow], 0);
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: token('space.100', '8px') }}>
      {MOSCOW_VALUES.map((moscow) => {
        const count = distribution.byMoscow[moscow];
        const percent = counted > 0 ? (count / counted) * 100 : 0;
        return (
          <li
            key={moscow}
            style={{
              display: 'grid',
              gridTemplateColumns: 'minmax(6rem, auto) minmax(0, 1fr) auto',
              alignItems: 'center',
              gap: token('space.100', '8px'),
            }}
          >
            <Text>{i18n.moscow(moscow)}</Text>
            <div
              aria-hidden="true"
              style={{
                height: 12,
                borderRadius: token('radius.small', '4px'),
                backgroundColor: token('color.background.neutral', '#0515240F'),
                overflow: 'hidden',
              }}
            >
              <div
                style={{
                  width: `${percent}%`,
                  height: '100%',
                  backgroundColor: MOSCOW_COLOR[moscow].fill,
                  minWidth: count > 0 ? 4 : 0,
                }}
              />
            </div>
            <Text weight="semibold">{i18n.number(count)}</Text>
          </li>
        );
      })}
    </ul>
  );
}
