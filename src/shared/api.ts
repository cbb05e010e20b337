/**
 * The contract between the Custom UI surfaces and the resolvers: one envelope, one key per
 * resolver (`noun.verb`), typed payloads and results. Imported by src/ and by static/ (through a
 * relative import at build time), never copied.
 */
import type { CustomerValueSuggestion, LinkedCustomer } from '../domain/customer-links';
import type { ArchiveCustomer } from '../domain/customer-archive';
import type { Customer } from '../domain/customers';
import type { DueDateProposal } from '../domain/delivery/deadlines';
import type {
  FeasibilityDimension,
  FeasibilityMark,
  FeasibilitySummary,
  FeasibilityVerdict,
} from '../domain/delivery/feasibility';
import type {
  DeliveryDuty,
  DeliverySettings,
  DutyHolder,
  JiraTextLanguage,
  StoredDeliverySettings,
} from '../domain/delivery-settings';
import type { ClosureRecord, ClosureStage, NoticeChannel } from '../domain/delivery/closure';
import type { ExportRow } from '../domain/exports';
import type { GadgetPeriod } from '../domain/gadget-config';
import type { KindTag, KindTagLists, StoredKindTags } from '../domain/kind-tags';
import type { KeyDate, MilestoneSetting, MilestoneStatus } from '../domain/key-dates';
import type { CustomerType, FrameworkVersion, Grade } from '../domain/framework';
import type { RescoringPreview, SettingChange } from '../domain/framework-changes';
import type { DrillDown } from '../domain/gadget-drill-down';
import type { CaptureField, NeedConfirmation } from '../domain/record';
import type { Reports } from '../domain/reports';
import type { RequirementSummary } from '../domain/summary';
import type { MergeCandidateFacts } from '../domain/merge';
import type { ScoreHistoryEntry } from '../domain/score-history';
import type { Violation } from '../domain/result';
import type { ColumnMapping, SheetDefaults, SheetRecord, SheetTable } from '../domain/sheet-import';
import type { ClassificationDecision, ClassificationDimension } from '../domain/text/suggestion';
import type { ComputedValues, Moscow, Quadrant, RequirementInputs, ThreeFactorBand, WeightedScore } from '../domain/scoring';

export type {
  ComputedValues,
  Customer,
  CustomerType,
  CustomerValueSuggestion,
  DeliveryDuty,
  DeliverySettings,
  DueDateProposal,
  DutyHolder,
  ExportRow,
  JiraTextLanguage,
  FeasibilityDimension,
  FeasibilityMark,
  FeasibilitySummary,
  FeasibilityVerdict,
  FrameworkVersion,
  Grade,
  LinkedCustomer,
  Moscow,
  NeedConfirmation,
  Quadrant,
  RequirementInputs,
  RescoringPreview,
  SettingChange,
  StoredDeliverySettings,
  ThreeFactorBand,
  Violation,
  WeightedScore,
};
export type { ClosureRecord, ClosureStage, NoticeChannel };
export type { KindTag, KindTagLists, StoredKindTags };
export type { KeyDate, MilestoneSetting, MilestoneStatus };

/** `quota-exhausted`: Jira refuses the app's calls until its hourly points quota resets (retrying sooner cannot help). */
export type ErrorKind = 'validation' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable' | 'quota-exhausted' | 'internal';

export interface ResolverError {
  kind: ErrorKind;
  message: string;
  violations?: Violation[];
}

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

export interface IssueSummary {
  id: string;
  key: string;
  summary: string;
}

/** What the triage panel and the glance show for one Requirement. */
export interface TriageView {
  issue: IssueSummary;
  isRequirement: boolean;
  inputs: RequirementInputs;
  computed: ComputedValues;
  weighted: WeightedScore | null;
  /** Inputs stored in Jira that break a rule (e.g. set through REST); they count as blank. */
  problems: Violation[];
  /** Implicit needs stay "to be confirmed with the customer" until a confirmation date is recorded. */
  needConfirmation: NeedConfirmation;
  needConfirmedOn: string | null;
  framework: FrameworkVersion;
  /** Newest framework version; differs from framework.version when the score is stale. */
  latestFrameworkVersion: number;
  /** What the newest version changed compared with the one the score was computed with (empty when current). */
  changesSinceScored: SettingChange[];
  canEdit: boolean;
  /** The requirement this one was merged into and closed as a duplicate of; null otherwise. */
  closedAsDuplicateOf: string | null;
}

export type StatusCategory = 'new' | 'indeterminate' | 'done';

/** One Requirement as lists, the matrix and the gadgets show it. */
/** What every list of requirements shows of each one: the issue, its status and who has it. */
export interface RequirementListItem {
  id: string;
  key: string;
  summary: string;
  status: string;
  assignee: string | null;
}

