import './base.css';
import { Component, useEffect, useRef, useState, type CSSProperties, type ErrorInfo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { setBooleanFeatureFlagResolver } from '@atlaskit/platform-feature-flags';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { SectionMessage, SectionMessageAction } from './section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { CustomerType, FeasibilityDimension, Grade, Moscow, Quadrant, ResolverError, ThreeFactorBand } from './api';
import { BAND_APPEARANCE, GRADE_APPEARANCE, QUADRANT_APPEARANCE } from './appearance';
import { useForgeContext, type ForgeContext } from './hooks';
import { I18nProvider, languageOf, mergeMessages, useI18n, type Language, type LoadMessages, type Messages } from './i18n';
import { openIssue } from './navigation';
import { enableTheme } from './theme';

export { BAND_APPEARANCE, GRADE_APPEARANCE, QUADRANT_APPEARANCE };

/** One colour scheme per grade, used by lozenges and charts alike: S is the most urgent. */
export const GRADE_COLOR: Record<Grade, { fill: string; text: string }> = {
  S: { fill: token('color.background.danger.bold', '#C9372C'), text: token('color.text.inverse', '#FFFFFF') },
  A: { fill: token('color.background.warning.bold', '#F5CD47'), text: token('color.text.warning.inverse', '#172B4D') },
  B: { fill: token('color.background.information.bold', '#1D7AFC'), text: token('color.text.inverse', '#FFFFFF') },
  C: { fill: token('color.background.neutral.bold', '#44546F'), text: token('color.text.inverse', '#FFFFFF') },
};
export const MOSCOW_COLOR: Record<Moscow, { fill: string; text: string }> = {
  Must: { fill: token('color.background.danger.bold', '#C9372C'), text: token('color.text.inverse', '#FFFFFF') },
  Should: { fill: token('color.background.warning.bold', '#F5CD47'), text: token('color.text.warning.inverse', '#172B4D') },
  Could: { fill: token('color.background.discovery.bold', '#8270DB'), text: token('color.text.inverse', '#FFFFFF') },
  "Won't": { fill: token('color.background.neutral.bold', '#44546F'), text: token('color.text.inverse', '#FFFFFF') },
};
export const UNGRADED_COLOR = {
  fill: token('elevation.surface', '#FFFFFF'),
  stroke: token('color.border.bold', '#7D818A'),
  text: token('color.text.subtle', '#505258'),
};
export const QUADRANT_BACKGROUND: Record<Quadrant, string> = {
  'quick-win': token('color.background.success', '#DCFFF1'),
  'major-project': token('color.background.information', '#E9F2FF'),
  'fill-in': token('color.background.neutral', '#091E420F'),
  avoid: token('color.background.danger', '#FFECEB'),
};
/**
 * The look of a plain textarea next to Atlaskit text fields (no Atlaskit textarea is installed, to
 * keep bundles lean): token colours, a thicker border when focused or invalid.
 */
export function textAreaStyle(state: { focused: boolean; invalid: boolean }, maxWidth?: number): CSSProperties {
  const borderColor = state.invalid
    ? token('color.border.danger', '#E2483D')
    : state.focused
      ? token('color.border.focused', '#4688EC')
      : token('color.border.input', '#8C8F97');
  return {
    boxSizing: 'border-box',
    width: '100%',
    ...(maxWidth ? { maxWidth } : {}),
    resize: 'vertical',
    font: 'inherit',
    color: token('color.text', '#292A2E'),
    backgroundColor: token('color.background.input', '#FFFFFF'),
    border: `${token('border.width', '1px')} solid ${borderColor}`,
    boxShadow: state.focused || state.invalid ? `inset 0 0 0 ${token('border.width', '1px')} ${borderColor}` : 'none',
    borderRadius: token('radius.small', '4px'),
    padding: `${token('space.100', '8px')} ${token('space.075', '6px')}`,
    outline: 'none',
  };
}

const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** Text for screen readers only. */
export function VisuallyHidden({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <span id={id} style={visuallyHidden}>
      {children}
    </span>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  const text = label ?? t('common.loading');
  return (
    <Box padding="space.200" role="status">
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label={text} />
        <Text color="color.text.subtle">{text}</Text>
      </Inline>
    </Box>
  );
}

/** A failed call: what went wrong (translated kind + the server's message), and a retry where one can help. */
export function ErrorState({ error, onRetry, title }: { error: ResolverError; onRetry?: () => void; title?: string }) {
  const i18n = useI18n();
  const retryable = onRetry && error.kind !== 'forbidden' && error.kind !== 'not-found' && error.kind !== 'validation';
  return (
    <div role="alert">
      <SectionMessage
        appearance={error.kind === 'forbidden' ? 'warning' : 'error'}
        title={title ?? i18n.errorTitle(error.kind)}
        actions={
          retryable
            ? [
                <SectionMessageAction key="retry" onClick={onRetry}>
                  {i18n.t('common.retry')}
                </SectionMessageAction>,
              ]
            : undefined
        }
      >
        <Stack space="space.100">
          {title ? <Text weight="medium">{i18n.errorTitle(error.kind)}</Text> : null}
          {/* The server writes its sentences in the page's language; a refusal of input is said by its violations below, translated here. */}
          {error.kind === 'validation' && i18n.language !== 'en' ? (
            <>
              <Text as="p">{i18n.errorHint(error.kind)}</Text>
              {/* Without violations the sentence is Jira's own, in English: shown as it came. */}
              {error.message && !error.violations?.length ? (
                <Text as="p" size="small" color="color.text.subtle">
                  {error.message}
                </Text>
              ) : null}
            </>
          ) : (
            <Text as="p">{error.message || i18n.errorHint(error.kind)}</Text>
          )}
          {error.violations && error.violations.length > 0 ? (
            <ul style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }}>
              {error.violations.map((violation, index) => (
                <li key={`${violation.field}-${index}`}>{i18n.violation(violation)}</li>
              ))}
            </ul>
          ) : null}
        </Stack>
      </SectionMessage>
    </div>
  );
}

