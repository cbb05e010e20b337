import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import {
  CUSTOMER_TYPES,
  GRADES,
  WEIGHTED_FACTORS,
  validateFrameworkSettings,
  type FrameworkVersion,
} from '../../../src/domain/framework';
import { diffFrameworkSettings } from '../../../src/domain/framework-changes';
import { call } from '../../shared/api';
import type { ResolverError, RescoringPreview, SavedVersion, Violation } from '../../shared/api';
import { ErrorState, GradeLozenge, QuadrantLozenge } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useAction } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import {
  candidateFromForm,
  formFromSettings,
  violationsByPath,
  weightTotal,
  type FormValues,
  type SettingPath,
} from './framework-form';
import { ConflictMessage, NoteInput, describeMoves } from './widgets';

const PREVIEW_DELAY_MS = 400;
/** A short list of changed requirements is shown open; a long one folds. */
const PREVIEW_OPEN_UP_TO = 10;
const inputId = (path: string) => `rt-fw-${path.replace('.', '-')}`;

const grid = {
  display: 'grid',
  gap: token('space.150', '12px'),
  gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 150px), 1fr))',
  alignItems: 'start',
  maxWidth: 720,
} as const;

function Messages({ id, violations }: { id: string; violations: Violation[] }) {
  const i18n = useI18n();
  return (
    <div id={`${id}-error`} aria-live="polite">
      {violations.length > 0 ? (
        <ErrorMessage>{violations.map((violation) => i18n.violation(violation)).join(' ')}</ErrorMessage>
      ) : null}
    </div>
  );
}

function SettingInput(props: {
  path: SettingPath;
  label: string;
  value: string;
  violations: Violation[];
  decimal?: boolean;
  suffix?: string;
  placeholder?: string;
  groupErrorId?: string;
  disabled: boolean;
  onChange: (path: SettingPath, value: string) => void;
}) {
  const id = inputId(props.path);
  const invalid = props.violations.length > 0;
  return (
    <Stack space="space.050">
      <Label htmlFor={id}>{props.label}</Label>
      <Textfield
        id={id}
        name={props.path}
        inputMode={props.decimal ? 'decimal' : 'numeric'}
        autoComplete="off"
        value={props.value}
        placeholder={props.placeholder}
        isInvalid={invalid}
        isDisabled={props.disabled}
        aria-invalid={invalid}
        aria-describedby={[`${id}-error`, props.groupErrorId].filter(Boolean).join(' ')}
        elemAfterInput={
          props.suffix ? (
            <Box paddingInlineEnd="space.100">
              <Text color="color.text.subtle">{props.suffix}</Text>
            </Box>
          ) : undefined
        }
        onChange={(event: FormEvent<HTMLInputElement>) => props.onChange(props.path, event.currentTarget.value)}
      />
      <Messages id={id} violations={props.violations} />
    </Stack>
  );
}

/** A titled group of inputs; violations of the group itself (e.g. the weight sum) show under it. */
function Group({
  id,
  legend,
  hint,
  children,
  footer,
  violations,
}: {
  id: string;
  legend: string;
  hint?: string;
  children: ReactNode;
  footer?: ReactNode;
  violations?: Violation[];
}) {
  return (
    <fieldset style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }} aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend style={{ padding: 0, marginBlockEnd: token('space.050', '4px') }}>
        <Text weight="semibold">{legend}</Text>
      </legend>
      <Stack space="space.100">
        {hint ? (
          <Text size="small" color="color.text.subtle" id={`${id}-hint`}>
            {hint}
          </Text>
        ) : null}
        <div style={grid}>{children}</div>
        {footer}
        {violations ? <Messages id={id} violations={violations} /> : null}
      </Stack>
    </fieldset>
  );
}

type PreviewState =
  | { status: 'idle' }
  | { status: 'invalid' }
  | { status: 'loading'; last: RescoringPreview | null }
  | { status: 'ready'; preview: RescoringPreview }
  | { status: 'failed'; error: ResolverError };

/** A preview cell whose value the new framework leaves as it is. */
function Unchanged() {
  const i18n = useI18n();
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Text color="color.text.subtle">{i18n.t('admin.previewSame')}</Text>
    </span>
  );
}