export interface RequirementRow extends RequirementListItem {
  statusCategory: StatusCategory | null;
  /** Jira's resolution name; a duplicate closed by a merge has "Duplicate" (absent in copies written before it was read). */
  resolution?: string | null;
  labels: string[];
  components: string[];
  /** Jira's due date, yyyy-mm-dd. */
  dueDate: string | null;
  /** How many merged duplicates (customers asking again) the requirement carries. */
  duplicateCount: number | null;
  /** Numbers of the linked customers, in link order; their count is the demand count. */
  linkedCustomers: string[];
  /** From the "Feasibility marks" field: dimensions not marked yet, and those whose newest mark is "not feasible". */
  feasibility: FeasibilitySummary;
  inputs: RequirementInputs;
  computed: ComputedValues;
  /** For the reports, read into the project's copy: when Jira created it (ISO instant), its department and source channel. */
  created?: string | null;
  department?: string | null;
  sourceChannel?: string | null;
  /** The "Key dates" field as stored (`code:planned/actual; …`, key-dates.ts): the ranked list shows the next milestone from it. */
  keyDates?: string | null;
  /** Kind and second-level tag (its code): the matrix's kind filter, the ranked list and the kind/tag report read them. */
  kind?: string | null;
  kindTag?: string | null;
}

/** What the Reports subpage shows: every table for the period, from the app's records. */
export interface ProjectReports extends Reports {
  /** Requirements the figures were computed from (after the JQL, when one was given). */
  requirementCount: number;
  /** The site's day the open requirements' ages are counted to. */
  today: string;
  /** The names of the second-level tags in `byKindTag`, by code, as the project lists them. */
  tagNames: Record<string, { en: string; zh: string }>;
}

/**
 * A large project without a usable copy of its rows: the page reads them once through
 * requirements.list (which writes the copy across its calls, each well inside 25 s) and asks again.
 */
export interface ReportsCopyNeeded {
  copyNeeded: true;
  /** Requirements the caller sees, for the progress shown meanwhile. */
  total: number;
}

export interface RequirementPage {
  rows: RequirementRow[];
  nextPageToken: string | null;
  /** The further pages, which may be asked for at once (the project's copy in KVS); the list is complete when each has answered. */
  pageTokens?: string[];
  /** Whether the caller may edit issues in the project (each edit is checked again on the server). */
  canEdit: boolean;
  /** The site's day (serverInfo's time in the site's zone), on the first page only: the ranked list marks late milestones by it. */
  siteToday?: string;
}

/** The values the editor saw for the fields it changes; a field changed since by someone else is a conflict. */
export type ExpectedInputs = Partial<Record<keyof RequirementInputs, unknown>>;

/** What the gadgets show for a project or a saved filter. */
export type GradeDistribution = RequirementSummary<RequirementRow> & {
  /** The project or saved filter counted. */
  source: { projectKey: string } | { filterId: string; filterName: string };
  /** The JQL search behind each grade bar and the "not feasible" count. */
  drillDown: DrillDown;
};

export interface SavedFilterOption {
  id: string;
  name: string;
  owner: string | null;
}

/** Setup steps in the order they run; each finds what exists before creating anything. */
export const SETUP_STEP_KEYS = ['project', 'fields', 'issue-type', 'issue-type-scheme', 'screens', 'workflow', 'record'] as const;
export type SetupStepKey = (typeof SETUP_STEP_KEYS)[number];

export interface SetupStep {
  key: SetupStepKey;
  status: 'done' | 'created' | 'failed';
  detail: string;
}

export interface SetupReport {
  projectKey: string;
  steps: SetupStep[];
}

export interface ProjectOption {
  id: string;
  key: string;
  name: string;
}

/** One project on the admin page: whether setup finished for it, and whether it scores with its own framework. */
export interface ProjectSetupStatus extends ProjectOption {
  /** When setup last finished (ISO 8601); null if it never did. */
  setUpAt: string | null;
  ownFramework: boolean;
}

/**
 * Jira's hourly points allowance as an answer's headers describe it: `RateLimit-Policy:
 * "global-app-quota";q=65000;w=3600` and `RateLimit: "global-app-quota";t=<seconds to the reset>`,
 * with `r=<points left>` only when less than a fifth is left
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/, "Rate limit related headers").
 */
export interface QuotaReading {
  pointsPerHour: number;
  /** Null while Jira does not say (more than a fifth of the hour's points is left). */
  remaining: number | null;
  resetsInSeconds: number | null;
  observedAt: string;
}

/** A batched re-scoring of every Requirement after a new framework version. */
export interface RescoringJob {
  id: string;
  frameworkVersion: number;
  /** The project whose override was saved; null for the global default (every project without one). */
  projectKey: string | null;
  /** `superseded`: a newer framework version started its own job before this one finished. */
  status: 'running' | 'done' | 'superseded';
  /** Requirements found so far; final once the last page was read. */
  total: number;
  processed: number;
  /** Requirements whose computed fields changed and were written. */
  changed: number;
  failures: { key: string; reason: string }[];
  startedAt: string;
  finishedAt: string | null;
  estimatedSecondsLeft: number | null;
  /** Jira points the job spent so far, in Jira's model as the app counts it (absent on jobs started before it was counted). */
  pointsSpent?: number;
  /** Jira's hourly allowance as its last answer to the job described it. */
  quota?: QuotaReading | null;
  /** Set while the job waits for the allowance to renew (Jira said it is nearly used up): the people using the app keep the rest. */
  waitingForQuotaUntil?: string | null;
}

