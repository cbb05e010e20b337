/**
 * The translator of every Custom UI surface: messages from the catalogues the surface loaded (in
 * one language, see static/shared/messages/index.ts) and the helpers that format numbers, dates and
 * domain values for the user's Jira locale.
 *
 * The language follows the Forge context locale: `zh-CN` / `zh_CN` → Chinese, anything else →
 * English. Numbers and dates use Intl with the context locale itself.
 */
import { createContext, createElement, useContext, useMemo, type ReactNode } from 'react';
import { COMPUTED_FIELDS, INPUT_FIELDS, type FieldName } from '../../src/domain/fields';
import { KINDS } from '../../src/domain/kind-tags';
import { CUSTOMER_TYPES, type CustomerType, type Grade, type WeightedFactor } from '../../src/domain/framework';
import type { Violation, ViolationRule } from '../../src/domain/result';
import type { Moscow, Quadrant, ThreeFactorBand } from '../../src/domain/scoring';
import type { ErrorKind, SetupStep } from '../../src/shared/api';
import { intlLocaleOf, languageOf, type Language } from './locale';
import type { CatalogueModule, MessageKey } from './messages';
import boot from 'rt-messages:./boot-messages';

export type { Language };
export { languageOf };
export type { FieldName, MessageKey };
/** The messages a surface shows, in one language: `common` and its own catalogues (static/<surface>/src/messages.ts). */
export type LoadMessages = (language: Language) => Promise<readonly CatalogueModule[]>;
export type Messages = Readonly<Partial<Record<MessageKey, string>>>;
type Params = Record<string, string | number>;

function validTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

const FIELD_NAMES = new Set<string>([...INPUT_FIELDS, ...COMPUTED_FIELDS].map((field) => field.name));
const isFieldName = (name: string): name is FieldName => FIELD_NAMES.has(name);
const isKind = (name: string): boolean => (KINDS as readonly string[]).includes(name);
const isCustomerType = (name: string | undefined): name is CustomerType =>
  (CUSTOMER_TYPES as readonly string[]).includes(name ?? '');

type PluralBase =
  | 'common.days'
  | 'matrix.clearFilters'
  | 'gadget.closedDuplicates'
  | 'matrix.closedDuplicates'
  | 'review.count'
  | 'common.requirements'
  | 'admin.seconds'
  | 'admin.minutes'
  | 'admin.diffChanges'
  | 'gadget.overdueCount'
  | 'customers.importErrors'
  | 'customers.importDone'
  | 'links.demand';

export interface I18n {
  language: Language;
  /** The locale Intl formats with. */
  intlLocale: string;
  /** The zone dates and times are shown in (Jira's, else the browser's): "today" on the screen is today there. */
  /** The IANA zone `date` shows times in (the Jira user's, else the browser's): times are typed in it too. */
  timeZone: string;
  t(key: MessageKey, params?: Params): string;
  /** A counted phrase, e.g. "1 day" / "3 days"; `{count}` is formatted for the locale, other params as given. */
  plural(base: PluralBase, count: number, params?: Params): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** A weighted score, always with one decimal: "4.3". */
  score(value: number): string;
  /** A whole-number percentage given as 0-100: "30%". */
  percent(value: number, maximumFractionDigits?: number): string;
  /** A timestamp with date and time. */
  date(iso: string): string;
  /** A calendar day (yyyy-mm-dd) as the locale writes it, with no time and no time-zone shift. */
  day(isoDay: string): string;
  list(items: string[]): string;
  field(name: FieldName): string;
  grade(grade: Grade): string;
  band(band: ThreeFactorBand): string;
  quadrant(quadrant: Quadrant): string;
  quadrantHint(quadrant: Quadrant): string;
  moscow(moscow: Moscow): string;
  factor(factor: WeightedFactor): string;
  errorTitle(kind: ErrorKind): string;
  /** A sentence explaining the kind of error, for when the server's own message is not in the user's language. */
  errorHint(kind: ErrorKind): string;
  step(step: SetupStep): string;
  /** The name of a framework setting from its dotted path (`weights.urgency` → "Weight of Urgency"); the path itself if unknown. */
  setting(path: string): string;
  /** A domain Violation in the user's language, using the rule code and its params. */
  violation(violation: Violation): string;
}

/** Merges loaded catalogue modules into one language's messages. */
export function mergeMessages(modules: readonly CatalogueModule[]): Messages {
  return Object.assign({}, ...modules.map((module) => module.default)) as Messages;
}

