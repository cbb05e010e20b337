/**
 * Words the catalogues take from the domain, so the screens, the exports and Jira's field names say
 * the same thing: field names from `src/domain/fields.ts` (the one place a field is named), band and
 * quadrant names from the exports.
 */
import { BAND_LABELS, QUADRANT_LABELS } from '../../../src/domain/exports';
import { fieldLabels, type FieldName } from '../../../src/domain/fields';
import type { Quadrant, ThreeFactorBand } from '../../../src/domain/scoring';

export type { FieldName };

export function fieldMessages(language: 'en' | 'zh'): Record<`field.${FieldName}`, string> {
  return Object.fromEntries(Object.entries(fieldLabels(language)).map(([name, label]) => [`field.${name}`, label])) as Record<
    `field.${FieldName}`,
    string
  >;
}

export function valueMessages(language: 'en' | 'zh'): Record<`band.${ThreeFactorBand}` | `quadrant.${Quadrant}`, string> {
  return {
    ...(Object.fromEntries(Object.entries(BAND_LABELS).map(([band, label]) => [`band.${band}`, label[language]])) as Record<
      `band.${ThreeFactorBand}`,
      string
    >),
    ...(Object.fromEntries(
      Object.entries(QUADRANT_LABELS).map(([quadrant, label]) => [`quadrant.${quadrant}`, label[language]]),
    ) as Record<`quadrant.${Quadrant}`, string>),
  };
}