export interface SavedVersion {
  version: FrameworkVersion;
  job: RescoringJob;
}

export interface FrameworkDiff {
  from: FrameworkVersion;
  to: FrameworkVersion;
  changes: SettingChange[];
}

/** A requirement that reads like a given text (the one on screen, a draft): how alike, and the words they share. */
export interface SimilarityMatch {
  id: string;
  key: string;
  summary: string;
  status: string;
  /** The ranking score scaled by what this requirement scores against itself, 0..1, two decimals: the list is ordered by it. */
  similarity: number;
  /** Spans of `summary` (UTF-16 offsets) holding the words it shares with the text: what a list highlights. */
  highlights: { start: number; end: number }[];
  /** The highlighted words, each once. */
  sharedWords: string[];
}

/** A requirement of the same project that reads like the one on screen. */
export interface SimilarRequirementItem extends SimilarityMatch {
  /** What each side of a merge holds, and which one the merge keeps by default (the richer, then the older). */
  merge: { this: MergeCandidateFacts; other: MergeCandidateFacts; keep: 'this' | 'other' };
}

export interface ScoreHistoryView {
  entries: ScoreHistoryEntry[];
  /** Older changes exist than those listed. */
  truncated: boolean;
}

/** Where the merge of two requirements stands. */
export interface MergeState {
  state: 'merged' | 'undone' | 'none';
  keptKey: string | null;
  duplicateKey: string | null;
  /** Whether the merge closed the duplicate (the workflow may offer no way to Closed). */
  duplicateClosed: boolean;
  /** After an undo: whether the duplicate is back in its old status; null otherwise. */
  statusRestored: boolean | null;
  /** Characters of the merged customer's words the field could not hold (the merge record keeps them); 0 when all fit. */
  customerWordsLeftOut: number;
}

export interface ClassificationEntry {
  /** The value a person chose; a suggestion never replaces it. */
  current: string | null;
  decision: ClassificationDecision;
  /** Every code the field accepts. */
  values: string[];
}

/** The second-level tag: like a dimension, with the names of the tags the requirement's kind offers in this project. */
export interface KindTagEntry extends ClassificationEntry {
  /** The kind the offered tags belong to: the chosen kind, else the suggested one; null when neither. */
  kind: string | null;
  /** The tags of `kind` in this project, in the project's order (`values` holds their codes). */
  tags: KindTag[];
  /** The stored tag is not on the project's list for the chosen kind (set through REST, or the kind or the list changed). */
  storedOutsideList: boolean;
}

export type ClassificationView = Record<ClassificationDimension, ClassificationEntry> & { kindTag: KindTagEntry };
export type { ClassificationDecision, ClassificationDimension };

export interface ExportPage {
  rows: ExportRow[];
  nextPageToken: string | null;
  /** As in RequirementPage: further pages to ask for at once. */
  pageTokens?: string[];
  /** How many issues Jira counts for the export (on the first page only; approximate): the progress bar's end. */
  total: number | null;
}

/** A customer as the list shows it: no contact data, which only the record itself carries. */
export type CustomerSummary = Pick<
  Customer,
  'number' | 'name' | 'industry' | 'type' | 'staffBand' | 'revenueBand' | 'region' | 'version' | 'erasedAt'
> & {
  contactCount: number;
};

export interface CustomerPage {
  customers: CustomerSummary[];
  /** Pass back to get the next page; null on the last one. */
  cursor: string | null;
  /** Whether the caller may create and edit customers here (each save is checked again on the server). */
  canWrite: boolean;
  /** Jira administrators may export and erase a customer. */
  canAdminister: boolean;
}

/** The customers linked to the requirement on screen, as the triage panel shows them. */
export interface LinkedCustomersView {
  /** In link order; the list the editor saw goes back with a change (`expected`). */
  customers: LinkedCustomer[];
  /** How many customers asked: each linked customer once. */
  demandCount: number;
  /** The customer value the linked customers' types suggest under the project's framework; only a suggestion, never saved by itself. */
  suggestion: CustomerValueSuggestion | null;
  canEdit: boolean;
}

export type CustomerReviewEntry = CustomerSummary & {
  /** The day the record was last confirmed (or created), and how many days ago that was. */
  confirmedOn: string;
  days: number;
};

export interface CustomerReviewPage {
  customers: CustomerReviewEntry[];
  /** How many are due in all (the list shows the first 200). */
  total: number;
  /** Whether the caller may confirm or edit (each is checked again on the server). */
  canWrite: boolean;
  /** Who holds the customer-contact duty in this project's delivery rules, to remind them. */
  contactDuty: string[];
  /** The last reminder the hourly run sent this project's duty; null before the first. */
  lastReminder: LastReviewReminderView | null;
}

export interface LastReviewReminderView {
  sentAt: string;
  /** `2026-Q4`. */
  quarter: string;
  /** The quarter's issue in the project. */
  issueKey: string;
  /** How many customers were due then. */
  dueCount: number;
  /** Display names of those reminded (the first ten). */
  recipients: string[];
  /** How many more were reminded than are named. */
  moreRecipients: number;
}

