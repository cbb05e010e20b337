import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fillPlaceholders, message, MESSAGE_LOCALES, messageLocaleOf } from '../../../src/domain/messages';
import englishCatalogue from '../../../locales/en-US.json';
import chineseCatalogue from '../../../locales/zh-CN.json';

test('a message keeps its key, and its parameters only when it has some', () => {
  expect(message('server.blocker.notice')).toEqual({ key: 'server.blocker.notice' });
  expect(message('server.reminder.overdue.other', { dueDate: '2026-11-30', days: 3 })).toEqual({
    key: 'server.reminder.overdue.other',
    params: { dueDate: '2026-11-30', days: 3 },
  });
});

test('the app writes Chinese first, then English, where nobody in particular reads', () => {
  expect(MESSAGE_LOCALES).toEqual(['zh-CN', 'en-US']);
});

test("a reader's locale, however Jira or the browser spells it, maps to a language the app writes, or to none", () => {
  expect(['zh_CN', 'zh-CN', 'zh-Hans-CN', 'zh-TW'].map(messageLocaleOf)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
  expect(['en_US', 'en-GB', 'EN'].map(messageLocaleOf)).toEqual(['en-US', 'en-US', 'en-US']);
  expect([undefined, null, '', 'fr-FR', 'ja_JP'].map(messageLocaleOf)).toEqual([null, null, null, null, null]);
});

test('placeholders are filled by name; one without a value stays visible', () => {
  expect(fillPlaceholders('due on {dueDate}, {days} days late', { dueDate: '2026-11-30', days: 3 })).toBe(
    'due on 2026-11-30, 3 days late',
  );
  expect(fillPlaceholders('due on {dueDate}')).toBe('due on {dueDate}');
});

test('a name given in each language is written in the reader’s', () => {
  const milestone = { 'en-US': 'Refinement', 'zh-CN': '需求细化' };
  expect(fillPlaceholders('“{milestone}” is late', { milestone }, 'en-US')).toBe('“Refinement” is late');
  expect(fillPlaceholders('节点“{milestone}”已逾期', { milestone }, 'zh-CN')).toBe('节点“需求细化”已逾期');
  expect(fillPlaceholders('“{milestone}” is late', { milestone })).toBe('“Refinement” is late');
});

test('every server sentence exists in both languages with the same placeholders', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]).sort();
  const english = Object.entries(englishCatalogue as Record<string, string>).filter(([key]) => key.startsWith('server.'));
  const chinese = chineseCatalogue as Record<string, string>;
  expect(english.length).toBeGreaterThan(20);
  for (const [key, text] of english) {
    expect({ key, present: typeof chinese[key] === 'string' }).toEqual({ key, present: true });
    expect({ key, placeholders: placeholders(chinese[key]!) }).toEqual({ key, placeholders: placeholders(text) });
  }
});

test('every server sentence the code names is in both translation files', () => {
  const sources = readdirSync(path.join(__dirname, '../../../src'), { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.ts'),
  );
  const named = new Set(
    sources.flatMap((file) =>
      [...readFileSync(path.join(__dirname, '../../../src', file), 'utf8').matchAll(/'(server\.[a-z_.]+[a-z_])'/g)].map(
        (match) => match[1]!,
      ),
    ),
  );
  expect(named.size).toBeGreaterThan(100);
  for (const catalogue of [englishCatalogue, chineseCatalogue] as Record<string, string>[])
    expect([...named].filter((key) => !(key in catalogue))).toEqual([]);
});