function PreviewResult({ preview }: { preview: RescoringPreview }) {
  const i18n = useI18n();
  const scoreText = (score: number | null) => (score === null ? i18n.t('common.notScored') : i18n.score(score));
  const moves = [
    ...(preview.gradeMoves.length > 0 ? [describeMoves(i18n, preview.gradeMoves, (grade) => i18n.grade(grade))] : []),
    ...(preview.quadrantMoves.length > 0
      ? [
          i18n.t('admin.previewQuadrants', {
            moves: describeMoves(i18n, preview.quadrantMoves, (quadrant) => i18n.quadrant(quadrant)),
          }),
        ]
      : []),
  ];
  return (
    <Stack space="space.100">
      <Text as="p" weight="semibold" testId="rt-preview-summary">
        {moves.length > 0
          ? i18n.t('admin.previewWould', { moves: moves.join(i18n.language === 'en' ? '; ' : '；') })
          : i18n.t('admin.previewNone')}
      </Text>
      <Text as="p" testId="rt-preview-scores">
        {preview.scoreChanges > 0
          ? i18n.t('admin.previewScores', { requirements: i18n.plural('common.requirements', preview.scoreChanges) })
          : i18n.t('admin.previewNoScores')}
      </Text>
      <Text as="p" size="small" color="color.text.subtle">
        {i18n.t('admin.previewChecked', { requirements: i18n.plural('common.requirements', preview.total) })}
      </Text>
      {preview.changes.length > 0 ? (
        <details open={preview.changes.length <= PREVIEW_OPEN_UP_TO}>
          <summary style={{ cursor: 'pointer' }}>
            <Text>{i18n.t('admin.previewList', { count: preview.changes.length })}</Text>
          </summary>
          <div style={{ marginBlockStart: token('space.100', '8px') }}>
            <DataTable
              columns={[
                {
                  key: 'key',
                  header: i18n.t('admin.previewKey'),
                  rowHeader: true,
                  noWrap: true,
                  cell: (change) => <Text weight="semibold">{change.key}</Text>,
                },
                {
                  key: 'score',
                  header: i18n.t('admin.previewScore'),
                  noWrap: true,
                  cell: (change) =>
                    change.score.from === change.score.to ? (
                      <Unchanged />
                    ) : (
                      <Text>
                        {scoreText(change.score.from)} → {scoreText(change.score.to)}
                      </Text>
                    ),
                },
                {
                  key: 'grade',
                  header: i18n.t('admin.previewGrade'),
                  cell: (change) =>
                    change.grade.from === change.grade.to ? (
                      <Unchanged />
                    ) : (
                      <Inline space="space.050" alignBlock="center">
                        <GradeLozenge grade={change.grade.from} />
                        <Text>→</Text>
                        <GradeLozenge grade={change.grade.to} />
                      </Inline>
                    ),
                },
                {
                  key: 'quadrant',
                  header: i18n.t('admin.previewQuadrant'),
                  cell: (change) =>
                    change.quadrant.from === change.quadrant.to ? (
                      <Unchanged />
                    ) : (
                      <Inline space="space.050" alignBlock="center" shouldWrap>
                        <QuadrantLozenge quadrant={change.quadrant.from} />
                        <Text>→</Text>
                        <QuadrantLozenge quadrant={change.quadrant.to} />
                      </Inline>
                    ),
                },
              ]}
              rows={preview.changes}
              rowKey={(change) => change.key}
              caption={i18n.t('admin.previewTable')}
              minWidth={320}
            />
          </div>
        </details>
      ) : null}
    </Stack>
  );
}