export interface CustomerArchivePage {
  customers: ArchiveCustomer[];
  /** Pass back for the next page; null on the last one. */
  cursor: string | null;
  withContacts: boolean;
}

export interface CustomerExport {
  exportedAt: string;
  customer: Customer;
}

/** Who is responsible for one Requirement and by when, as the panel shows it. */
export interface DeliveryView {
  issue: IssueSummary;
  isRequirement: boolean;
  /** The Jira assignee. */
  owner: { accountId: string; displayName: string } | null;
  responsibleDepartment: string | null;
  dueDate: string | null;
  /** Jira's today, yyyy-mm-dd: what "days left" counts from. */
  today: string;
  /** Days until the due date, negative when overdue; null without a due date or once done. */
  daysLeft: number | null;
  done: boolean;
  grade: Grade | null;
  /** The day it was accepted (Analysing → Pending); null before. */
  acceptedOn: string | null;
  /** After a grade change: the due date the new grade's deadline gives, to move to or keep. */
  dueDateProposal: DueDateProposal | null;
  canEdit: boolean;
}

/** One open Requirement waiting for its periodic review. */
export interface ReviewRow extends RequirementListItem {
  grade: Grade | null;
  weightedScore: number | null;
  /** Null: never reviewed since it was created. */
  lastReviewedOn: string | null;
  createdOn: string;
}

export interface ReviewPage {
  /** Oldest review first: never reviewed (oldest created first), then by last review. */
  rows: ReviewRow[];
  nextPageToken: string | null;
  /** How many are due for review now (first page only). */
  total: number | null;
  reviewAfterDays: number;
  today: string;
  /** Whether the caller may confirm reviews here (each confirmation is checked again on the server). */
  canEdit: boolean;
}

export interface ReviewConfirmation {
  row: ReviewRow;
  /** Computed fields the current framework changed (empty: the scores were already current). */
  rescored: string[];
}

/** One feasibility dimension as the panel shows it. */
export interface FeasibilityDimensionView {
  dimension: FeasibilityDimension;
  /** The newest mark; null while nobody marked it. */
  latest: FeasibilityMark | null;
  /** Whether the caller may set this mark (checked again on the server). */
  canSet: boolean;
  /** Who may set it; empty means whoever may edit the project's issues. */
  holders: DutyHolder[];
}

export interface FeasibilityView {
  issueId: string;
  projectKey: string;
  dimensions: FeasibilityDimensionView[];
  /** Every mark kept, newest first. */
  history: FeasibilityMark[];
  summary: FeasibilitySummary;
}

/** Project roles and groups to choose from for a duty. */
export interface DutyHolderOptions {
  roles: DutyHolder[];
  groups: DutyHolder[];
}

/** The closure-feedback loop of one Requirement, as the panel shows it. */
export interface ClosureView {
  issue: { id: string; key: string; status: string };
  /** Whether the loop applies yet: the requirement is done (or closed after it), or a Won't-have. */
  applies: boolean;
  wontHave: boolean;
  wontReason: string | null;
  stage: ClosureStage;
  /** Jira's time now: the panel counts hours from it, not from the browser's clock. */
  now: string;
  record: ClosureRecord;
  due: { noticeDueAt: string | null; followUpFrom: string | null; followUpTo: string | null };
  followUpDays: { from: number; to: number };
  /** What stops closing now. */
  blockers: string[];
  /** The archived line written on closing (the "Closure record" field). */
  archive: string | null;
  canRecord: boolean;
  canWaive: boolean;
  /** Unsatisfied and the caller may transition the issue. */
  canReopen: boolean;
  /** Ready to close and the caller may transition the issue: the panel offers the Close step. */
  canClose: boolean;
  /** Roles or groups that may record the notice and follow-up, and waive; empty means "people who may edit issues". */
  recorders: string[];
  waivers: string[];
  /** The linked customers' names (an erased one by number): whom the notice is for unless changed. */
  linkedCustomers: string[];
}

export interface NoticeInput {
  channel: string;
  /** ISO date-time. */
  at: string;
  summary: string;
  customers: string[];
}

export interface FollowUpInput {
  at: string;
  answers: { customer: string; satisfaction: number; comment?: string }[];
}

/** What the issue glance shows. */
export interface GlanceView {
  isRequirement: boolean;
  computed: Pick<ComputedValues, 'priorityGrade' | 'weightedScore' | 'valueCostQuadrant'>;
}

/**
 * Every invoke carries the page's locale (from the bridge's view context) in this payload field,
 * the way Forge documents for telling functions a user's language
 * (https://developer.atlassian.com/platform/forge/runtime-reference/i18n/#accessing-locale-information-in-forge-functions).
 * The resolver guard takes it off before the payload is validated.
 */
export const READER_LOCALE_FIELD = 'readerLocale';

