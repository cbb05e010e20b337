import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { GRADES, type FrameworkSettings, type Grade } from '../../../src/domain/framework';
import type { Quadrant, RequirementRow } from '../../shared/api';
import { GRADE_COLOR, QUADRANT_BACKGROUND, UNGRADED_COLOR } from '../../shared/components';
import { useI18n, type I18n } from '../../shared/i18n';
import { openIssue } from './data';

const MARGIN = { top: 12, right: 12, bottom: 48, left: 52 };
/** Room inside the plot, above the highest and below the lowest value, for the quadrant names. */
const LABEL_BAND = 22;
const FONT = 'inherit';

/** The element's content width, following resizes (the iframe width changes with the page). */
function useWidth<T extends HTMLElement>(): [RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.floor(element.getBoundingClientRect().width));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

interface PlacedPoint {
  row: RequirementRow;
  value: number;
  cost: number;
  x: number;
  y: number;
}

/**
 * Requirements share integer coordinates, so points in one cell are laid out in a small grid
 * around the cell centre instead of on top of each other.
 */
function place(rows: RequirementRow[], toX: (cost: number) => number, toY: (value: number) => number, cell: number, radius: number): PlacedPoint[] {
  const cells = new Map<string, RequirementRow[]>();
  for (const row of rows) {
    const key = `${row.inputs.implementationCost}:${row.inputs.businessValue}`;
    cells.set(key, [...(cells.get(key) ?? []), row]);
  }
  const placed: PlacedPoint[] = [];
  for (const group of cells.values()) {
    const columns = Math.ceil(Math.sqrt(group.length));
    const rowsInGrid = Math.ceil(group.length / columns);
    const step = Math.min(radius * 2 + 2, cell / Math.max(columns, rowsInGrid));
    group.forEach((row, index) => {
      const cost = row.inputs.implementationCost as number;
      const value = row.inputs.businessValue as number;
      const column = index % columns;
      const line = Math.floor(index / columns);
      placed.push({
        row,
        cost,
        value,
        x: toX(cost) + (column - (columns - 1) / 2) * step,
        y: toY(value) + (line - (rowsInGrid - 1) / 2) * step,
      });
    });
  }
  return placed;
}

export function pointLabel(i18n: I18n, row: RequirementRow): string {
  const { computed, inputs } = row;
  const parts = [
    `${row.key} · ${row.summary}`,
    computed.priorityGrade ? i18n.t('grade.label', { grade: computed.priorityGrade }) : i18n.t('common.notScored'),
    i18n.t('matrix.pointScores', {
      weighted: computed.weightedScore === null ? '–' : i18n.score(computed.weightedScore),
      threeFactor: computed.threeFactorScore === null ? '–' : i18n.number(computed.threeFactorScore),
    }),
    i18n.t('panel.valueCost', { value: inputs.businessValue ?? '–', cost: inputs.implementationCost ?? '–' }),
    computed.valueCostQuadrant ? i18n.quadrant(computed.valueCostQuadrant) : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

function Point({ point, radius, i18n }: { point: PlacedPoint; radius: number; i18n: I18n }) {
  const [focused, setFocused] = useState(false);
  const grade = point.row.computed.priorityGrade;
  const colour = grade ? GRADE_COLOR[grade] : null;
  const label = pointLabel(i18n, point.row);
  const onKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openIssue(point.row.key);
    }
  };
  return (
    <g
      tabIndex={0}
      role="link"
      aria-label={label}
      transform={`translate(${point.x} ${point.y})`}
      style={{ cursor: 'pointer', outline: 'none' }}
      onClick={() => openIssue(point.row.key)}
      onKeyDown={onKeyDown}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      data-key={point.row.key}
    >
      <title>{label}</title>
      {focused ? <circle r={radius + 4} fill="none" stroke={token('color.border.focused', '#4688EC')} strokeWidth={2} /> : null}
      <circle
        r={radius}
        fill={colour ? colour.fill : UNGRADED_COLOR.fill}
        stroke={colour ? token('elevation.surface', '#FFFFFF') : UNGRADED_COLOR.stroke}
        strokeWidth={colour ? 1.5 : 1.5}
        strokeDasharray={colour ? undefined : '3 2'}
      />
      {radius >= 8 ? (
        <text
          textAnchor="middle"
          dominantBaseline="central"
          fontSize={radius + 1}
          fontWeight={700}
          fontFamily={FONT}
          fill={colour ? colour.text : UNGRADED_COLOR.text}
          aria-hidden="true"
          style={{ pointerEvents: 'none' }}
        >
          {grade ?? '–'}
        </text>
      ) : null}
    </g>
  );
}

