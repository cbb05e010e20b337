import { RECORD_FIELDS, type RequirementFieldDefinition } from '../fields';
import { TextClassifier, type LabelledText, type Prediction } from './classifier';
import { CLASSIFICATION_SEEDS } from './seeds';
import { TAGGED_SEEDS } from './tagged-seeds';

/**
 * Classification suggestions for a requirement's nature and kind. The model is trained per project
 * from the requirements its people already classified plus the bilingual seed examples; a
 * suggestion is only ever a proposal: it never replaces a value a person chose.
 */

export type ClassificationDimension = 'nature' | 'kind';

export interface ClassificationSuggestion {
  value: string;
  /** The model's probability for the value, 0..1. */
  confidence: number;
}

export type ClassificationDecision =
  | { kind: 'keep-user-choice'; value: string }
  | { kind: 'suggest'; value: string; confidence: number }
  /** `no-kind`: a second-level tag waits for a kind, chosen or suggested. */
  | { kind: 'no-suggestion'; reason: 'no-text' | 'low-confidence' | 'no-kind' };

/** The codes a dimension accepts: the record field's value list. */
export function classificationValues(dimension: ClassificationDimension): readonly string[] {
  const fields: readonly RequirementFieldDefinition[] = RECORD_FIELDS;
  return fields.find((field) => field.name === dimension)!.values!;
}

/**
 * The project's confirmed classifications (codes outside the field's list dropped), then the seeds.
 * Both count alike: with a few dozen confirmed requirements the project's own language dominates.
 */
export function trainingExamples(dimension: ClassificationDimension, confirmed: readonly LabelledText[]): LabelledText[] {
  const allowed = new Set(classificationValues(dimension));
  return [
    ...confirmed.filter((example) => allowed.has(example.label) && example.text.trim() !== ''),
    ...CLASSIFICATION_SEEDS[dimension],
  ];
}

/**
 * The project's confirmed examples from which on features seen only once are dropped: keeps a large
 * model within one KVS value. Counted without the seeds, which alone pass it and would otherwise
 * have every rare word of a first-day project dropped.
 */
export const PRUNING_THRESHOLD = 200;

/** What a suggestion needs of a model: its labels and a prediction. */
export interface SuggestionModel {
  readonly labels: readonly string[];
  predict(text: string): Prediction;
}

/**
 * The weight of the seed tags' view of a kind (chosen on the tuning part of the Chinese set, see
 * docs/BENCHMARKS.md). A kind is a family of tags that say different things (notifications and
 * permissions are both improvements), so a model of the tags, summed per kind, sees it from closer.
 */
export const KIND_FROM_TAGS_WEIGHT = 0.3;

/**
 * Kind as the kind model says it, blended with the seed tag model's probabilities summed per kind.
 * The tag view is seed-only, so its weight shrinks as the project's own examples grow.
 */
class BlendedKindModel implements SuggestionModel {
  readonly labels: readonly string[];

  constructor(
    private readonly kindModel: TextClassifier,
    private readonly tagModel: TextClassifier,
    private readonly tagWeight: number,
  ) {
    this.labels = kindModel.labels;
  }

  predict(text: string): Prediction {
    const byKind = new Map(
      this.kindModel.predict(text).probabilities.map((entry) => [entry.label, (1 - this.tagWeight) * entry.probability]),
    );
    for (const entry of this.tagModel.predict(text).probabilities) {
      const kind = entry.label.slice(0, entry.label.indexOf('|'));
      // Every seed tag's kind is a label of the kind model: the kind seeds include the tagged seeds.
      byKind.set(kind, byKind.get(kind)! + this.tagWeight * entry.probability);
    }
    // Sorted by label first, so equal probabilities keep alphabetical order as TextClassifier does.
    const probabilities = [...byKind]
      .sort(([left], [right]) => (left < right ? -1 : 1))
      .map(([label, probability]) => ({ label, probability }));
    probabilities.sort((left, right) => right.probability - left.probability);
    return { label: probabilities[0]!.label, confidence: probabilities[0]!.probability, probabilities };
  }
}

export function trainSuggestionModel(dimension: ClassificationDimension, confirmed: readonly LabelledText[]): SuggestionModel {
  const examples = trainingExamples(dimension, confirmed);
  const seedCount = CLASSIFICATION_SEEDS[dimension].length;
  const projectExamples = examples.length - seedCount;
  const model = TextClassifier.train(examples, {
    minDocumentFrequency: projectExamples >= PRUNING_THRESHOLD ? 2 : 1,
    balanceLabels: true,
  });
  if (dimension !== 'kind') return model;
  return new BlendedKindModel(model, seedTagModel(), (KIND_FROM_TAGS_WEIGHT * seedCount) / examples.length);
}

let seedTags: TextClassifier | undefined;
/** The seed tags' model is the same for every project: trained once per warm function. */
function seedTagModel(): TextClassifier {
  seedTags ??= TextClassifier.train(
    TAGGED_SEEDS.map((seed) => ({ text: seed.text, label: `${seed.kind}|${seed.tag}` })),
    { balanceLabels: true },
  );
  return seedTags;
}

/**
 * Second-level tag examples for one kind: the project's requirements tagged with one of `allowed`
 * (the kind's list in this project), then the seeds carrying such a tag. A tag a project added
 * itself has no seed, so it is suggested once people have used it.
 */
export function tagTrainingExamples(
  kind: string,
  allowed: readonly string[],
  confirmed: readonly LabelledText[],
): LabelledText[] {
  const allowedTags = new Set(allowed);
  const seeds = TAGGED_SEEDS.filter((seed) => seed.kind === kind && allowedTags.has(seed.tag)).map((seed) => ({
    text: seed.text,
    label: seed.tag,
  }));
  return [...confirmed.filter((example) => allowedTags.has(example.label) && example.text.trim() !== ''), ...seeds];
}

/** A tag model for one kind, or null when fewer than two of its tags have examples (nothing to choose between). */
export function trainTagModel(
  kind: string,
  allowed: readonly string[],
  confirmed: readonly LabelledText[],
): TextClassifier | null {
  const examples = tagTrainingExamples(kind, allowed, confirmed);
  if (new Set(examples.map((example) => example.label)).size < 2) return null;
  return TextClassifier.train(examples, { balanceLabels: true });
}

/**
 * The model's suggestion for a text, or why there is none. `minConfidence` defaults to twice what a
 * guess among the model's labels would get (two labels: 1.0 is unreachable, so at most 0.6).
 */
export function suggestClassification(
  model: SuggestionModel,
  text: string,
  minConfidence = Math.min(0.6, 2 / model.labels.length),
): ClassificationSuggestion | { reason: 'no-text' | 'low-confidence' } {
  if (text.trim() === '') return { reason: 'no-text' };
  const prediction = model.predict(text);
  if (prediction.confidence < minConfidence) return { reason: 'low-confidence' };
  return { value: prediction.label, confidence: prediction.confidence };
}

/**
 * What the panel shows and what the app may write: a person's value always stays (the resolver
 * writes a suggestion only when the field is empty and the decision is `suggest`).
 */
export function decideClassification(
  currentValue: string | null | undefined,
  suggestion: ClassificationSuggestion | { reason: 'no-text' | 'low-confidence' },
): ClassificationDecision {
  if (typeof currentValue === 'string' && currentValue.trim() !== '') return { kind: 'keep-user-choice', value: currentValue };
  if ('reason' in suggestion) return { kind: 'no-suggestion', reason: suggestion.reason };
  return { kind: 'suggest', value: suggestion.value, confidence: suggestion.confidence };
}
