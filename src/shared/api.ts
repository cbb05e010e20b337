/**
 * The contract between the Custom UI surfaces and the resolvers: one envelope, one key per
 * resolver (`noun.verb`), typed payloads and results. Imported by src/ and by static/ (through a
 * relative import at build time), never copied.
 */
import type { FrameworkVersion, Grade } from '../domain/framework';
import type { Violation } from '../domain/result';
import type { ComputedValues, Moscow, Quadrant, RequirementInputs, ThreeFactorBand, WeightedScore } from '../domain/scoring';

export type { ComputedValues, FrameworkVersion, Grade, Moscow, Quadrant, RequirementInputs, ThreeFactorBand, Violation, WeightedScore };

export type ErrorKind = 'validation' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable' | 'internal';

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
  framework: FrameworkVersion;
  /** Newest framework version; differs from framework.version when the score is stale. */
  latestFrameworkVersion: number;
  canEdit: boolean;
}

export interface RequirementRow {
  id: string;
  key: string;
  summary: string;
  status: string;
  assignee: string | null;
  inputs: RequirementInputs;
  computed: ComputedValues;
}

export interface RequirementPage {
  rows: RequirementRow[];
  nextPageToken: string | null;
}

export interface GradeDistribution {
  projectKey: string;
  total: number;
  unscored: number;
  byGrade: Record<Grade, number>;
  byBand: Record<ThreeFactorBand, number>;
  byQuadrant: Record<Quadrant, number>;
  byMoscow: Record<Moscow, number>;
}

export interface SetupStep {
  key: string;
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

/** Resolver key → [payload, result]. */
export interface ResolverContract {
  'triage.get': [Record<string, never>, TriageView];
  'triage.save': [{ inputs: Partial<Record<keyof RequirementInputs, unknown>> }, TriageView];
  'requirements.list': [{ projectKey?: string; nextPageToken?: string | null }, RequirementPage];
  'requirements.distribution': [{ projectKey?: string }, GradeDistribution];
  'framework.current': [Record<string, never>, FrameworkVersion];
  'framework.history': [Record<string, never>, FrameworkVersion[]];
  'projects.list': [Record<string, never>, ProjectOption[]];
  'setup.run': [{ projectKey: string }, SetupReport];
}

export type ResolverKey = keyof ResolverContract;
export type PayloadOf<K extends ResolverKey> = ResolverContract[K][0];
export type DataOf<K extends ResolverKey> = ResolverContract[K][1];
