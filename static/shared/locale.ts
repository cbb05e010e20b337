/**
 * Which catalogue language and which Intl locale a Forge context locale means. Kept apart from the
 * catalogue (i18n.ts) so the glance, which ships only its own few messages, decides the same way.
 */
export type Language = 'en' | 'zh-CN';

/** `zh-CN` and `zh_CN` (any case) are Chinese; everything else, including a missing locale, is English. */
export function languageOf(locale: string | null | undefined): Language {
  return typeof locale === 'string' && locale.replace('_', '-').toLowerCase() === 'zh-cn' ? 'zh-CN' : 'en';
}

/** A BCP 47 tag Intl accepts, from Forge's `en_US` or `en-US` style; English if unusable. */
export function intlLocaleOf(locale: string | null | undefined, language: Language): string {
  if (language === 'zh-CN') return 'zh-CN';
  const candidate = typeof locale === 'string' ? locale.replace(/_/g, '-') : '';
  try {
    return candidate && Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0 ? candidate : 'en-US';
  } catch {
    return 'en-US';
  }
}