export function EmptyState({ title, description, action }: { title: string; description?: string; action?: ReactNode }) {
  return (
    <Box padding="space.300">
      <Stack space="space.100" alignInline="center">
        <Heading size="small" as="h2">
          {title}
        </Heading>
        {description ? (
          <Text as="p" color="color.text.subtle" align="center">
            {description}
          </Text>
        ) : null}
        {action}
      </Stack>
    </Box>
  );
}

export function GradeLozenge({ grade }: { grade: Grade | null }) {
  const i18n = useI18n();
  if (!grade) return <Lozenge appearance="default">{i18n.t('common.notScored')}</Lozenge>;
  return (
    <Lozenge appearance={GRADE_APPEARANCE[grade]} isBold>
      <span aria-hidden="true">{i18n.grade(grade)}</span>
      <VisuallyHidden>{i18n.t('grade.label', { grade })}</VisuallyHidden>
    </Lozenge>
  );
}

export function QuadrantLozenge({ quadrant }: { quadrant: Quadrant | null }) {
  const i18n = useI18n();
  if (!quadrant) return <Lozenge appearance="default">{i18n.t('common.notScored')}</Lozenge>;
  return <Lozenge appearance={QUADRANT_APPEARANCE[quadrant]}>{i18n.quadrant(quadrant)}</Lozenge>;
}

export function BandLozenge({ band }: { band: ThreeFactorBand | null }) {
  const i18n = useI18n();
  if (!band) return <Lozenge appearance="default">{i18n.t('common.notScored')}</Lozenge>;
  return <Lozenge appearance={BAND_APPEARANCE[band]}>{i18n.band(band)}</Lozenge>;
}

/** Strategic customers stand out, churn-risk ones warn; the archive and the panel show types alike. */
export function CustomerTypeLozenge({ type }: { type: CustomerType }) {
  const i18n = useI18n();
  return (
    <Lozenge appearance={type === 'strategic' ? 'new' : type === 'churnRisk' ? 'removed' : 'default'}>
      {i18n.t(`customerType.${type}`)}
    </Lozenge>
  );
}