/** Key dates of one requirement, as the panel's section shows them. */
export interface KeyDatesView {
  issue: IssueSummary;
  isRequirement: boolean;
  /** The project's milestones (delivery rules), in plan order. */
  milestones: MilestoneSetting[];
  /** One per milestone, in plan order, with where it stands today. */
  dates: MilestoneStatus[];
  next: MilestoneStatus | null;
  /** The field as the caller saw it: a save names it, and a change since is a conflict. */
  stored: string | null;
  acceptedOn: string | null;
  dueDate: string | null;
  /** The default plan from the acceptance day (each milestone's share of the days to the due date); null before acceptance. */
  proposal: KeyDate[] | null;
  /** The site's day: an actual day may not be after it. */
  today: string;
  done: boolean;
  canEdit: boolean;
}

/** One accepted requirement on the timeline. */
export interface TimelineRow extends RequirementListItem {
  grade: Grade | null;
  acceptedOn: string;
  dueDate: string | null;
  done: boolean;
  dates: MilestoneStatus[];
  next: MilestoneStatus | null;
}

/** A project's accepted requirements with their milestones, latest first by next key date. */
export interface KeyDatesTimeline {
  projectKey: string;
  milestones: MilestoneSetting[];
  today: string;
  rows: TimelineRow[];
  /** Accepted requirements in all (rows may be fewer: at most `limit`). */
  total: number;
  /** Late milestones among all of them. */
  lateMilestones: number;
}

/** The report figures a dashboard gadget shows: the last six months of one project. */
export type ReportGadgetData = Pick<
  ProjectReports,
  'period' | 'onTimeByGrade' | 'notice' | 'satisfaction' | 'requirementCount' | 'today'
> & {
  projectKey: string;
  /** Jira issue search behind each grade row: the grade's requirements that are done or closed. */
  drillDown: { deliveredByGrade: Record<Grade, string> };
};

