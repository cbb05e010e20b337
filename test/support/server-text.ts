import englishCatalogue from '../../locales/en-US.json';
import chineseCatalogue from '../../locales/zh-CN.json';
import { fillPlaceholders, type Message } from '../../src/domain/messages';

/** The server's sentences as the shipped translation files render them, so tests follow the wording instead of copying it. */
const CATALOGUES = { 'en-US': englishCatalogue as Record<string, string>, 'zh-CN': chineseCatalogue as Record<string, string> };

export function serverText(locale: keyof typeof CATALOGUES, key: Message['key'], params?: Message['params']): string {
  const template = CATALOGUES[locale][key];
  if (template === undefined) throw new Error(`${key} is missing from locales/${locale}.json`);
  return fillPlaceholders(template, params, locale);
}

export const english = (messages: readonly Message[]): string[] =>
  messages.map((item) => serverText('en-US', item.key, item.params));

/** A line written for nobody in particular (a workflow refusal): Chinese, then English. */
export const bothLanguages = (key: Message['key'], params?: Message['params']): string =>
  `${serverText('zh-CN', key, params)} / ${serverText('en-US', key, params)}`;
