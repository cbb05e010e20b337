import { GRADES, type FrameworkSettings, type FrameworkVersion, type Grade } from './framework';
import { QUADRANTS, scoreRequirement, type Quadrant, type RequirementInputs } from './scoring';

/**
 * What changing the framework means: which settings differ between two versions, and which
 * requirements would move to another grade or quadrant, before anything is saved.
 */

export interface SettingChange {
  /** Dotted path such as `weights.urgency`. */
  setting: string;
  before: number | null;
  after: number | null;
}

function leaves(settings: FrameworkSettings): [string, number | null][] {
  return Object.entries(settings).flatMap(([section, values]) =>
    Object.entries(values as Record<string, number | null>).map(([key, value]): [string, number | null] => [
      `${section}.${key}`,
      value,
    ]),
  );
}

/** Every setting whose value differs, in the framework's own order. */
export function diffFrameworkSettings(before: FrameworkSettings, after: FrameworkSettings): SettingChange[] {
  const afterValues = new Map(leaves(after));
  return leaves(before)
    .map(([setting, value]) => ({ setting, before: value, after: afterValues.get(setting) ?? null }))
    .filter((change) => change.before !== change.after);
}

export interface RequirementToPreview {
  key: string;
  inputs: RequirementInputs;
}

export interface Move<T extends string> {
  from: T | null;
  to: T | null;
  count: number;
}

export interface PreviewedChange {
  key: string;
  /** The weighted score before and after; it may change while the grade stays. */
  score: { from: number | null; to: number | null };
  grade: { from: Grade | null; to: Grade | null };
  quadrant: { from: Quadrant | null; to: Quadrant | null };
}

export interface RescoringPreview {
  total: number;
  gradeMoves: Move<Grade>[];
  quadrantMoves: Move<Quadrant>[];
  /** How many requirements' weighted score would change (with or without a grade move). */
  scoreChanges: number;
  /** Every requirement whose score, grade or quadrant would change. */
  changes: PreviewedChange[];
}

function countMoves<T extends string>(pairs: { from: T | null; to: T | null }[], order: readonly T[]): Move<T>[] {
  const counts = new Map<string, Move<T>>();
  for (const pair of pairs) {
    if (pair.from === pair.to) continue;
    const id = `${pair.from}>${pair.to}`;
    const move = counts.get(id) ?? { from: pair.from, to: pair.to, count: 0 };
    move.count += 1;
    counts.set(id, move);
  }
  // Whether a model can score depends on the inputs, not the framework, so moves never involve null.
  const rank = (value: T | null) => order.indexOf(value as T);
  return [...counts.values()].sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
}

/** Scores every requirement with the current and the candidate framework and reports the moves. */
export function previewRescoring(
  requirements: RequirementToPreview[],
  current: FrameworkVersion,
  candidate: FrameworkSettings,
): RescoringPreview {
  const next: FrameworkVersion = { ...current, version: current.version + 1, settings: candidate };
  const changes: PreviewedChange[] = [];
  const gradePairs: { from: Grade | null; to: Grade | null }[] = [];
  const quadrantPairs: { from: Quadrant | null; to: Quadrant | null }[] = [];
  for (const requirement of requirements) {
    const before = scoreRequirement(requirement.inputs, current).computed;
    const after = scoreRequirement(requirement.inputs, next).computed;
    const score = { from: before.weightedScore, to: after.weightedScore };
    const grade = { from: before.priorityGrade, to: after.priorityGrade };
    const quadrant = { from: before.valueCostQuadrant, to: after.valueCostQuadrant };
    gradePairs.push(grade);
    quadrantPairs.push(quadrant);
    if (score.from !== score.to || grade.from !== grade.to || quadrant.from !== quadrant.to)
      changes.push({ key: requirement.key, score, grade, quadrant });
  }
  const scoreChanges = changes.filter((change) => change.score.from !== change.score.to).length;
  return {
    total: requirements.length,
    gradeMoves: countMoves(gradePairs, GRADES),
    quadrantMoves: countMoves(quadrantPairs, QUADRANTS),
    scoreChanges,
    changes,
  };
}