/** Resolver key → [payload, result]. */
export interface ResolverContract {
  'triage.get': [Record<string, never>, TriageView];
  /** The glance's badge: read as the caller in one Jira call, so Jira's own permission check is the only one. */
  'glance.get': [{ issueKey: string }, GlanceView];
  /** Who changed the inputs and scores, when, under which framework version (Jira's changelog, newest first). */
  'triage.history': [Record<string, never>, ScoreHistoryView];
  'triage.save': [{ inputs: Partial<Record<keyof RequirementInputs, unknown>>; expected?: ExpectedInputs }, TriageView];
  /** `jql` narrows the project's Requirements (Jira's message comes back as a violation of `jql` when invalid). */
  /** `kinds` and `kindTags` (the matrix's kind filter) narrow like JQL does, each an OR of its values. */
  'requirements.list': [
    { projectKey?: string; jql?: string; kinds?: string[]; kindTags?: string[]; nextPageToken?: string | null },
    RequirementPage,
  ];
  /** One page (up to 500) of the project's Requirements for the register and evaluation exports; `jql` narrows as in requirements.list. */
  'exports.page': [
    { projectKey?: string; jql?: string; kinds?: string[]; kindTags?: string[]; nextPageToken?: string | null },
    ExportPage,
  ];
  /** Moves a Requirement on the matrix: new business value and implementation cost, checked against what the mover saw. */
  'requirements.move': [
    {
      issueKey: string;
      businessValue: number;
      implementationCost: number;
      expected: { businessValue: number | null; implementationCost: number | null };
    },
    RequirementRow,
  ];
  'requirements.distribution': [{ projectKey?: string; topN?: number }, GradeDistribution];
  /** The same counts for the Requirements of a saved filter the caller can see. */
  'filters.distribution': [{ filterId: string; topN?: number }, GradeDistribution];
  /** Saved filters the caller can see whose name contains `query`. */
  'filters.list': [{ query?: string }, SavedFilterOption[]];
  /**
   * `projectKey` picks a project's framework: its override, or the global default it falls back to.
   * Without it, the global default. The framework.* resolvers below take it the same way.
   */
  'framework.current': [{ projectKey?: string }, FrameworkVersion];
  /** Versions of one scope: the global default's, or one project's override (empty when it has none). */
  'framework.history': [{ projectKey?: string }, FrameworkVersion[]];
  /** Projects that have their own framework. */
  'framework.overrides': [Record<string, never>, string[]];
  /** Validates a candidate framework and counts the grade and quadrant moves it would cause. */
  'framework.preview': [{ settings: unknown; projectKey?: string }, RescoringPreview];
  /**
   * Saves a new version of the scope if `baseVersion` is still what that scope uses (else a conflict
   * naming who saved), then re-scores. Saving for a project without an override creates its override.
   */
  'framework.save': [{ settings: unknown; note: string; baseVersion: number; projectKey?: string }, SavedVersion];
  'framework.diff': [{ from: number; to: number }, FrameworkDiff];
  /** Saves a new version of the scope equal to an old one. */
  'framework.revert': [{ version: number; note: string; baseVersion: number; projectKey?: string }, SavedVersion];
  /** The given job, or the newest one; null when none ran yet. */
  'rescoring.status': [{ jobId?: string }, RescoringJob | null];
  'projects.list': [Record<string, never>, ProjectOption[]];
  /** Runs setup up to and including `through` (every step when absent), so a page can show each step as it runs. */
  'setup.run': [{ projectKey: string; through?: SetupStepKey }, SetupReport];
  /** Every project the admin sees, with whether the app is set up in it. */
  'setup.projects': [Record<string, never>, ProjectSetupStatus[]];
  /** The project's web intake: its URL and when its secret was made (never the secret). Project admins only. */
  'intake.status': [{ projectKey: string }, IntakeStatus];
  /** Creates or replaces the project's web intake secret and shows it this once; the old one stops working. */
  'intake.rotateSecret': [{ projectKey: string }, IntakeStatus & { secret: string }];
  /** The project's requirements most similar to this one (at most 5, best first), among those the caller may see. */
  'duplicates.similar': [Record<string, never>, SimilarRequirementItem[]];
  /** Merges this requirement and `otherIssueKey`: `keep` stays open, the other is linked and closed as its duplicate. */
  'duplicates.merge': [{ otherIssueKey: string; keep: 'this' | 'other'; descriptionFrom: 'this' | 'other' }, MergeState];
  /** Undoes the merge of this requirement and `otherIssueKey`; nothing to undo is not an error. */
  'duplicates.undo': [{ otherIssueKey: string }, MergeState];
  /** Nature and kind: the chosen values and the model's suggestions. */
  'classification.get': [Record<string, never>, ClassificationView];
  /** Sets nature and/or kind as the caller chose them (null clears). */
  'classification.save': [{ nature?: string | null; kind?: string | null; kindTag?: string | null }, ClassificationView];
  /** A project's second-level tag lists (the defaults until an admin saves them). */
  'kindTags.get': [{ projectKey?: string }, StoredKindTags];
  /** Replaces a project's lists, if nobody saved since `expectedRevision`; every kind's list is checked first. */
  'kindTags.save': [{ projectKey?: string; tags: unknown; expectedRevision: number }, StoredKindTags];
  /** `query` is a number prefix (CUS…) or a name prefix; `type` narrows to one customer type. Newest numbers first without a query. */
  'customers.list': [{ projectKey?: string; query?: string; type?: CustomerType; cursor?: string | null }, CustomerPage];
  'customers.get': [{ projectKey?: string; number: string }, Customer];
  /** Creates a customer (no `number`; the app numbers it) or edits one (`number` and the `expectedVersion` the editor started from). */
  'customers.save': [{ projectKey?: string; number?: string; expectedVersion?: number; customer: unknown }, Customer];
  /** CSV text, header row first; every row is checked and nothing is written when any row fails (violations name row and column). */
  /** One part of an import file; the last one imports the whole file, all or nothing. */
  'customers.import': [
    { projectKey?: string; importId: string; part: number; parts: number; text: string },
    { received: number; parts: number; created: string[] | null },
  ];
  /** The whole record, contacts included, for a subject-access request; recorded in the audit trail. */
  'customers.export': [{ number: string }, CustomerExport];
  /**
   * One page of the customer archive for its export. Without contact data for everyone who may browse
   * the project; `withContacts` only for Jira admins, and every customer exported with contacts is
   * recorded in its audit trail.
   */
  'customers.archive': [{ projectKey?: string; cursor?: string | null; withContacts?: boolean }, CustomerArchivePage];
  /** Customers whose record nobody confirmed for a quarter (每季度复核), longest first. */
  'customers.review.list': [{ projectKey?: string }, CustomerReviewPage];
  /** "Still right": confirms the record as the caller saw it (version); a conflict if someone saved since. */
  'customers.review.confirm': [{ projectKey?: string; number: string; expectedVersion: number }, CustomerReviewEntry];
  /** Removes contacts and anonymises the record; requirements keep the number. Recorded in the audit trail. */
  'customers.erase': [{ number: string }, Customer];
  /** The customers linked to this requirement, the demand count and the customer value their types suggest. */
  'customers.linked': [Record<string, never>, LinkedCustomersView];
  /**
   * Links (`add`) and unlinks (`remove`) customers by number. `expected` is the list the editor saw:
   * when the links changed since, nothing is changed (conflict). Unknown numbers are a violation naming them.
   */
  'customers.link': [{ add?: string[]; remove?: string[]; expected: string[] }, LinkedCustomersView];
  /** Owner, responsible department, due date, acceptance day and any offer to move the due date after a grade change. */
  'delivery.get': [Record<string, never>, DeliveryView];
  /** Moves the due date to the new grade's deadline, if it is still the date the caller saw (else a conflict). */
  'delivery.dueDate.move': [{ expectedDueDate: string; toGrade: Grade }, DeliveryView];
  /** Keeps the due date after a change to `grade`; the panel does not offer to move it again for that grade. */
  'delivery.dueDate.keep': [{ grade: Grade }, DeliveryView];
  /** Sets the responsible department (checked against what the caller saw) and/or makes the caller the owner (assignee). */
  'delivery.responsibility.save': [
    { department?: string | null; expectedDepartment?: string | null; assignToMe?: boolean },
    DeliveryView,
  ];
  /** One page of the project's open Requirements due for review (not reviewed for the project's reviewAfterDays). */
  'review.list': [{ projectKey?: string; nextPageToken?: string | null }, ReviewPage];
  /** Key dates of the issue: the project's milestones with their planned and actual days. */
  'keyDates.get': [Record<string, never>, KeyDatesView];
  /** Saves the issue's key dates if the field still holds `expected` (else a conflict); refusals name the milestone and rule. */
  'keyDates.save': [
    { dates: { code: string; planned: string | null; actual: string | null }[]; expected: string | null },
    KeyDatesView,
  ];
  /** The project's accepted requirements with their milestones; done ones only with `includeDone`. */
  'keyDates.timeline': [{ projectKey?: string; includeDone?: boolean; limit?: number }, KeyDatesTimeline | ReportsCopyNeeded];
  /** A report gadget's figures for its period (default the last six months) and optional JQL, narrowed as in reports.get. */
  'reports.gadget': [{ projectKey?: string; period?: GadgetPeriod; jql?: string }, ReportGadgetData | ReportsCopyNeeded];
  /** The managers' reports of a project for whole months from..to (yyyy-mm), narrowed by JQL when given. */
  'reports.get': [{ projectKey?: string; from: string; to: string; jql?: string }, ProjectReports | ReportsCopyNeeded];
  /** "Still valid, re-scored": re-scores with the current framework, writes what changed and stamps the review. */
  'review.confirm': [{ issueKey: string }, ReviewConfirmation];
  /** The newest mark per dimension, the history, and who may set which mark. */
  'feasibility.get': [Record<string, never>, FeasibilityView];
  /** Sets one mark as the caller, who must hold that dimension's duty; a note is required unless feasible. */
  'feasibility.mark': [{ dimension: string; verdict: string; note?: string }, FeasibilityView];
  /** Who may set which mark, record the closure steps or waive the follow-up, and the loop's timings. */
  'delivery.settings.get': [{ projectKey?: string }, StoredDeliverySettings];
  /** Saves the project's delivery settings if nobody saved since `expectedRevision` (else a conflict naming who did). */
  'delivery.settings.save': [{ projectKey?: string; settings: unknown; expectedRevision: number }, StoredDeliverySettings];
  /** The project's roles and the site's groups whose names contain `query`, for the duty pickers. */
  'delivery.holders': [{ projectKey?: string; query?: string }, DutyHolderOptions];
  /** The requirement's closure loop: stage, due times, the record, and what the caller may record. */
  'closure.get': [Record<string, never>, ClosureView];
  /** Records how the customers were told (customer-contact duty); correctable until the follow-up is recorded. */
  'closure.notice': [NoticeInput, ClosureView];
  /** Records the follow-up: satisfaction 1-5 and a comment per customer told (customer-contact duty). */
  'closure.followUp': [FollowUpInput, ClosureView];
  /** A manager's waiver of the follow-up, with its reason (waiver duty). */
  'closure.waive': [{ reason: string }, ClosureView];
  /** Moves an unsatisfied requirement back to In progress; one that already left Done is left alone. */
  'closure.reopen': [Record<string, never>, ClosureView];
  /** Closes a requirement that is ready to close, as the caller (the workflow decides); a closed one is left as it is. */
  'closure.close': [Record<string, never>, ClosureView];
  /**
   * One part of a spreadsheet's table (JSON of {headers, rows}, read from CSV or XLSX in the browser);
   * a front-end invoke carries at most 500 KB. The last part answers the row count.
   */
  'sheetImport.upload': [
    { projectKey?: string; importId: string; part: number; parts: number; text: string },
    { received: number; parts: number; rows: number | null },
  ];
  /** A page of the preview: each row's record or problems, its likely duplicates among the project's requirements and earlier rows. */
  'sheetImport.preview': [
    {
      projectKey?: string;
      importId?: string;
      table?: SheetTable;
      mapping: ColumnMapping;
      defaults: SheetDefaults;
      offset: number;
      limit: number;
    },
    SheetImportPreview,
  ];
  /** Checks every row and choice, then queues the import; refused (violations by row, column and rule) with nothing written. */
  'sheetImport.start': [
    {
      projectKey?: string;
      importId?: string;
      table?: SheetTable;
      fileName: string;
      mapping: ColumnMapping;
      defaults: SheetDefaults;
      decisions: SheetRowChoice[];
    },
    SheetImportJob,
  ];
  /** The job's progress; without jobId the project's latest import (null when none ran). */
  'sheetImport.status': [{ projectKey?: string; jobId?: string }, SheetImportJob | null];
  /** The ticket this action opened on: its words and people, the archive customers they are, the projects a requirement may go to, where it went already. */
  'ticket.get': [Record<string, never>, SupportTicketView];
  /** The project's requirements most like the ticket (its likely duplicates), best first. */
  'ticket.similar': [{ projectKey: string }, TicketSimilarRequirement[]];
  /** A new Requirement of the ticket in a set-up project the caller may create issues in, linked to the ticket and its customers. */
  'ticket.create': [{ projectKey: string; summary?: string; customers: string[]; newCustomer?: unknown }, TicketRaised];
  /** The ticket as demand on an existing Requirement the caller may edit (again: nothing changes). */
  'ticket.add': [{ requirementKey: string; customers: string[]; newCustomer?: unknown }, TicketRaised];
  /** What the quick-capture form needs: whether the project is set up, what the caller may do, the site's day and the caller's name. */
  'capture.get': [{ projectKey?: string }, CaptureView];
  /** The project's requirements most like the draft being typed (at most 5, best first), among those the caller may see. */
  'capture.similar': [{ projectKey?: string; summary: string; words?: string }, DraftSimilarItem[]];
  /** Creates a Requirement from the form (Create issues); refused with every problem by field and rule, nothing written. */
  'capture.create': [{ projectKey?: string; form: CaptureForm }, CaptureOutcome];
  /** Adds the captured demand to an existing requirement of the project (Edit issues on it): words appended, customer linked, counted once per customer. */
  'capture.addDemand': [{ projectKey: string; issueKey: string; form: CaptureForm }, CaptureOutcome];
}

