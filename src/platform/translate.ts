import { i18n } from '@forge/api';
import type { JiraTextLanguage } from '../domain/delivery-settings';
import { fillPlaceholders, MESSAGE_LOCALES, messageLocaleOf, type Message, type MessageLocale } from '../domain/messages';

/**
 * Server sentences in the reader's language, from the translation files the manifest declares
 * (`translations:`), read with Forge's i18n API as a function reads them
 * (https://developer.atlassian.com/platform/forge/runtime-reference/i18n/). Forge functions are not
 * told a user's locale: a resolver passes the caller's, and where nobody in particular reads (a
 * comment, a workflow refusal) both languages are written, Chinese first.
 */

const SENTENCE_GAP: Record<MessageLocale, string> = { 'zh-CN': '', 'en-US': ' ' };

/** Between the Chinese and the English of a line written in both. */
export const BOTH_LANGUAGES_GAP = ' / ';

async function catalogue(locale: MessageLocale): Promise<Record<string, unknown>> {
  const { translations } = await i18n.getTranslations(locale);
  return (translations ?? {}) as Record<string, unknown>;
}

/** A writer of single sentences in one language, for text the domain assembles itself (the closure record line); a key missing there falls back to English. */
export async function sentenceWriter(locale: MessageLocale): Promise<(message: Message) => string> {
  const [own, english] = await Promise.all([
    catalogue(locale),
    locale === 'en-US' ? Promise.resolve(undefined) : catalogue('en-US'),
  ]);
  return (message) => {
    const template = own[message.key] ?? english?.[message.key];
    return fillPlaceholders(typeof template === 'string' ? template : message.key, message.params, locale);
  };
}

/** The sentences in one language, joined as that language joins sentences. */
async function writeIn(locale: MessageLocale, messages: readonly Message[]): Promise<string> {
  const write = await sentenceWriter(locale);
  return messages.map(write).join(SENTENCE_GAP[locale]);
}

/** The languages a project's setting writes in, Chinese first when both. */
export const localesOf = (language: JiraTextLanguage): readonly MessageLocale[] =>
  language === 'both' ? MESSAGE_LOCALES : [language];

/** The sentences once per language (every language the app writes, Chinese first, unless told): for texts that lay the languages out themselves (a comment's paragraphs). */
export async function writeEach(
  messages: readonly Message[],
  locales: readonly MessageLocale[] = MESSAGE_LOCALES,
): Promise<string[]> {
  return Promise.all(locales.map((locale) => writeIn(locale, messages)));
}

/** For one reader; when the locale is unknown or not one the app writes, both languages in one line. */
export async function writeFor(locale: string | null | undefined, messages: readonly Message[]): Promise<string> {
  const known = messageLocaleOf(locale);
  return known ? writeIn(known, messages) : (await writeEach(messages)).join(BOTH_LANGUAGES_GAP);
}
