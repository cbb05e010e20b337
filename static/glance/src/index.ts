import '../../shared/base.css';
import './glance.css';
import catalogue from 'rt-messages:./messages';
import { GRADE_APPEARANCE, QUADRANT_APPEARANCE, type LozengeAppearance } from '../../shared/appearance';
import { call, type GlanceView, type ResolverError } from '../../shared/api';
import { loadContext } from '../../shared/context';
import { onRequirementChanged } from '../../shared/events';
import { intlLocaleOf, languageOf } from '../../shared/locale';
import { enableTheme } from '../../shared/theme';
import type { GlanceMessage } from './messages';

/**
 * The issue glance: the grade, the weighted score and the quadrant at a glance, or "Not scored".
 * It shows one badge, so it is drawn with the DOM and the design tokens instead of React and
 * Atlaskit (about 30 KB gzip instead of 210 KB: it loads beside the panel on every issue).
 */

type Words = (key: GlanceMessage, params?: Record<string, string>) => string;

function wordsFor(locale: string | undefined): { t: Words; score: (value: number) => string; language: string } {
  const language = languageOf(locale);
  const messages = catalogue[language];
  const scoreFormat = new Intl.NumberFormat(intlLocaleOf(locale, language), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const t: Words = (key, params) =>
    (messages[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => params?.[name] ?? whole);
  return { t, score: (value) => scoreFormat.format(value), language };
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  created.append(...children);
  return created;
}

const lozenge = (appearance: LozengeAppearance, ...children: (Node | string)[]) =>
  element('span', { class: 'rt-lozenge', 'data-appearance': appearance }, ...children);

function badge(view: GlanceView, { t, score }: ReturnType<typeof wordsFor>): Node {
  if (!view.isRequirement) return element('p', { class: 'rt-subtle' }, t('glance.notRequirement'));
  const { priorityGrade: grade, valueCostQuadrant: quadrant, weightedScore } = view.computed;
  if (!grade && !quadrant) return lozenge('default', t('common.notScored'));
  const row = element('div', { class: 'rt-glance-row' });
  if (grade) {
    row.append(
      lozenge(
        GRADE_APPEARANCE[grade],
        element('span', { 'aria-hidden': 'true' }, t(`grade.${grade}`)),
        element('span', { class: 'rt-visually-hidden' }, t('grade.label', { grade })),
      ),
    );
  }
  if (weightedScore !== null) row.append(element('span', { class: 'rt-small rt-subtle' }, score(weightedScore)));
  if (quadrant) row.append(lozenge(QUADRANT_APPEARANCE[quadrant], t(`quadrant.${quadrant}`)));
  return row;
}

/** A failed call, as the other surfaces' ErrorState says it: the kind translated, the server's message, and a retry where one can help. */
function failure(error: ResolverError, { t, language }: ReturnType<typeof wordsFor>, retry: () => void, title?: string): Node {
  const alert = element(
    'div',
    { class: 'rt-glance-alert', role: 'alert', 'data-kind': error.kind },
    element('strong', {}, title ?? t(`error.${error.kind}`)),
  );
  if (language === 'en') alert.append(element('p', {}, error.message || t(`error.${error.kind}.hint`)));
  else
    alert.append(
      element('p', {}, t(`error.${error.kind}.hint`)),
      ...(error.message ? [element('p', { class: 'rt-small rt-subtle' }, error.message)] : []),
    );
  if (error.kind !== 'forbidden' && error.kind !== 'not-found' && error.kind !== 'validation') {
    const button = element('button', { type: 'button' }, t('common.retry'));
    button.addEventListener('click', retry);
    alert.append(button);
  }
  return alert;
}

async function show(root: HTMLElement): Promise<void> {
  const fallback = wordsFor(typeof navigator !== 'undefined' ? navigator.language : undefined);
  root.replaceChildren(element('p', { class: 'rt-subtle', role: 'status' }, fallback.t('common.loading')));
  let words = fallback;
  let issueKey: string | undefined;
  try {
    const context = await loadContext();
    words = wordsFor(context.locale);
    issueKey = context.extension.issue?.key;
    if (!issueKey) throw new Error('The glance was opened without an issue.');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    root.replaceChildren(
      failure({ kind: 'unavailable', message }, words, () => window.location.reload(), words.t('error.context')),
    );
    return;
  }
  document.documentElement.lang = words.language;
  const key = issueKey;
  const draw = async () => {
    const result = await call('glance.get', { issueKey: key });
    root.replaceChildren(result.ok ? badge(result.data, words) : failure(result.error, words, () => void draw()));
  };
  // The panel on the same page says when it saved: the badge follows without a reload (issue 18).
  onRequirementChanged(key, () => void draw());
  await draw();
}

const root = document.getElementById('root');
if (!root) throw new Error('Requirement Triage: #root is missing from index.html.');
root.className = 'rt-glance';
void enableTheme();
void show(root);