/** The quick-capture form as typed: each field's text (choices by their codes), blank for none. */
export type CaptureForm = Partial<Record<CaptureField, string>>;

export interface CaptureView {
  projectKey: string;
  setUp: boolean;
  canCreate: boolean;
  canAddDemand: boolean;
  /** The site's day (yyyy-mm-dd): the date's default and latest value. */
  today: string;
  /** The caller's display name: the submitter's default. */
  submitter: string;
}

/** A requirement like the draft, as the quick-capture form lists it. */
export interface DraftSimilarItem extends SimilarityMatch {
  /** How many customers are linked to it already. */
  demandCount: number;
}

export interface CaptureOutcome {
  key: string;
  action: 'created' | 'demand';
  /** Customers linked to the requirement after the capture. */
  demandCount: number;
  duplicateCount: number;
  /** The customer was linked to the requirement before: the demand did not count again. */
  customerAlreadyCounted: boolean;
}

export interface SupportTicketView {
  ticket: {
    key: string;
    summary: string;
    /** The customer's original words: the request's description. */
    words: string;
    raisedOn: string;
    reporter: { accountId: string | null; displayName: string; email: string | null; organizations: string[] };
    attachments: { filename: string; url: string | null }[];
    /** A Jira Service Management request (answered with public replies), or a plain issue. */
    serviceRequest: boolean;
    /** The language the customer is answered in. */
    language: 'zh-CN' | 'en-US';
  };
  matches: { number: string; name: string; reason: 'contact-email' | 'organization' | 'name' }[];
  /** Offered when no archive customer matches: the name, and the reporter as a contact (stored only with consent). */
  newCustomer: { name: string; contact: { name: string; email: string | null } } | null;
  /** Requirement projects (set up) where the caller may create issues. */
  projects: string[];
  linkedRequirements: { key: string; summary: string }[];
}

