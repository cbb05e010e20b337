import type { MessageKey } from '../../shared/i18n';

/**
 * The catalogue entries the glance shows. The build copies only these from the catalogues in static/shared/messages/
 * (`rt-messages:` in scripts/build-ui.mjs), in both languages.
 */
const GLANCE_MESSAGES = [
  'common.loading',
  'common.retry',
  'common.notScored',
  'glance.notRequirement',
  'grade.S',
  'grade.A',
  'grade.B',
  'grade.C',
  'grade.label',
  'quadrant.quick-win',
  'quadrant.major-project',
  'quadrant.fill-in',
  'quadrant.avoid',
  'error.context',
  'error.validation',
  'error.forbidden',
  'error.not-found',
  'error.conflict',
  'error.unavailable',
  'error.quota-exhausted',
  'error.internal',
  'error.validation.hint',
  'error.forbidden.hint',
  'error.not-found.hint',
  'error.conflict.hint',
  'error.unavailable.hint',
  'error.quota-exhausted.hint',
  'error.internal.hint',
] as const satisfies readonly MessageKey[];

export type GlanceMessage = (typeof GLANCE_MESSAGES)[number];
export default GLANCE_MESSAGES;
