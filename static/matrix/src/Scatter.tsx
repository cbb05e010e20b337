import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { GRADES, type FrameworkSettings } from '../../../src/domain/framework';
import { MOSCOW_VALUES } from '../../../src/domain/scoring';
import type { Quadrant, RequirementRow } from '../../shared/api';
import { GRADE_COLOR, MOSCOW_COLOR, QUADRANT_BACKGROUND, UNGRADED_COLOR } from '../../shared/components';
import { useI18n, type I18n } from '../../shared/i18n';
import { openIssue } from '../../shared/navigation';

const MARGIN = { top: 12, right: 12, bottom: 48, left: 52 };
/** Room inside the plot, above the highest and below the lowest value, for the quadrant names. */
const LABEL_BAND = 22;
const FONT = 'inherit';
/** Half the smallest hit area of a point (24 px, WCAG 2.2 "target size (minimum)"). */
const MIN_TARGET_RADIUS = 12;
/** A press that travels less than this is a click, not a drag. */
const DRAG_THRESHOLD_PX = 4;

export type ColourBy = 'grade' | 'moscow';

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
  x: number;
  y: number;
  radius: number;
}

/** Maps the framework's 1..N scale onto the plot and back. */
interface Axes {
  min: number;
  max: number;
  toX(cost: number): number;
  toY(value: number): number;
  /** The scale value nearest to a pixel position, clamped to the scale. */
  costAt(x: number): number;
  valueAt(y: number): number;
}

/** More customers asking (merged duplicates) draws a larger point, up to 1.6 times. */
const sizeFactor = (row: RequirementRow): number => 1 + Math.min(0.6, 0.2 * Math.log2(1 + Math.max(0, row.duplicateCount ?? 0)));

/**
 * Requirements share integer coordinates, so points in one cell are laid out in a small grid
 * around the cell centre instead of on top of each other.
 */