/**
 * A translator for `locale`. Keys come from `messages` (the surface's catalogues); until they have
 * loaded, only the few words shown while loading are known (static/shared/boot-messages.ts).
 */
export function createI18n(locale: string | null | undefined, timeZone?: string, messages: Messages = {}): I18n {
  const language = languageOf(locale);
  const intlLocale = intlLocaleOf(locale, language);
  const catalogue: Messages = { ...(boot[language] as Messages), ...messages };
  const numberFormat = new Intl.NumberFormat(intlLocale);
  // Formatters are costly to build; the matrix formats thousands of scores at once.
  const scoreFormat = new Intl.NumberFormat(intlLocale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const zone = validTimeZone(timeZone);
  const dateFormat = new Intl.DateTimeFormat(intlLocale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(zone ? { timeZone: zone } : {}),
  });
  const dayFormat = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeZone: 'UTC' });
  const pluralRules = new Intl.PluralRules(intlLocale);

  const format = (template: string, params?: Params): string =>
    params
      ? template.replace(/\{(\w+)\}/g, (whole, name: string) => {
          const value = params[name];
          if (value === undefined) return whole;
          return typeof value === 'number' ? numberFormat.format(value) : value;
        })
      : template;
  const t = (key: MessageKey, params?: Params): string => format(catalogue[key] ?? key, params);
  const field = (name: FieldName): string => t(`field.${name}`);
  const setting = (path: string): string => {
    const [section, key] = path.replace(/^settings\./, '').split('.') as [string, string | undefined];
    const isGrade = (value: string | undefined): value is Grade =>
      value === 'S' || value === 'A' || value === 'B' || value === 'C';
    const scaleName = section === 'factorScale' ? t('admin.factorScale') : t('admin.valueCostScale');
    switch (section) {
      case 'weights':
        if (key === undefined) return t('admin.weights');
        return isFieldName(key) ? t('admin.weight', { factor: field(key) }) : path;
      case 'factorScale':
      case 'valueCostScale':
        if (key === 'min') return t('admin.scaleMin', { scale: scaleName });
        if (key === 'max') return t('admin.scaleMax', { scale: scaleName });
        return scaleName;
      case 'gradeThresholds':
        return isGrade(key) ? t('admin.gradeThresholdSetting', { grade: key }) : t('admin.gradeThresholds');
      case 'threeFactorBands':
        return key === 'high' || key === 'medium' ? t('admin.bandStart', { band: t(`band.${key}`) }) : t('admin.bands');
      case 'quadrantSplit':
        if (key === 'highValueFrom') return t('admin.highValueFrom');
        if (key === 'highCostFrom') return t('admin.highCostFrom');
        return t('admin.quadrantSplit');
      case 'deadlineDays':
        return isGrade(key) ? t('admin.deadline', { grade: key }) : t('admin.deadlines');
      case 'customerTypeValue':
        return isCustomerType(key)
          ? t('admin.customerTypeValue', { type: t(`customerType.${key}`) })
          : t('admin.customerTypeValues');
      case 'note':
        return t('admin.note');
      default:
        return path;
    }
  };
  const fieldOrPath = (path: string): string => {
    if (isFieldName(path)) return field(path);
    if (path === 'issuetype') return t('violationField.issuetype');
    return setting(path);
  };

  const kindName = (kind: string | number | undefined): string =>
    typeof kind === 'string' && isKind(kind) ? t(`classification.value.${kind}` as MessageKey) : String(kind ?? '');
  /** A second-level tag's refusal on the panel, or one of a tag list's on the admin page; null for any other violation. */
  const kindTagViolation = (v: Violation): string | null => {
    const params: Params = { ...(v.params ?? {}) };
    if (v.field === 'kindTag' && (v.rule === 'enum' || v.rule === 'required' || v.rule === 'mismatch')) {
      return t(`violation.kindTag.${v.rule}`, {
        ...params,
        kind: kindName(v.params?.kind),
        tagKind: kindName(v.params?.tagKind),
      });
    }
    const listPath = /^([a-z-]+)(?:\.\d+\.(code|label)(?:\.(?:en|zh))?)?$/.exec(v.field);
    if (!listPath || !isKind(listPath[1]!)) return null;
    const key = `violation.kindTags.${listPath[2] ?? 'list'}.${v.rule}`;
    return key in catalogue ? t(key as MessageKey, { max: '?', length: '?', value: '', ...params }) : null;
  };

  const violation = (v: Violation): string => {
    const tagged = kindTagViolation(v);
    if (tagged !== null) return tagged;
    const params: Params = { ...(v.params ?? {}), field: fieldOrPath(v.field) };
    const rule: ViolationRule = v.rule;
    switch (rule) {
      case 'required':
        if (v.field === 'wontReason') return t('violation.required.wontReason', params);
        return t('violation.required', params);
      case 'enum':
        if (v.field === 'moscow') return t('violation.enum.moscow', params);
        if (v.field === 'issuetype') return t('violation.enum.issuetype', params);
        return t('violation.enum', params);
      case 'range':
        // Older violations may carry no params; the English sentence then says it best.
        if (v.params?.min === undefined || v.params?.max === undefined)
          return language === 'en' ? v.message : t('violation.type', params);
        return t('violation.range', params);
      case 'sum':
        return v.params?.total === undefined && language === 'en' ? v.message : t('violation.sum', { total: '?', ...params });
      case 'length':
        // A list, not a text: "Linked customers" counts customers (a link change names `add`).
        if (v.field === 'add' || v.field === 'linkedCustomers')
          return t('violation.length.linkedCustomers', { max: '?', length: '?', ...params });
        return v.params?.max === undefined && language === 'en'
          ? v.message
          : t('violation.length', { max: '?', length: '?', ...params });
      case 'order':
        if (v.field.endsWith('Scale.max')) return t('violation.order.max', params);
        if (v.field === 'gradeThresholds.A' || v.field === 'gradeThresholds.B' || v.field === 'threeFactorBands.medium') {
          return t(`violation.order.${v.field}`, params);
        }
        if (v.field.startsWith('deadlineDays.')) return t('violation.order.deadline', params);
        return t('violation.order', params);
      case 'type':
      case 'integer':
      case 'one-decimal':
        return t(`violation.${rule}`, params);
      default:
        return v.message;
    }
  };

  return {
    language,
    intlLocale,
    timeZone: zone ?? dateFormat.resolvedOptions().timeZone,
    t,
    plural: (base, count, params) => t(`${base}.${pluralRules.select(count) === 'one' ? 'one' : 'other'}`, { ...params, count }),
    number: (value, options) => (options ? new Intl.NumberFormat(intlLocale, options).format(value) : numberFormat.format(value)),
    score: (value) => scoreFormat.format(value),
    percent: (value, maximumFractionDigits = 0) =>
      new Intl.NumberFormat(intlLocale, { style: 'percent', maximumFractionDigits }).format(value / 100),
    date: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
    },
    day: (isoDay) => {
      const date = new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(date.getTime()) ? isoDay : dayFormat.format(date);
    },
    list: (items) => {
      try {
        return new Intl.ListFormat(intlLocale, { style: 'long', type: 'conjunction' }).format(items);
      } catch {
        return items.join(', ');
      }
    },
    field,
    grade: (grade) => t(`grade.${grade}`),
    band: (band) => t(`band.${band}`),
    quadrant: (quadrant) => t(`quadrant.${quadrant}`),
    quadrantHint: (quadrant) => t(`quadrant.${quadrant}.hint`),
    moscow: (moscow) => t(`moscow.${moscow}`),
    factor: (factor) => field(factor),
    errorTitle: (kind) => t(`error.${kind}`),
    errorHint: (kind) => t(`error.${kind}.hint`),
    step: (step) => {
      const key = `step.${step.key}`;
      return key in catalogue ? t(key as MessageKey) : step.key;
    },
    setting,
    violation,
  };
}

const fallbackLocale = typeof navigator !== 'undefined' ? navigator.language : 'en-US';
const I18nContext = createContext<I18n>(createI18n(fallbackLocale));

export function I18nProvider({
  locale,
  timeZone,
  messages,
  children,
}: {
  locale: string | null | undefined;
  timeZone?: string;
  messages?: Messages;
  children: ReactNode;
}) {
  const value = useMemo(() => createI18n(locale, timeZone, messages), [locale, timeZone, messages]);
  return createElement(I18nContext.Provider, { value }, children);
}

/** The translator for the surface's locale (English until the Forge context has loaded). */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** A setting's value for reading: percentages, one-decimal thresholds, days or "No deadline". */
export function formatSetting(i18n: I18n, path: string, value: number | null): string {
  if (path.startsWith('deadlineDays.')) return value === null ? i18n.t('common.noDeadline') : i18n.plural('common.days', value);
  if (value === null) return '—';
  if (path.startsWith('weights.')) return i18n.percent(value);
  if (path.startsWith('gradeThresholds.')) return i18n.score(value);
  return i18n.number(value);
}