function Preview({ state }: { state: PreviewState }) {
  const i18n = useI18n();
  let body: ReactNode;
  switch (state.status) {
    case 'idle':
      body = <Text color="color.text.subtle">{i18n.t('admin.previewIdle')}</Text>;
      break;
    case 'invalid':
      body = <Text color="color.text.subtle">{i18n.t('admin.previewInvalid')}</Text>;
      break;
    case 'loading':
      body = (
        <Stack space="space.100">
          <Inline space="space.100" alignBlock="center">
            <Spinner size="small" label={i18n.t('admin.previewLoading')} />
            <Text color="color.text.subtle">{i18n.t('admin.previewLoading')}</Text>
          </Inline>
          {state.last ? (
            <div style={{ opacity: 0.6 }}>
              <PreviewResult preview={state.last} />
            </div>
          ) : null}
        </Stack>
      );
      break;
    case 'ready':
      body = <PreviewResult preview={state.preview} />;
      break;
    case 'failed':
      body = (
        <Stack space="space.050">
          <Text color="color.text.warning">{i18n.t('admin.previewFailed')}</Text>
          <Text size="small" color="color.text.subtle">
            {state.error.message}
          </Text>
        </Stack>
      );
      break;
  }
  return (
    <section
      aria-labelledby="rt-preview-heading"
      aria-live="polite"
      aria-busy={state.status === 'loading'}
      data-testid="rt-preview"
    >
      <Box
        padding="space.150"
        backgroundColor="color.background.neutral.subtle"
        style={{
          borderRadius: token('radius.medium', '6px'),
          border: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
        }}
      >
        <Stack space="space.100">
          <Text weight="bold" id="rt-preview-heading">
            {i18n.t('admin.preview')}
          </Text>
          {body}
        </Stack>
      </Box>
    </section>
  );
}

/**
 * Edits a new version on top of `current`: inline validation with the domain's own rules, a
 * debounced preview of the grade and quadrant moves, and a save that names who saved first when
 * someone else did.
 */
