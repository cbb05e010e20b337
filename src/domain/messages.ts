/**
 * A sentence the server writes (a workflow refusal, a reminder comment), kept as a key of the
 * app's translation files (locales/*.json) and its parameters until it is rendered for a reader.
 * The domain decides what to say; src/platform/translate.ts says it in the reader's language.
 */
export interface Message {
  key: `server.${string}`;
  params?: Record<string, MessageParam>;
}

/** A parameter's value; a name the reader's language spells its own way (a milestone's) is given in each. */
export type MessageParam = string | number | Readonly<Record<MessageLocale, string>>;

export const message = (key: Message['key'], params?: Message['params']): Message => (params ? { key, params } : { key });

/** The languages the app writes in. Where the reader is unknown (a comment, a validator), it writes both, Chinese first. */
export const MESSAGE_LOCALES = ['zh-CN', 'en-US'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

/** A reader's locale as Jira or the browser spells it (zh_CN, zh-Hans-CN, en-GB…) mapped to one the app writes in. */
export function messageLocaleOf(locale: string | null | undefined): MessageLocale | null {
  if (!locale) return null;
  const normalised = locale.replace('_', '-').toLowerCase();
  if (normalised.startsWith('zh')) return 'zh-CN';
  if (normalised.startsWith('en')) return 'en-US';
  return null;
}

/** Fills `{name}` placeholders; a placeholder without a value stays visible, so a gap shows in tests instead of vanishing. */
export function fillPlaceholders(template: string, params: Message['params'] = {}, locale: MessageLocale = 'en-US'): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name]!;
    return typeof value === 'object' ? value[locale] : String(value);
  });
}
