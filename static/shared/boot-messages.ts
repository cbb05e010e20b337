import type { MessageKey } from './messages';

/**
 * The words a surface may show before its catalogue has loaded (waiting, a context or catalogue
 * that failed, a crash), in both languages; the build copies only these into every bundle
 * (`rt-messages:` in scripts/build-ui.mjs).
 */
const BOOT_MESSAGES = [
  'common.loading',
  'common.retry',
  'error.context',
  'error.crash',
  'error.unavailable',
  'error.unavailable.hint',
] as const satisfies readonly MessageKey[];

export default BOOT_MESSAGES;