export function Scatter({ rows, settings }: { rows: RequirementRow[]; settings: FrameworkSettings }) {
  const i18n = useI18n();
  const [ref, measured] = useWidth<HTMLDivElement>();
  const width = Math.max(measured, 280);
  const height = Math.round(Math.min(Math.max(width * 0.7, 320), 480));
  const { min, max } = settings.valueCostScale;
  const { highValueFrom, highCostFrom } = settings.quadrantSplit;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const span = max - min + 1;
  const toX = (cost: number) => MARGIN.left + ((cost - min + 0.5) / span) * plotWidth;
  const valueHeight = plotHeight - 2 * LABEL_BAND;
  const toY = (value: number) => MARGIN.top + LABEL_BAND + valueHeight - ((value - min + 0.5) / span) * valueHeight;
  const left = MARGIN.left;
  const right = MARGIN.left + plotWidth;
  const top = MARGIN.top;
  const bottom = MARGIN.top + plotHeight;
  // Splits sit between the last "low" and the first "high" integer.
  const splitX = toX(highCostFrom - 0.5);
  const splitY = toY(highValueFrom - 0.5);
  const cell = Math.min(plotWidth, valueHeight) / span;
  const radius = Math.max(6, Math.min(10, Math.floor(cell * 0.32)));
  const points = place(rows, toX, toY, cell, radius);
  const ticks = Array.from({ length: span }, (_, index) => min + index);
  const subtle = token('color.text.subtle', '#505258');
  const quadrants: { quadrant: Quadrant; x: number; y: number; w: number; h: number; anchor: 'start' | 'end'; labelX: number; labelY: number }[] = [
    { quadrant: 'quick-win', x: left, y: top, w: splitX - left, h: splitY - top, anchor: 'start', labelX: left + 6, labelY: top + 15 },
    { quadrant: 'major-project', x: splitX, y: top, w: right - splitX, h: splitY - top, anchor: 'end', labelX: right - 6, labelY: top + 15 },
    { quadrant: 'fill-in', x: left, y: splitY, w: splitX - left, h: bottom - splitY, anchor: 'start', labelX: left + 6, labelY: bottom - 7 },
    { quadrant: 'avoid', x: splitX, y: splitY, w: right - splitX, h: bottom - splitY, anchor: 'end', labelX: right - 6, labelY: bottom - 7 },
  ];
  const counts = new Map<Grade | null, number>();
  for (const row of rows) counts.set(row.computed.priorityGrade, (counts.get(row.computed.priorityGrade) ?? 0) + 1);

  return (
    <Stack space="space.150">
      <div ref={ref} style={{ width: '100%', minWidth: 0 }}>
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="group"
          aria-labelledby="rt-matrix-title rt-matrix-desc"
          style={{ display: 'block', maxWidth: '100%', fontFamily: 'inherit' }}
        >
          <title id="rt-matrix-title">{i18n.t('matrix.chartTitle')}</title>
          <desc id="rt-matrix-desc">{i18n.t('matrix.chartDescription', { count: rows.length })}</desc>
          <g aria-hidden="true">
            {quadrants.map((q) => (
              <g key={q.quadrant}>
                <rect x={q.x} y={q.y} width={Math.max(q.w, 0)} height={Math.max(q.h, 0)} fill={QUADRANT_BACKGROUND[q.quadrant]} />
                <text x={q.labelX} y={q.labelY} textAnchor={q.anchor} fontSize={12} fontWeight={600} fill={subtle} fontFamily={FONT}>
                  {i18n.quadrant(q.quadrant)}
                </text>
              </g>
            ))}
            <rect x={left} y={top} width={plotWidth} height={plotHeight} fill="none" stroke={token('color.border', '#0B120E24')} />
            <line x1={splitX} x2={splitX} y1={top} y2={bottom} stroke={token('color.border.bold', '#7D818A')} strokeDasharray="4 3" />
            <line x1={left} x2={right} y1={splitY} y2={splitY} stroke={token('color.border.bold', '#7D818A')} strokeDasharray="4 3" />
            {ticks.map((tick) => (
              <g key={`x${tick}`}>
                <line x1={toX(tick)} x2={toX(tick)} y1={bottom} y2={bottom + 4} stroke={subtle} />
                <text x={toX(tick)} y={bottom + 16} textAnchor="middle" fontSize={11} fill={subtle} fontFamily={FONT}>
                  {i18n.number(tick)}
                </text>
              </g>
            ))}
            {ticks.map((tick) => (
              <g key={`y${tick}`}>
                <line x1={left - 4} x2={left} y1={toY(tick)} y2={toY(tick)} stroke={subtle} />
                <text x={left - 8} y={toY(tick)} textAnchor="end" dominantBaseline="central" fontSize={11} fill={subtle} fontFamily={FONT}>
                  {i18n.number(tick)}
                </text>
              </g>
            ))}
            <text x={left + plotWidth / 2} y={height - 6} textAnchor="middle" fontSize={12} fontWeight={600} fill={token('color.text', '#292A2E')} fontFamily={FONT}>
              {i18n.field('implementationCost')} →
            </text>
            <text
              transform={`translate(14 ${top + plotHeight / 2}) rotate(-90)`}
              textAnchor="middle"
              fontSize={12}
              fontWeight={600}
              fill={token('color.text', '#292A2E')}
              fontFamily={FONT}
            >
              {i18n.field('businessValue')} →
            </text>
          </g>
          <g>
            {points.map((point) => (
              <Point key={point.row.id} point={point} radius={radius} i18n={i18n} />
            ))}
          </g>
        </svg>
      </div>
      <Legend counts={counts} />
    </Stack>
  );
}