function place(rows: RequirementRow[], axes: Axes, cell: number, radius: number): PlacedPoint[] {
  const cells = new Map<string, RequirementRow[]>();
  for (const row of rows) {
    const key = `${row.inputs.implementationCost}:${row.inputs.businessValue}`;
    const group = cells.get(key);
    if (group) group.push(row);
    else cells.set(key, [row]);
  }
  const placed: PlacedPoint[] = [];
  for (const group of cells.values()) {
    const columns = Math.ceil(Math.sqrt(group.length));
    const rowsInGrid = Math.ceil(group.length / columns);
    const step = Math.min(radius * 2 + 2, (cell * 0.9) / Math.max(columns, rowsInGrid));
    group.forEach((row, index) => {
      const column = index % columns;
      const line = Math.floor(index / columns);
      placed.push({
        row,
        radius: radius * sizeFactor(row),
        x: axes.toX(row.inputs.implementationCost as number) + (column - (columns - 1) / 2) * step,
        y: axes.toY(row.inputs.businessValue as number) + (line - (rowsInGrid - 1) / 2) * step,
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
    inputs.moscow ? i18n.moscow(inputs.moscow) : '',
    i18n.t('matrix.pointScores', {
      weighted: computed.weightedScore === null ? '–' : i18n.score(computed.weightedScore),
      threeFactor: computed.threeFactorScore === null ? '–' : i18n.number(computed.threeFactorScore),
    }),
    i18n.t('panel.valueCost', { value: inputs.businessValue ?? '–', cost: inputs.implementationCost ?? '–' }),
    computed.valueCostQuadrant ? i18n.quadrant(computed.valueCostQuadrant) : '',
    row.linkedCustomers.length > 0 ? i18n.plural('links.demand', row.linkedCustomers.length) : '',
    notFeasibleText(i18n, row),
  ];
  return parts.filter(Boolean).join(' · ');
}

/** "Not feasible: Compliance" when any feasibility mark says so; empty otherwise. */
export function notFeasibleText(i18n: I18n, row: RequirementRow): string {
  const { notFeasible } = row.feasibility;
  return notFeasible.length > 0
    ? i18n.t('matrix.notFeasible', {
        dimensions: i18n.list(notFeasible.map((dimension) => i18n.t(`feasibility.dimension.${dimension}`))),
      })
    : '';
}

/** The ring around a point whose requirement has a "not feasible" mark. */
const NOT_FEASIBLE_RING = token('color.border.danger', '#E2483D');

function pointColour(row: RequirementRow, colourBy: ColourBy): { fill: string; text: string; mark: string } | null {
  if (colourBy === 'moscow') {
    const moscow = row.inputs.moscow;
    return moscow ? { ...MOSCOW_COLOR[moscow], mark: moscow.charAt(0) } : null;
  }
  const grade = row.computed.priorityGrade;
  return grade ? { ...GRADE_COLOR[grade], mark: grade } : null;
}

interface PointProps {
  point: PlacedPoint;
  colourBy: ColourBy;
  label: string;
  saving: boolean;
}

const ARROW_STEPS: Record<string, [number, number]> = {
  ArrowUp: [1, 0],
  ArrowDown: [-1, 0],
  ArrowRight: [0, 1],
  ArrowLeft: [0, -1],
};

/**
 * One requirement: attributes only. Events are handled once on the layer around all points and
 * styling comes from the chart's stylesheet, so thousands of points render fast.
 */
const Point = memo(function Point({ point, colourBy, label, saving }: PointProps) {
  const colour = pointColour(point.row, colourBy);
  const { radius } = point;
  const notFeasible = point.row.feasibility.notFeasible.length > 0;
  return (
    <g
      className="rt-point"
      tabIndex={0}
      role="link"
      aria-label={label}
      aria-busy={saving || undefined}
      transform={`translate(${point.x} ${point.y})`}
      data-key={point.row.key}
      data-not-feasible={notFeasible || undefined}
    >
      {/* What a finger or pointer can hit: at least 24 px across (WCAG 2.2 target size), however small the point is drawn. */}
      <circle r={Math.max(MIN_TARGET_RADIUS, radius)} fill="transparent" />
      {notFeasible ? (
        <circle r={radius + 3.5} fill="none" stroke={NOT_FEASIBLE_RING} strokeWidth={2} strokeDasharray="2 2" />
      ) : null}
      <circle
        r={radius}
        fill={colour ? colour.fill : UNGRADED_COLOR.fill}
        stroke={colour ? SURFACE : UNGRADED_COLOR.stroke}
        strokeWidth={1.5}
        strokeDasharray={colour ? undefined : '3 2'}
      />
      {radius >= 8 ? (
        <text
          className="rt-mark"
          textAnchor="middle"
          dominantBaseline="central"
          fontSize={Math.min(radius + 1, 14)}
          fill={colour ? colour.text : UNGRADED_COLOR.text}
          aria-hidden="true"
        >
          {colour?.mark ?? '–'}
        </text>
      ) : null}
    </g>
  );
});

const SURFACE = token('elevation.surface', '#FFFFFF');
const POINT_STYLES = `
.rt-point { cursor: pointer; outline: none; }
.rt-movable .rt-point { cursor: grab; touch-action: none; }
.rt-point:focus-visible { outline: 2px solid ${token('color.border.focused', '#4688EC')}; outline-offset: 3px; border-radius: 50%; }
.rt-point[aria-busy="true"] { opacity: 0.6; }
.rt-mark { pointer-events: none; font-weight: 700; font-family: inherit; }
`;

function Tooltip({ point, width, i18n }: { point: PlacedPoint; width: number; i18n: I18n }) {
  const { row } = point;
  const flip = point.x > width - 260;
  return (
    <div
      role="presentation"
      data-testid="rt-point-tooltip"
      style={{
        position: 'absolute',
        top: Math.max(0, point.y - 16),
        ...(flip ? { right: width - point.x + point.radius + 8 } : { left: point.x + point.radius + 8 }),
        maxWidth: 240,
        padding: `${token('space.075', '6px')} ${token('space.100', '8px')}`,
        borderRadius: token('radius.small', '4px'),
        background: token('color.background.neutral.bold', '#292A2E'),
        color: token('color.text.inverse', '#FFFFFF'),
        font: token('font.body.small', 'normal 400 12px/16px sans-serif'),
        pointerEvents: 'none',
        zIndex: 1,
        boxShadow: token('elevation.shadow.overlay', '0 8px 12px #1E1F2126'),
      }}
    >
      <strong>{row.key}</strong> {row.summary}
      <br />
      {row.computed.priorityGrade ? i18n.t('grade.label', { grade: row.computed.priorityGrade }) : i18n.t('common.notScored')}
      {' · '}
      {i18n.t('matrix.pointScores', {
        weighted: row.computed.weightedScore === null ? '–' : i18n.score(row.computed.weightedScore),
        threeFactor: row.computed.threeFactorScore === null ? '–' : i18n.number(row.computed.threeFactorScore),
      })}
      <br />
      {i18n.t('panel.valueCost', { value: row.inputs.businessValue ?? '–', cost: row.inputs.implementationCost ?? '–' })}
      {row.linkedCustomers.length > 0 ? (
        <>
          <br />
          {i18n.plural('links.demand', row.linkedCustomers.length)}
        </>
      ) : null}
      {row.feasibility.notFeasible.length > 0 ? (
        <>
          <br />
          <span data-testid="rt-point-not-feasible">⚠ {notFeasibleText(i18n, row)}</span>
        </>
      ) : null}
    </div>
  );
}

interface DragState {
  row: RequirementRow;
  element: SVGGElement;
  pointerId: number;
  startX: number;
  startY: number;
  /** Offset from the pointer to the point's centre, so the point does not jump under the cursor. */
  dx: number;
  dy: number;
  moved: boolean;
}

export interface ScatterProps {
  rows: RequirementRow[];
  settings: FrameworkSettings;
  colourBy: ColourBy;
  canEdit: boolean;
  saving: ReadonlySet<string>;
  onMove(row: RequirementRow, value: number, cost: number): void;
  /** A reader dragged a point or pressed an arrow key: nothing moves, and the page says why. */
  onReadOnlyMove(row: RequirementRow): void;
}

export function Scatter({ rows, settings, colourBy, canEdit, saving, onMove, onReadOnlyMove }: ScatterProps) {
  const i18n = useI18n();
  const [ref, measured] = useWidth<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<DragState | null>(null);
  const [hovered, setHovered] = useState<PlacedPoint | null>(null);
  const [target, setTarget] = useState<{ value: number; cost: number; x: number; y: number } | null>(null);
  const width = Math.max(measured, 280);
  const height = Math.round(Math.min(Math.max(width * 0.7, 320), 520));
  const { min, max } = settings.valueCostScale;
  const { highValueFrom, highCostFrom } = settings.quadrantSplit;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const valueHeight = plotHeight - 2 * LABEL_BAND;
  const span = max - min + 1;

  const axes = useMemo<Axes>(() => {
    const clamp = (value: number) => Math.min(max, Math.max(min, value));
    return {
      min,
      max,
      toX: (cost) => MARGIN.left + ((cost - min + 0.5) / span) * plotWidth,
      toY: (value) => MARGIN.top + LABEL_BAND + valueHeight - ((value - min + 0.5) / span) * valueHeight,
      costAt: (x) => clamp(Math.round(((x - MARGIN.left) / plotWidth) * span - 0.5 + min)),
      valueAt: (y) => clamp(Math.round(((MARGIN.top + LABEL_BAND + valueHeight - y) / valueHeight) * span - 0.5 + min)),
    };
  }, [min, max, span, plotWidth, valueHeight]);

  const cell = Math.min(plotWidth, valueHeight) / span;
  // Many points shrink so a crowded cell stays readable.
  const crowd = rows.length > 1000 ? 0.5 : rows.length > 200 ? 0.75 : 1;
  const radius = Math.max(3, Math.min(10, Math.floor(cell * 0.32 * crowd)));
  const points = useMemo(() => place(rows, axes, cell, radius), [rows, axes, cell, radius]);
  const labels = useMemo(() => new Map(rows.map((row) => [row.id, pointLabel(i18n, row)])), [rows, i18n]);

  // The benchmarks measure the first frame showing any points, and from the last page's arrival to the first frame showing them all.
  useEffect(() => {
    if (points.length > 0 && performance.getEntriesByName('rt-matrix-first-points').length === 0) {
      requestAnimationFrame(() =>
        setTimeout(() => performance.mark('rt-matrix-first-points', { detail: { points: points.length } }), 0),
      );
    }
    if (points.length === 0 || performance.getEntriesByName('rt-matrix-data').length === 0) return;
    if (performance.getEntriesByName('rt-matrix-painted').length > 0) return;
    requestAnimationFrame(() =>
      setTimeout(() => performance.mark('rt-matrix-painted', { detail: { points: points.length } }), 0),
    );
  }, [points]);

  const onKeyMove = useCallback(
    (row: RequirementRow, valueStep: number, costStep: number) => {
      const value = Math.min(max, Math.max(min, (row.inputs.businessValue as number) + valueStep));
      const cost = Math.min(max, Math.max(min, (row.inputs.implementationCost as number) + costStep));
      onMove(row, value, cost);
    },
    [min, max, onMove],
  );
  const byKey = useMemo(() => new Map(points.map((point) => [point.row.key, point])), [points]);
  // The card follows the point as it is now (after a move it shows the new values).
  const hoveredPoint = hovered ? (byKey.get(hovered.row.key) ?? null) : null;
  const pointOf = (target: EventTarget): PlacedPoint | undefined => {
    const key = (target as Element).closest?.<SVGGElement>('g[data-key]')?.dataset.key;
    return key === undefined ? undefined : byKey.get(key);
  };
  const hover = (point: PlacedPoint | undefined) => {
    if (!drag.current) setHovered(point ?? null);
  };
  const onPointKeyDown = (event: KeyboardEvent<SVGGElement>) => {
    const point = pointOf(event.target);
    if (!point) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openIssue(point.row.key);
      return;
    }
    const step = ARROW_STEPS[event.key];
    if (!step) return;
    event.preventDefault();
    if (canEdit) onKeyMove(point.row, step[0], step[1]);
    else onReadOnlyMove(point.row);
  };

  const svgPoint = (event: PointerEvent) => {
    const box = svgRef.current!.getBoundingClientRect();
    return { x: ((event.clientX - box.left) / box.width) * width, y: ((event.clientY - box.top) / box.height) * height };
  };

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    const element = (event.target as Element).closest<SVGGElement>('g[data-key]');
    const point = element && byKey.get(element.dataset.key ?? '');
    if (!element || !point) return;
    const at = svgPoint(event);
    drag.current = {
      row: point.row,
      element,
      pointerId: event.pointerId,
      startX: at.x,
      startY: at.y,
      dx: point.x - at.x,
      dy: point.y - at.y,
      moved: false,
    };
    svgRef.current!.setPointerCapture(event.pointerId);
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const state = drag.current;
    if (!state || state.pointerId !== event.pointerId) return;
    const at = svgPoint(event);
    if (!state.moved && Math.hypot(at.x - state.startX, at.y - state.startY) < DRAG_THRESHOLD_PX) return;
    if (!state.moved) {
      state.moved = true;
      setHovered(null);
    }
    // A reader's drag is a drag too (so it does not open the issue), but the point stays put.
    if (!canEdit) return;
    const x = Math.min(MARGIN.left + plotWidth, Math.max(MARGIN.left, at.x + state.dx));
    const y = Math.min(MARGIN.top + plotHeight, Math.max(MARGIN.top, at.y + state.dy));
    // Moving the one element directly keeps dragging smooth however many points there are.
    state.element.setAttribute('transform', `translate(${x} ${y})`);
    const value = axes.valueAt(y);
    const cost = axes.costAt(x);
    setTarget((previous) =>
      previous && previous.value === value && previous.cost === cost
        ? previous
        : { value, cost, x: axes.toX(cost), y: axes.toY(value) },
    );
  };

  const finishDrag = (event: PointerEvent<SVGSVGElement>, cancelled: boolean) => {
    const state = drag.current;
    if (!state || state.pointerId !== event.pointerId) return;
    drag.current = null;
    setTarget(null);
    if (svgRef.current?.hasPointerCapture(event.pointerId)) svgRef.current.releasePointerCapture(event.pointerId);
    const placed = byKey.get(state.row.key);
    if (!state.moved) {
      if (!cancelled) openIssue(state.row.key);
      return;
    }
    if (!canEdit) {
      if (!cancelled) onReadOnlyMove(state.row);
      return;
    }
    // Put the point back where React placed it; a successful move re-renders it at its new place.
    if (placed) state.element.setAttribute('transform', `translate(${placed.x} ${placed.y})`);
    if (cancelled) return;
    const at = svgPoint(event);
    onMove(state.row, axes.valueAt(at.y + state.dy), axes.costAt(at.x + state.dx));
  };

  const left = MARGIN.left;
  const right = MARGIN.left + plotWidth;
  const top = MARGIN.top;
  const bottom = MARGIN.top + plotHeight;
  // Splits sit between the last "low" and the first "high" integer.
  const splitX = axes.toX(highCostFrom - 0.5);
  const splitY = axes.toY(highValueFrom - 0.5);
  const ticks = Array.from({ length: span }, (_, index) => min + index);
  const subtle = token('color.text.subtle', '#505258');
  const quadrants: {
    quadrant: Quadrant;
    x: number;
    y: number;
    w: number;
    h: number;
    anchor: 'start' | 'end';
    labelX: number;
    labelY: number;
  }[] = [
    {
      quadrant: 'quick-win',
      x: left,
      y: top,
      w: splitX - left,
      h: splitY - top,
      anchor: 'start',
      labelX: left + 6,
      labelY: top + 15,
    },
    {
      quadrant: 'major-project',
      x: splitX,
      y: top,
      w: right - splitX,
      h: splitY - top,
      anchor: 'end',
      labelX: right - 6,
      labelY: top + 15,
    },
    {
      quadrant: 'fill-in',
      x: left,
      y: splitY,
      w: splitX - left,
      h: bottom - splitY,
      anchor: 'start',
      labelX: left + 6,
      labelY: bottom - 7,
    },
    {
      quadrant: 'avoid',
      x: splitX,
      y: splitY,
      w: right - splitX,
      h: bottom - splitY,
      anchor: 'end',
      labelX: right - 6,
      labelY: bottom - 7,
    },
  ];

  return (
    <Stack space="space.150">
      <div ref={ref} style={{ width: '100%', minWidth: 0, position: 'relative' }}>
        <svg
          ref={svgRef}
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="group"
          aria-labelledby="rt-matrix-title rt-matrix-desc"
          style={{ display: 'block', maxWidth: '100%', fontFamily: 'inherit', userSelect: 'none' }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={(event) => finishDrag(event, false)}
          onPointerCancel={(event) => finishDrag(event, true)}
        >
          <title id="rt-matrix-title">{i18n.t('matrix.chartTitle')}</title>
          <desc id="rt-matrix-desc">
            {i18n.t('matrix.chartDescription', { count: rows.length })}
            {canEdit ? ` ${i18n.t('matrix.moveHint')}` : ''}
          </desc>
          <g aria-hidden="true">
            {quadrants.map((q) => (
              <g key={q.quadrant}>
                <rect x={q.x} y={q.y} width={Math.max(q.w, 0)} height={Math.max(q.h, 0)} fill={QUADRANT_BACKGROUND[q.quadrant]} />
                <text
                  x={q.labelX}
                  y={q.labelY}
                  textAnchor={q.anchor}
                  fontSize={12}
                  fontWeight={600}
                  fill={subtle}
                  fontFamily={FONT}
                >
                  {i18n.quadrant(q.quadrant)}
                </text>
              </g>
            ))}
            <rect
              x={left}
              y={top}
              width={plotWidth}
              height={plotHeight}
              fill="none"
              stroke={token('color.border', '#0B120E24')}
            />
            <line
              x1={splitX}
              x2={splitX}
              y1={top}
              y2={bottom}
              stroke={token('color.border.bold', '#7D818A')}
              strokeDasharray="4 3"
            />
            <line
              x1={left}
              x2={right}
              y1={splitY}
              y2={splitY}
              stroke={token('color.border.bold', '#7D818A')}
              strokeDasharray="4 3"
            />
            {ticks.map((tick) => (
              <g key={`x${tick}`}>
                <line x1={axes.toX(tick)} x2={axes.toX(tick)} y1={bottom} y2={bottom + 4} stroke={subtle} />
                <text x={axes.toX(tick)} y={bottom + 16} textAnchor="middle" fontSize={11} fill={subtle} fontFamily={FONT}>
                  {i18n.number(tick)}
                </text>
              </g>
            ))}
            {ticks.map((tick) => (
              <g key={`y${tick}`}>
                <line x1={left - 4} x2={left} y1={axes.toY(tick)} y2={axes.toY(tick)} stroke={subtle} />
                <text
                  x={left - 8}
                  y={axes.toY(tick)}
                  textAnchor="end"
                  dominantBaseline="central"
                  fontSize={11}
                  fill={subtle}
                  fontFamily={FONT}
                >
                  {i18n.number(tick)}
                </text>
              </g>
            ))}
            <text
              x={left + plotWidth / 2}
              y={height - 6}
              textAnchor="middle"
              fontSize={12}
              fontWeight={600}
              fill={token('color.text', '#292A2E')}
              fontFamily={FONT}
            >
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
            {target ? (
              <rect
                x={target.x - cell / 2}
                y={target.y - valueHeight / span / 2}
                width={cell}
                height={valueHeight / span}
                fill="none"
                stroke={token('color.border.focused', '#4688EC')}
                strokeWidth={2}
                strokeDasharray="4 2"
              />
            ) : null}
          </g>
          <style>{POINT_STYLES}</style>
          <g
            className={canEdit ? 'rt-movable' : undefined}
            onKeyDown={onPointKeyDown}
            onFocus={(event) => hover(pointOf(event.target))}
            onBlur={() => hover(undefined)}
            onPointerOver={(event) => hover(pointOf(event.target))}
            onPointerOut={() => hover(undefined)}
          >
            {points.map((point) => (
              <Point
                key={point.row.id}
                point={point}
                colourBy={colourBy}
                label={labels.get(point.row.id) ?? point.row.key}
                saving={saving.has(point.row.key)}
              />
            ))}
          </g>
        </svg>
        {hoveredPoint ? <Tooltip point={hoveredPoint} width={width} i18n={i18n} /> : null}
        {target ? (
          <div
            role="status"
            data-testid="rt-drag-target"
            style={{
              position: 'absolute',
              top: 4,
              right: 16,
              padding: `${token('space.050', '4px')} ${token('space.100', '8px')}`,
              borderRadius: token('radius.small', '4px'),
              background: token('color.background.selected', '#E9F2FE'),
              color: token('color.text.selected', '#1868DB'),
              font: token('font.body.small', 'normal 400 12px/16px sans-serif'),
            }}
          >
            {i18n.t('panel.valueCost', { value: target.value, cost: target.cost })}
          </div>
        ) : null}
      </div>
      <Legend rows={rows} colourBy={colourBy} />
    </Stack>
  );
}

function Swatch({ colour }: { colour: { fill: string } | null }) {
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

function Legend({ rows, colourBy }: { rows: RequirementRow[]; colourBy: ColourBy }) {
  const i18n = useI18n();
  const counts = new Map<string | null, number>();
  for (const row of rows) {
    const key = colourBy === 'grade' ? row.computed.priorityGrade : row.inputs.moscow;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const entries =
    colourBy === 'grade'
      ? GRADES.map((grade) => ({ key: grade, label: i18n.t('grade.label', { grade }), colour: GRADE_COLOR[grade] }))
      : MOSCOW_VALUES.map((moscow) => ({ key: moscow, label: i18n.moscow(moscow), colour: MOSCOW_COLOR[moscow] }));
  const withBlank = counts.has(null)
    ? [
        ...entries,
        { key: null, label: colourBy === 'grade' ? i18n.t('matrix.noGrade') : i18n.t('matrix.noMoscow'), colour: null },
      ]
    : entries;
  const enlarged = rows.some((row) => (row.duplicateCount ?? 0) > 0);
  const notFeasible = rows.filter((row) => row.feasibility.notFeasible.length > 0).length;
  return (
    <Stack space="space.050">
      <Text size="small" weight="semibold" id="rt-legend-title">
        {colourBy === 'grade' ? i18n.t('matrix.legend') : i18n.t('matrix.legendMoscow')}
      </Text>
      <ul
        aria-labelledby="rt-legend-title"
        style={{ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', gap: token('space.150', '12px') }}
      >
        {withBlank.map((entry) => (
          <li key={entry.key ?? 'none'}>
            <Inline space="space.050" alignBlock="center">
              <Swatch colour={entry.colour} />
              <Text size="small">
                {entry.label} ({i18n.number(counts.get(entry.key) ?? 0)})
              </Text>
            </Inline>
          </li>
        ))}
      </ul>
      {notFeasible > 0 ? (
        <Inline space="space.050" alignBlock="center">
          <svg width={16} height={16} aria-hidden="true">
            <circle cx={8} cy={8} r={6} fill="none" stroke={NOT_FEASIBLE_RING} strokeWidth={2} strokeDasharray="2 2" />
          </svg>
          <Text size="small">{i18n.t('matrix.notFeasibleLegend', { count: i18n.number(notFeasible) })}</Text>
        </Inline>
      ) : null}
      {enlarged ? (
        <Text size="small" color="color.text.subtle">
          {i18n.t('matrix.sizeHint')}
        </Text>
      ) : null}
    </Stack>
  );
}