export function FrameworkEditor({
  current,
  projectKey,
  onCancel,
  onSaved,
  onReloadNewest,
}: {
  current: FrameworkVersion;
  /** The project whose framework is edited; undefined edits the global default. */
  projectKey?: string;
  onCancel: () => void;
  onSaved: (saved: SavedVersion) => void;
  onReloadNewest: () => void;
}) {
  const i18n = useI18n();
  const [form, setForm] = useState<FormValues>(() => formFromSettings(current.settings));
  const [note, setNote] = useState('');
  const [attempted, setAttempted] = useState(false);
  const saving = useAction<'framework.save'>();
  // Settings edited since the last save was sent: the server's word on them (and on the weights' sum) no longer applies.
  const [editedSinceSave, setEditedSinceSave] = useState<ReadonlySet<string>>(new Set());
  const serverViolations = useMemo(
    () =>
      saving.violations.filter(
        (violation) =>
          editedSinceSave.size === 0 ||
          (!editedSinceSave.has(violation.field.replace(/^settings\./, '')) && violation.field !== 'weights'),
      ),
    [saving.violations, editedSinceSave],
  );
  // A conflict stays until the newest version is loaded; any other failure until the next edit.
  const conflict = saving.error?.kind === 'conflict' ? saving.error : null;
  const saveError = saving.error && !conflict && editedSinceSave.size === 0 ? saving.error : null;
  const { clear: clearSave } = saving;
  const [rebasedOn, setRebasedOn] = useState<number | null>(null);
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  const baseVersion = useRef(current.version);
  const formRef = useRef<HTMLFormElement>(null);

  // After "Reload the newest version" the edits stay and the newer version becomes the base.
  useEffect(() => {
    if (current.version !== baseVersion.current) {
      baseVersion.current = current.version;
      setRebasedOn(current.version);
      clearSave();
    }
  }, [current.version, clearSave]);

  const validation = useMemo(() => validateFrameworkSettings(candidateFromForm(form)), [form]);
  const changed = validation.ok && diffFrameworkSettings(current.settings, validation.value).length > 0;
  const candidateKey = validation.ok ? JSON.stringify(validation.value) : null;
  const violations = useMemo(
    () => violationsByPath([...(validation.ok ? [] : validation.violations), ...serverViolations]),
    [validation, serverViolations],
  );
  const at = (path: string) => violations.get(path) ?? [];
  const unplaced = [...violations.entries()]
    .filter(([path]) => !(path in form) && !['weights', 'note'].includes(path))
    .flatMap(([, list]) => list);

  useEffect(() => {
    if (candidateKey === null) {
      setPreview({ status: 'invalid' });
      return;
    }
    if (!changed) {
      setPreview({ status: 'idle' });
      return;
    }
    let active = true;
    setPreview((previous) => ({
      status: 'loading',
      last: previous.status === 'ready' ? previous.preview : previous.status === 'loading' ? previous.last : null,
    }));
    const timer = setTimeout(() => {
      void call('framework.preview', {
        settings: JSON.parse(candidateKey) as unknown,
        ...(projectKey ? { projectKey } : {}),
      }).then((result) => {
        if (!active) return;
        if (result.ok) setPreview({ status: 'ready', preview: result.data });
        else setPreview({ status: 'failed', error: result.error });
      });
    }, PREVIEW_DELAY_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [candidateKey, changed, current.version]);

  const update = (path: SettingPath, value: string) => {
    setForm((previous) => ({ ...previous, [path]: value }));
    setEditedSinceSave((previous) => new Set(previous).add(path));
  };

  const noteError =
    attempted && note.trim() === ''
      ? i18n.t('admin.noteRequired')
      : (at('note').map((violation) => i18n.violation(violation))[0] ?? null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!validation.ok || !changed || note.trim() === '') {
      // Move focus to the first field that needs attention.
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setEditedSinceSave(new Set());
    const result = await saving.run('framework.save', {
      settings: validation.value,
      note: note.trim(),
      baseVersion: current.version,
      ...(projectKey ? { projectKey } : {}),
    });
    if (result.ok) onSaved(result.data);
    else if (result.error.kind === 'conflict') setRebasedOn(null);
  };

  const weightsTotal = weightTotal(form);
  const disabled = saving.busy;

  return (
    <form noValidate onSubmit={save} ref={formRef} aria-labelledby="rt-editor-heading" data-testid="rt-framework-editor">
      <Stack space="space.300">
        <Text weight="semibold" size="large" id="rt-editor-heading">
          {i18n.t('admin.editing', { version: current.version })}
        </Text>
        {conflict ? <ConflictMessage error={conflict} onReload={onReloadNewest} /> : null}
        {rebasedOn !== null ? (
          <div role="status">
            <SectionMessage appearance="information">
              <Text as="p">{i18n.t('admin.rebased', { version: rebasedOn })}</Text>
            </SectionMessage>
          </div>
        ) : null}

        {/* The preview sits beside the weights on a wide page and right under them on a narrow one. */}
        <div className="rt-editor-layout">
          <div className="rt-editor-weights">
            <Group
              id="rt-fw-weights"
              legend={i18n.t('admin.weights')}
              hint={i18n.t('admin.weightsHint')}
              violations={at('weights')}
              footer={
                <Text
                  weight="semibold"
                  color={weightsTotal === 100 ? 'color.text.success' : 'color.text.danger'}
                  testId="rt-weights-total"
                  aria-live="polite"
                >
                  {i18n.t('admin.weightsTotal', { total: i18n.percent(weightsTotal) })}
                </Text>
              }
            >
              {WEIGHTED_FACTORS.map((factor) => (
                <SettingInput
                  key={factor}
                  path={`weights.${factor}`}
                  label={i18n.t('admin.weight', { factor: i18n.factor(factor) })}
                  value={form[`weights.${factor}`]}
                  violations={at(`weights.${factor}`)}
                  suffix="%"
                  groupErrorId="rt-fw-weights-error"
                  disabled={disabled}
                  onChange={update}
                />
              ))}
            </Group>
          </div>
          <aside className="rt-editor-preview">
            <Preview state={preview} />
          </aside>
          <div className="rt-editor-rest">
            <Stack space="space.300">
              <Group id="rt-fw-factorScale" legend={i18n.t('admin.factorScale')} hint={i18n.t('admin.scaleHint')}>
                {(['min', 'max'] as const).map((end) => (
                  <SettingInput
                    key={end}
                    path={`factorScale.${end}`}
                    label={i18n.t(end === 'min' ? 'admin.minimum' : 'admin.maximum')}
                    value={form[`factorScale.${end}`]}
                    violations={at(`factorScale.${end}`)}
                    disabled={disabled}
                    onChange={update}
                  />
                ))}
              </Group>

              <Group
                id="rt-fw-gradeThresholds"
                legend={i18n.t('admin.gradeThresholds')}
                hint={i18n.t('admin.gradeThresholdsHint')}
              >
                {(['S', 'A', 'B'] as const).map((grade) => (
                  <SettingInput
                    key={grade}
                    path={`gradeThresholds.${grade}`}
                    label={i18n.t('admin.gradeFromLabel', { grade })}
                    value={form[`gradeThresholds.${grade}`]}
                    violations={at(`gradeThresholds.${grade}`)}
                    decimal
                    disabled={disabled}
                    onChange={update}
                  />
                ))}
              </Group>

              <Group id="rt-fw-bands" legend={i18n.t('admin.bands')} hint={i18n.t('admin.bandsHint')}>
                {(['high', 'medium'] as const).map((band) => (
                  <SettingInput
                    key={band}
                    path={`threeFactorBands.${band}`}
                    label={i18n.t('admin.bandStart', { band: i18n.band(band) })}
                    value={form[`threeFactorBands.${band}`]}
                    violations={at(`threeFactorBands.${band}`)}
                    disabled={disabled}
                    onChange={update}
                  />
                ))}
              </Group>

              <Group id="rt-fw-valueCostScale" legend={i18n.t('admin.valueCostScale')} hint={i18n.t('admin.scaleHint')}>
                {(['min', 'max'] as const).map((end) => (
                  <SettingInput
                    key={end}
                    path={`valueCostScale.${end}`}
                    label={i18n.t(end === 'min' ? 'admin.minimum' : 'admin.maximum')}
                    value={form[`valueCostScale.${end}`]}
                    violations={at(`valueCostScale.${end}`)}
                    disabled={disabled}
                    onChange={update}
                  />
                ))}
              </Group>

              <Group id="rt-fw-quadrantSplit" legend={i18n.t('admin.quadrantSplit')} hint={i18n.t('admin.quadrantSplitHint')}>
                {(['highValueFrom', 'highCostFrom'] as const).map((key) => (
                  <SettingInput
                    key={key}
                    path={`quadrantSplit.${key}`}
                    label={i18n.t(key === 'highValueFrom' ? 'admin.highValueFrom' : 'admin.highCostFrom')}
                    value={form[`quadrantSplit.${key}`]}
                    violations={at(`quadrantSplit.${key}`)}
                    disabled={disabled}
                    onChange={update}
                  />
                ))}
              </Group>

              <Group id="rt-fw-deadlines" legend={i18n.t('admin.deadlines')} hint={i18n.t('admin.deadlinesHint')}>
                {GRADES.map((grade) => (
                  <SettingInput
                    key={grade}
                    path={`deadlineDays.${grade}`}
                    label={i18n.t('admin.deadlineInput', { grade })}
                    value={form[`deadlineDays.${grade}`]}
                    violations={at(`deadlineDays.${grade}`)}
                    placeholder={i18n.t('common.noDeadline')}
                    disabled={disabled}
                    onChange={update}
                  />
                ))}
              </Group>

              <Group
                id="rt-fw-customerTypeValue"
                legend={i18n.t('admin.customerTypeValues')}
                hint={i18n.t('admin.customerTypeValuesHint')}
              >
                {CUSTOMER_TYPES.map((type) => (
                  <SettingInput
                    key={type}
                    path={`customerTypeValue.${type}`}
                    label={i18n.t(`customerType.${type}`)}
                    value={form[`customerTypeValue.${type}`]}
                    violations={at(`customerTypeValue.${type}`)}
                    disabled={disabled}
                    onChange={update}
                  />
                ))}
              </Group>

              {unplaced.length > 0 ? (
                <ul style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }}>
                  {unplaced.map((violation, index) => (
                    <li key={`${violation.field}-${index}`}>
                      <ErrorMessage>{i18n.violation(violation)}</ErrorMessage>
                    </li>
                  ))}
                </ul>
              ) : null}
            </Stack>
          </div>
        </div>

        <NoteInput id="rt-fw-note" value={note} error={noteError} disabled={disabled} onChange={setNote} />

        <div aria-live="polite">
          {attempted && !validation.ok ? <ErrorMessage>{i18n.t('admin.fixErrors')}</ErrorMessage> : null}
          {attempted && validation.ok && !changed ? <HelperMessage>{i18n.t('admin.noChanges')}</HelperMessage> : null}
        </div>
        {saveError ? <ErrorState error={saveError} title={i18n.t('admin.saveFailed')} /> : null}

        <Inline space="space.100" shouldWrap>
          <Button type="submit" appearance="primary" isLoading={saving.busy}>
            {i18n.t('admin.saveVersion', { version: current.version + 1 })}
          </Button>
          <Button appearance="subtle" onClick={onCancel} isDisabled={saving.busy}>
            {i18n.t('admin.cancel')}
          </Button>
        </Inline>
      </Stack>
    </form>
  );
}
