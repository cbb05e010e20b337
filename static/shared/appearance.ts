import type { Grade, Quadrant, ThreeFactorBand } from './api';

/**
 * Which lozenge tone each grade, quadrant and band takes, on every surface (Atlaskit's legacy
 * appearance names). Free of React, so the glance, which draws its badge without Atlaskit, uses the
 * same tones.
 */
export type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

/** S is the most urgent. */
export const GRADE_APPEARANCE: Record<Grade, LozengeAppearance> = { S: 'removed', A: 'moved', B: 'inprogress', C: 'default' };
export const QUADRANT_APPEARANCE: Record<Quadrant, LozengeAppearance> = {
  'quick-win': 'success',
  'major-project': 'inprogress',
  'fill-in': 'default',
  avoid: 'removed',
};
export const BAND_APPEARANCE: Record<ThreeFactorBand, LozengeAppearance> = { high: 'removed', medium: 'moved', low: 'default' };