/** A titled block of a page, on the current surface. */
export function Section({
  title,
  id,
  children,
  actions,
  testId,
}: {
  title: string;
  id?: string;
  children: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section aria-labelledby={headingId} data-testid={testId}>
      <Stack space="space.150">
        <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
          <Heading size="small" as="h2" id={headingId}>
            {title}
          </Heading>
          {actions}
        </Inline>
        {children}
      </Stack>
    </section>
  );
}

/** Label/value pairs in two columns, labels subtle, as Jira's issue details show them. */
export function DetailList({
  rows,
  alignCenter = false,
}: {
  rows: { key: string; label: string; value: ReactNode; testId?: string }[];
  alignCenter?: boolean;
}) {
  return (
    <dl
      style={{
        display: 'grid',
        gridTemplateColumns: 'minmax(0, max-content) minmax(0, 1fr)',
        columnGap: token('space.200', '16px'),
        rowGap: token('space.075', '6px'),
        alignItems: alignCenter ? 'center' : undefined,
        margin: 0,
        padding: 0,
      }}
    >
      {rows.map((row) => (
        <div key={row.key} style={{ display: 'contents' }}>
          <dt>
            <Text color="color.text.subtle">{row.label}</Text>
          </dt>
          <dd style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid={row.testId}>
            {row.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The frame of a project page (matrix, customers, review): the title with the project key, its actions, then the content. */
export function ProjectPage({
  title,
  projectKey,
  actions,
  children,
}: {
  title: string;
  projectKey: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box padding="space.200">
      <Stack space="space.300">
        <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
          <Heading size="large" as="h1">
            {title} · {projectKey}
          </Heading>
          {actions}
        </Inline>
        {children}
      </Stack>
    </Box>
  );
}

class ErrorBoundary extends Component<{ message: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Requirement Triage view failed:', error, info.componentStack);
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Box padding="space.100" role="alert">
        <SectionMessage appearance="error">
          <Text as="p">{this.props.message}</Text>
        </SectionMessage>
      </Box>
    );
  }
}

function CrashGuard({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return <ErrorBoundary message={t('error.crash')}>{children}</ErrorBoundary>;
}

type MessagesState = { status: 'loading' } | { status: 'ready'; messages: Messages } | { status: 'error'; message: string };

/** The surface's catalogues in `language` (null: not known yet), loaded once per language. */
function useSurfaceMessages(loadMessages: LoadMessages, language: Language | null, attempt: number): MessagesState {
  const [state, setState] = useState<MessagesState>({ status: 'loading' });
  useEffect(() => {
    if (language === null) return;
    let active = true;
    setState({ status: 'loading' });
    loadMessages(language).then(
      (modules) => active && setState({ status: 'ready', messages: mergeMessages(modules) }),
      (error: unknown) =>
        active && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      active = false;
    };
  }, [loadMessages, language, attempt]);
  return state;
}

function SurfaceRoot({ render, loadMessages }: { render: (context: ForgeContext) => ReactNode; loadMessages: LoadMessages }) {
  const state = useForgeContext();
  const locale =
    (state.status === 'ready' ? state.context.locale : undefined) ??
    (typeof navigator !== 'undefined' ? navigator.language : undefined);
  const timeZone = state.status === 'ready' ? state.context.timezone : undefined;
  const [attempt, setAttempt] = useState(0);
  const messages = useSurfaceMessages(loadMessages, state.status === 'ready' ? languageOf(locale) : null, attempt);
  return (
    <I18nProvider locale={locale} timeZone={timeZone} messages={messages.status === 'ready' ? messages.messages : undefined}>
      <DocumentLanguage />
      <CrashGuard>
        {state.status === 'loading' || (state.status === 'ready' && messages.status === 'loading') ? <Loading /> : null}
        {state.status === 'error' ? <ContextError message={state.message} /> : null}
        {state.status === 'ready' && messages.status === 'error' ? (
          <Box padding="space.100">
            <ErrorState
              error={{ kind: 'unavailable', message: messages.message }}
              onRetry={() => setAttempt((value) => value + 1)}
            />
          </Box>
        ) : null}
        {state.status === 'ready' && messages.status === 'ready' ? render(state.context) : null}
      </CrashGuard>
    </I18nProvider>
  );
}

function ContextError({ message }: { message: string }) {
  const { t } = useI18n();
  return (
    <Box padding="space.100">
      <ErrorState error={{ kind: 'unavailable', message }} title={t('error.context')} onRetry={() => window.location.reload()} />
    </Box>
  );
}

/** Keeps <html lang> in step with the language, so screen readers and CJK fonts get it right. */
function DocumentLanguage() {
  const { language } = useI18n();
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return null;
}

/**
 * Starts a surface: theming, the Forge context, the surface's catalogues in the reader's language
 * (`loadMessages`, from static/<surface>/src/messages.ts), and a crash guard.
 */
export function mountSurface(loadMessages: LoadMessages, render: (context: ForgeContext) => ReactNode): void {
  // Atlaskit components ask a feature-gate client for rollout flags. Custom UI has none, so every
  // flag is off (Atlaskit's released behaviour) instead of a console warning from each component.
  setBooleanFeatureFlagResolver(() => false);
  void enableTheme();
  const container = document.getElementById('root');
  if (!container) throw new Error('Requirement Triage: #root is missing from index.html.');
  createRoot(container).render(<SurfaceRoot render={render} loadMessages={loadMessages} />);
}

const linkButton: CSSProperties = {
  background: 'none',
  border: 'none',
  padding: 0,
  font: 'inherit',
  color: token('color.link', '#1868DB'),
  cursor: 'pointer',
  textAlign: 'start',
  textDecoration: 'underline',
  textUnderlineOffset: '2px',
  whiteSpace: 'nowrap',
};

/** An issue key that opens the issue in Jira; the summary shows on hover. */
export function IssueLink({ row }: { row: { key: string; summary: string } }) {
  const i18n = useI18n();
  return (
    <button
      type="button"
      style={linkButton}
      onClick={() => openIssue(row.key)}
      aria-label={i18n.t('matrix.open', { key: row.key })}
      title={row.summary}
    >
      {row.key}
    </button>
  );
}

/** Marks a requirement any of whose feasibility marks says "not feasible"; nothing otherwise. */
export function NotFeasibleMarker({
  row,
}: {
  row: { key: string; feasibility: { notFeasible: readonly FeasibilityDimension[] } };
}) {
  const i18n = useI18n();
  const { notFeasible } = row.feasibility;
  if (notFeasible.length === 0) return null;
  const dimensions = i18n.list(notFeasible.map((dimension) => i18n.t(`feasibility.dimension.${dimension}`)));
  return (
    <span data-testid={`rt-not-feasible-${row.key}`} title={i18n.t('matrix.notFeasible', { dimensions })}>
      <Lozenge appearance="removed">{i18n.t('feasibility.notFeasibleMarker')}</Lozenge>
      <VisuallyHidden>{i18n.t('matrix.notFeasible', { dimensions })}</VisuallyHidden>
    </span>
  );
}

/**
 * A table wider than the screen scrolls inside this box; while columns are hidden to the right it
 * says so above the table and shades the right edge, so sideways scrolling is discovered.
 */
export function SideScroll({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const i18n = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [hiddenRight, setHiddenRight] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const check = () => setHiddenRight(box.scrollWidth - box.clientWidth - box.scrollLeft > 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    box.addEventListener('scroll', check, { passive: true });
    return () => {
      observer.disconnect();
      box.removeEventListener('scroll', check);
    };
  }, []);
  return (
    <Stack space="space.050">
      {hiddenRight ? (
        <Text size="small" color="color.text.subtle" testId={testId ? `${testId}-hint` : undefined}>
          {i18n.t('matrix.scrollHint')}
        </Text>
      ) : null}
      <div
        ref={ref}
        role="region"
        aria-label={label}
        // Scrollable regions must be reachable by keyboard (axe: scrollable-region-focusable).
        tabIndex={0}
        data-testid={testId}
        style={{
          overflowX: 'auto',
          maxWidth: '100%',
          boxShadow: hiddenRight ? `inset -12px 0 10px -10px ${token('color.border.bold', '#7D818A')}` : undefined,
        }}
      >
        {children}
      </div>
    </Stack>
  );
}
