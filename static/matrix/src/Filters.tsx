import { useId, useMemo, useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import Select, { AsyncSelect } from '@atlaskit/select';
import TextField from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { searchCustomers } from '../../shared/api';
import type { Grade, Moscow, Quadrant, RequirementRow } from '../../shared/api';
import { useI18n, type I18n, type MessageKey } from '../../shared/i18n';
import {
  activeFilterCount,
  FILTER_DIMENSIONS,
  filterOptions,
  NO_FILTERS,
  NONE,
  tagChoices,
  withKinds,
  type FeasibilityStanding,
  type FilterDimension,
  type Filters,
} from './filter-model';
import { KINDS, tagLabel, type KindTagLists } from '../../../src/domain/kind-tags';
import { NO_KIND_FILTER, type KindFilter } from '../../../src/domain/jql';
import type { ColourBy } from './Scatter';

interface Option {
  value: string;
  label: string;
}

const DIMENSION_LABEL: Record<FilterDimension, MessageKey> = {
  status: 'matrix.filter.status',
  moscow: 'matrix.filter.moscow',
  grade: 'matrix.filter.grade',
  quadrant: 'matrix.filter.quadrant',
  feasibility: 'matrix.filter.feasibility',
  assignee: 'matrix.filter.assignee',
  label: 'matrix.filter.label',
  component: 'matrix.filter.component',
  customer: 'matrix.filter.customer',
};

function optionLabel(i18n: I18n, dimension: FilterDimension, value: string): string {
  if (value === NONE) return dimension === 'assignee' ? i18n.t('matrix.unassigned') : i18n.t('common.none');
  if (dimension === 'moscow') return i18n.moscow(value as Moscow);
  if (dimension === 'grade') return i18n.t('grade.label', { grade: value as Grade });
  if (dimension === 'quadrant') return i18n.quadrant(value as Quadrant);
  if (dimension === 'feasibility') return i18n.t(`matrix.feasibility.${value as FeasibilityStanding}`);
  return value;
}

interface OptionGroup {
  label: string;
  options: Option[];
}

/** One labelled multi-select of the filter bar; every filter but the customer search is one. */
function MultiSelectFilter({
  label,
  width,
  testId,
  options,
  chosen,
  onChange,
}: {
  label: string;
  /** The flex basis and largest width, in px. */
  width: { basis: number; max: number };
  testId?: string;
  options: Option[] | OptionGroup[];
  chosen: Option[];
  onChange(values: string[]): void;
}) {
  const i18n = useI18n();
  const id = useId();
  return (
    <div style={{ minWidth: width.basis, flex: `1 1 ${width.basis}px`, maxWidth: width.max }} data-testid={testId}>
      <Label htmlFor={id}>{label}</Label>
      <Select<Option, true>
        inputId={id}
        isMulti
        spacing="compact"
        placeholder={i18n.t('matrix.filter.any')}
        options={options}
        value={chosen}
        onChange={(values) => onChange(values.map((value) => value.value))}
        noOptionsMessage={() => i18n.t('common.noOptions')}
      />
    </div>
  );
}

function DimensionFilter({
  dimension,
  options,
  selected,
  onChange,
}: {
  dimension: FilterDimension;
  options: { value: string; count: number }[];
  selected: string[];
  onChange(values: string[]): void;
}) {
  const i18n = useI18n();
  const choices: Option[] = options.map(({ value, count }) => ({
    value,
    label: `${optionLabel(i18n, dimension, value)} (${i18n.number(count)})`,
  }));
  // Keep chosen values visible even when the current JQL no longer returns them.
  for (const value of selected)
    if (!choices.some((choice) => choice.value === value)) choices.push({ value, label: optionLabel(i18n, dimension, value) });
  return (
    <MultiSelectFilter
      label={i18n.t(DIMENSION_LABEL[dimension])}
      width={{ basis: 150, max: 260 }}
      options={choices}
      chosen={choices.filter((choice) => selected.includes(choice.value))}
      onChange={onChange}
    />
  );
}

/**
 * Linked customers are searched in the archive by number or name prefix (rows carry numbers only,
 * so the matrix loads no names); each option says how many of the loaded requirements it has.
 */
function CustomerFilter({
  projectKey,
  counts,
  selected,
  onChange,
}: {
  projectKey: string;
  counts: { value: string; count: number }[];
  selected: string[];
  onChange(values: string[]): void;
}) {
  const i18n = useI18n();
  const id = useId();
  const [labels, setLabels] = useState<ReadonlyMap<string, string>>(new Map());
  const countOf = (number: string) => counts.find((entry) => entry.value === number)?.count ?? 0;
  const search = async (query: string): Promise<Option[]> => {
    return (await searchCustomers(projectKey, query)).map((customer) => ({
      value: customer.number,
      label: `${customer.number} ${customer.erasedAt ? i18n.t('customers.erasedLozenge') : customer.name} (${i18n.number(countOf(customer.number))})`,
    }));
  };
  const chosen = selected.map((value) => ({ value, label: labels.get(value) ?? value }));
  return (
    <div style={{ minWidth: 200, flex: '1 1 200px', maxWidth: 320 }}>
      <Label htmlFor={id}>{i18n.t(DIMENSION_LABEL.customer)}</Label>
      <AsyncSelect<Option, true>
        inputId={id}
        isMulti
        spacing="compact"
        cacheOptions={false}
        defaultOptions
        loadOptions={search}
        placeholder={i18n.t('links.search')}
        value={chosen}
        loadingMessage={() => i18n.t('links.searching')}
        noOptionsMessage={() => i18n.t('links.noMatches')}
        onChange={(values) => {
          setLabels(
            (previous) =>
              new Map([...previous, ...values.map((value) => [value.value, value.label.replace(/ \([^()]*\)$/, '')] as const)]),
          );
          onChange(values.map((value) => value.value));
        }}
      />
    </div>
  );
}

/**
 * Kind and second-level tag: Jira narrows the requirements by them (as it does by the JQL), so the
 * export follows them too. The tags offered are the project's own lists, of the chosen kinds only.
 */
function KindFilters({
  lists,
  filter,
  onChange,
}: {
  lists: KindTagLists | null;
  filter: KindFilter;
  onChange(filter: KindFilter): void;
}) {
  const i18n = useI18n();
  const language = i18n.language === 'zh-CN' ? 'zh' : 'en';
  const kindName = (kind: string) => i18n.t(`classification.value.${kind}` as MessageKey);
  const kindOptions: Option[] = KINDS.map((kind) => ({ value: kind, label: kindName(kind) }));
  const groups: OptionGroup[] = lists
    ? KINDS.filter((kind) => filter.kinds.length === 0 || filter.kinds.includes(kind))
        .map((kind) => ({
          label: kindName(kind),
          options: tagChoices(lists, [kind]).map(({ tag }) => ({ value: tag.code, label: tagLabel(lists, tag.code, language) })),
        }))
        .filter((group) => group.options.length > 0)
    : [];
  const tagOptions = groups.flatMap((group) => group.options);
  // A chosen tag no longer on the lists (or before they load) still shows, by its code.
  const chosenTags = filter.kindTags.map(
    (code) =>
      tagOptions.find((option) => option.value === code) ?? {
        value: code,
        label: lists ? tagLabel(lists, code, language) : code,
      },
  );
  return (
    <>
      <MultiSelectFilter
        label={i18n.t('matrix.filter.kind')}
        width={{ basis: 150, max: 260 }}
        testId="rt-filter-kind"
        options={kindOptions}
        chosen={kindOptions.filter((option) => filter.kinds.includes(option.value))}
        onChange={(kinds) => onChange(lists ? withKinds(lists, filter, kinds) : { ...filter, kinds })}
      />
      <MultiSelectFilter
        label={i18n.t('matrix.filter.kindTag')}
        width={{ basis: 170, max: 300 }}
        testId="rt-filter-kind-tag"
        options={groups}
        chosen={chosenTags}
        onChange={(kindTags) => onChange({ ...filter, kindTags })}
      />
    </>
  );
}

export interface FilterBarProps {
  projectKey: string;
  rows: RequirementRow[];
  filters: Filters;
  onFilters(filters: Filters): void;
  appliedJql: string;
  jqlError: string | null;
  onJql(jql: string): void;
  jqlBusy: boolean;
  colourBy: ColourBy;
  onColourBy(colourBy: ColourBy): void;
  showFinished: boolean;
  onShowFinished(show: boolean): void;
  /** Done and Closed requirements among the rows (closed duplicates not counted). */
  finishedCount: number;
  /** The project's second-level tag lists (null until loaded). */
  kindTagLists: KindTagLists | null;
  /** The kind filter applied (by Jira, as the JQL is). */
  kindFilter: KindFilter;
  onKindFilter(filter: KindFilter): void;
}

export function FilterBar({
  projectKey,
  rows,
  filters,
  onFilters,
  appliedJql,
  jqlError,
  onJql,
  jqlBusy,
  colourBy,
  onColourBy,
  showFinished,
  onShowFinished,
  finishedCount,
  kindTagLists,
  kindFilter,
  onKindFilter,
}: FilterBarProps) {
  const i18n = useI18n();
  const jqlId = useId();
  const colourId = useId();
  const finishedId = useId();
  const [jql, setJql] = useState(appliedJql);
  const options = useMemo(() => filterOptions(rows), [rows]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onJql(jql);
  };
  const colourOptions: Option[] = [
    { value: 'grade', label: i18n.t('matrix.colourByGrade') },
    { value: 'moscow', label: i18n.t('matrix.colourByMoscow') },
  ];
  const active = activeFilterCount(filters) + kindFilter.kinds.length + kindFilter.kindTags.length;
  const [wide] = useState(() => typeof window === 'undefined' || window.matchMedia('(min-width: 600px)').matches);
  return (
    <Stack space="space.150">
      <form onSubmit={submit} role="search" aria-label={i18n.t('matrix.jqlLabel')}>
        <Stack space="space.050">
          <Label htmlFor={jqlId}>{i18n.t('matrix.jqlLabel')}</Label>
          <Inline space="space.100" alignBlock="start" shouldWrap>
            <div style={{ width: 'min(520px, 80vw)' }}>
              <TextField
                id={jqlId}
                value={jql}
                onChange={(event) => setJql(event.currentTarget.value)}
                placeholder="labels = mobile AND status != Done"
                isInvalid={jqlError !== null}
                aria-describedby={`${jqlId}-message`}
                isCompact
                style={{ fontFamily: token('font.family.code', 'monospace') }}
              />
            </div>
            <Button type="submit" isLoading={jqlBusy} spacing="compact">
              {i18n.t('matrix.jqlApply')}
            </Button>
            {appliedJql || jql ? (
              <Button
                appearance="subtle"
                spacing="compact"
                onClick={() => {
                  setJql('');
                  onJql('');
                }}
              >
                {i18n.t('matrix.jqlClear')}
              </Button>
            ) : null}
          </Inline>
          <div id={`${jqlId}-message`}>
            {jqlError ? (
              <ErrorMessage>{i18n.t('matrix.jqlRefused', { message: jqlError })}</ErrorMessage>
            ) : (
              <HelperMessage>
                {appliedJql ? i18n.t('matrix.jqlApplied', { jql: appliedJql }) : i18n.t('matrix.jqlHint')}
              </HelperMessage>
            )}
          </div>
        </Stack>
      </form>
      <div style={{ display: 'flex', alignItems: 'center', gap: token('space.075', '6px') }}>
        <input
          id={finishedId}
          type="checkbox"
          checked={showFinished}
          onChange={(event) => onShowFinished(event.currentTarget.checked)}
          style={{ width: 16, height: 16, margin: 0, accentColor: token('color.background.selected.bold', '#1868DB') }}
        />
        <label
          htmlFor={finishedId}
          style={{ font: token('font.body', 'normal 400 14px/20px sans-serif'), color: token('color.text', '#292A2E') }}
        >
          {i18n.t('matrix.showFinished', { count: i18n.number(finishedCount) })}
        </label>
      </div>
      {/* Folded on narrow screens, where seven filters would push the chart far down. */}
      <details open={wide} style={{ display: 'block' }}>
        <summary
          style={{
            cursor: 'pointer',
            font: token('font.heading.xxsmall', 'normal 600 12px/16px sans-serif'),
            marginBlockEnd: token('space.100', '8px'),
          }}
        >
          {active > 0 ? i18n.t('matrix.filtersActive', { count: active }) : i18n.t('matrix.filtersLabel')}
        </summary>
        <div
          role="group"
          aria-label={i18n.t('matrix.filtersLabel')}
          style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.150', '12px'), alignItems: 'flex-end' }}
        >
          <KindFilters lists={kindTagLists} filter={kindFilter} onChange={onKindFilter} />
          {FILTER_DIMENSIONS.map((dimension) =>
            dimension === 'customer' ? (
              <CustomerFilter
                key={dimension}
                projectKey={projectKey}
                counts={options.customer}
                selected={filters.customer}
                onChange={(values) => onFilters({ ...filters, customer: values })}
              />
            ) : (
              <DimensionFilter
                key={dimension}
                dimension={dimension}
                options={options[dimension]}
                selected={filters[dimension]}
                onChange={(values) => onFilters({ ...filters, [dimension]: values })}
              />
            ),
          )}
          <div style={{ minWidth: 150, flex: '0 1 180px' }}>
            <Label htmlFor={colourId}>{i18n.t('matrix.colourBy')}</Label>
            <Select<Option, false>
              inputId={colourId}
              spacing="compact"
              options={colourOptions}
              value={colourOptions.find((option) => option.value === colourBy)}
              onChange={(option) => option && onColourBy(option.value as ColourBy)}
            />
          </div>
          {active > 0 ? (
            <Button
              appearance="subtle"
              spacing="compact"
              onClick={() => {
                onFilters(NO_FILTERS);
                if (kindFilter.kinds.length > 0 || kindFilter.kindTags.length > 0) onKindFilter(NO_KIND_FILTER);
              }}
            >
              {i18n.plural('matrix.clearFilters', active)}
            </Button>
          ) : null}
        </div>
      </details>
    </Stack>
  );
}