export interface TicketSimilarRequirement {
  key: string;
  summary: string;
  status: string;
  similarity: number;
}

export interface TicketRaised {
  key: string;
  view: SupportTicketView;
}

/** A choice for one row (rows without one take the preview's default). */
export type SheetRowChoice = { row: number; action: 'new' | 'skip' } | { row: number; action: 'demand'; target: string };

export interface SheetPreviewRow {
  row: number;
  fingerprint: string;
  record: SheetRecord | null;
  violations: Violation[];
  /** The requirement an earlier import made of this row. */
  importedAs: string | null;
  /** The earlier row of this file that this one repeats exactly. */
  repeatsRow: number | null;
  /** Likely duplicates among the project's requirements, best first. */
  similar: { key: string; summary: string; similarity: number }[];
  /** Likely duplicates among the file's earlier rows, best first. */
  similarRows: { row: number; similarity: number }[];
  defaultAction: 'new' | 'skip';
}

export interface SheetImportPreview {
  headers: string[];
  total: number;
  /** Rows that break a rule, over the whole file. */
  invalidRows: number;
  alreadyImported: number;
  repeats: number;
  rows: SheetPreviewRow[];
  /** The first problems over the whole file (at most 200), so the page can list them before paging. */
  violations: Violation[];
}

export interface SheetImportJob {
  id: string;
  projectKey: string;
  fileName: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  total: { create: number; demand: number; skipped: number; alreadyImported: number };
  done: { created: number; demand: number };
  /** Keys of the first requirements created (at most 20), for links. */
  createdKeys: string[];
  /** Why a failed job stopped, and that what it had created was removed. */
  failure: { message: string; violations: Violation[]; undone: boolean } | null;
  startedAt: string;
  finishedAt: string | null;
}

/** A project's web intake as its admin sees it. */
export interface IntakeStatus {
  projectKey: string;
  url: string;
  /** When the current secret was made; null while the project has none. */
  secretCreatedAt: string | null;
}

export type ResolverKey = keyof ResolverContract;
export type PayloadOf<K extends ResolverKey> = ResolverContract[K][0];
export type DataOf<K extends ResolverKey> = ResolverContract[K][1];