function Swatch({ grade }: { grade: Grade | null }) {
  const colour = grade ? GRADE_COLOR[grade] : null;
  return (
    <svg width={16} height={16} aria-hidden="true" style={{ flexShrink: 0 }}>
      <circle
        cx={8}
        cy={8}
        r={7}
        fill={colour ? colour.fill : UNGRADED_COLOR.fill}
        stroke={colour ? 'none' : UNGRADED_COLOR.stroke}
        strokeDasharray={colour ? undefined : '3 2'}
      />
    </svg>
  );
}

function Legend({ counts }: { counts: Map<Grade | null, number> }) {
  const i18n = useI18n();
  const entries: (Grade | null)[] = [...GRADES, ...(counts.has(null) ? [null] : [])];
  return (
    <Stack space="space.050">
      <Text size="small" weight="semibold" id="rt-legend-title">
        {i18n.t('matrix.legend')}
      </Text>
      <ul aria-labelledby="rt-legend-title" style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: token('space.150', '12px') }}>
        {entries.map((grade) => (
          <li key={grade ?? 'none'}>
            <Inline space="space.050" alignBlock="center">
              <Swatch grade={grade} />
              <Text size="small">
                {grade ? i18n.t('grade.label', { grade }) : i18n.t('matrix.noGrade')} ({i18n.number(counts.get(grade) ?? 0)})
              </Text>
            </Inline>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
