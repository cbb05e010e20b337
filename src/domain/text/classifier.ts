import { CONCEPT_PREFIX } from './lexicon';
import { tokenise } from './tokenise';

/**
 * A small linear text classifier: multinomial logistic regression on tf·idf features of word
 * unigrams, bigrams and trigrams (stop words kept: "shall be able to" is the mark of a functional
 * requirement; Chinese arrives as character bigrams from the tokeniser).
 * Trained by stochastic gradient descent in an order fixed by a seed, so the same examples always
 * give the same model.
 *
 * The app trains it from the project's own confirmed classifications plus the seed examples in
 * seeds.ts; training takes milliseconds at that size, so a model can be trained when needed or
 * kept serialised (`serialise`, a few KiB to a few hundred KiB depending on the vocabulary).
 */

export interface LabelledText {
  text: string;
  label: string;
}

export interface ClassifierOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty; larger means smaller weights and softer confidences. */
  l2: number;
  /** Seed of the example order. */
  seed: number;
  /** Features seen in fewer training texts are dropped (smaller model, less noise). */
  minDocumentFrequency: number;
  /** Weighs each example by how rare its label is, so a label with few examples is not drowned out. */
  balanceLabels: boolean;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  epochs: 30,
  learningRate: 0.5,
  l2: 1e-5,
  seed: 1,
  minDocumentFrequency: 1,
  balanceLabels: false,
};

export interface Prediction {
  label: string;
  /** The model's probability for `label`, 0..1. */
  confidence: number;
  /** Every label's probability, highest first. */
  probabilities: { label: string; probability: number }[];
}

export const CLASSIFIER_FORMAT_VERSION = 1;

interface ModelFile {
  format: number;
  labels: string[];
  features: string[];
  idf: number[];
  /** Row-major: one weight per (feature, label), rounded. */
  weights: number[];
  bias: number[];
}

/**
 * Feature counts of a text: word unigrams, bigrams and trigrams. Character n-grams were tried and
 * lowered F1 on PROMISE (docs/BENCHMARKS.md); Chinese is already covered by character bigrams.
 */
export function textFeatures(text: string): Map<string, number> {
  const tokens = tokenise(text, { keepStopWords: true, chineseUnigrams: true });
  const words = tokens.filter((token) => !token.startsWith(CONCEPT_PREFIX));
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  words.forEach((word, index) => {
    add(word);
    if (index > 0) add(`${words[index - 1]!} ${word}`);
    if (index > 1) add(`${words[index - 2]!} ${words[index - 1]!} ${word}`);
  });
  // Concepts (lexicon.ts) as features of their own, so "太慢" in a seed teaches "卡顿" and "slow" too.
  for (const concept of tokens.filter((token) => token.startsWith(CONCEPT_PREFIX))) add(concept);
  return counts;
}

export class TextClassifier {
  private constructor(
    readonly labels: readonly string[],
    private readonly featureIndex: Map<string, number>,
    private readonly idf: Float64Array,
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {}

  /** Trains on the examples; needs at least one example and at least one label. */
  static train(examples: readonly LabelledText[], options: Partial<ClassifierOptions> = {}): TextClassifier {
    const settings = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
    const labels = [...new Set(examples.map((example) => example.label))].sort();
    if (labels.length === 0) throw new Error('No training examples');
    const featureCounts = examples.map((example) => textFeatures(example.text));
    const documentFrequency = new Map<string, number>();
    for (const counts of featureCounts)
      for (const feature of counts.keys()) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    const features = [...documentFrequency]
      .filter(([, frequency]) => frequency >= settings.minDocumentFrequency)
      .map(([feature]) => feature)
      .sort();
    const featureIndex = new Map(features.map((feature, index) => [feature, index]));
    const idf = Float64Array.from(
      features,
      (feature) => Math.log((1 + examples.length) / (1 + documentFrequency.get(feature)!)) + 1,
    );
    const classifier = new TextClassifier(
      labels,
      featureIndex,
      idf,
      new Float64Array(features.length * labels.length),
      new Float64Array(labels.length),
    );
    const vectors = featureCounts.map((counts) => classifier.vectorOf(counts));
    const targets = examples.map((example) => labels.indexOf(example.label));
    const labelCounts = labels.map((_, label) => targets.filter((target) => target === label).length);
    const exampleWeights = targets.map((target) =>
      settings.balanceLabels ? examples.length / (labels.length * labelCounts[target]!) : 1,
    );
    classifier.fit(vectors, targets, exampleWeights, settings);
    return classifier;
  }

  /** The most probable label for a text, with every label's probability. */
  predict(text: string): Prediction {
    const probabilities = this.probabilities(this.vectorOf(textFeatures(text)));
    const ranked = this.labels.map((label, index) => ({ label, probability: probabilities[index]! }));
    // Labels are sorted and the sort is stable, so equal probabilities keep alphabetical order.
    ranked.sort((left, right) => right.probability - left.probability);
    return { label: ranked[0]!.label, confidence: ranked[0]!.probability, probabilities: ranked };
  }

  serialise(): string {
    const features = [...this.featureIndex.keys()];
    const round = (value: number) => Math.round(value * 1e4) / 1e4;
    const file: ModelFile = {
      format: CLASSIFIER_FORMAT_VERSION,
      labels: [...this.labels],
      features,
      idf: Array.from(this.idf, round),
      weights: Array.from(this.weights, round),
      bias: Array.from(this.bias, round),
    };
    return JSON.stringify(file);
  }

  /** A model from `serialise`, or null when it was written by another format version (retrain). */
  static deserialise(json: string): TextClassifier | null {
    const file = JSON.parse(json) as ModelFile;
    if (file.format !== CLASSIFIER_FORMAT_VERSION) return null;
    return new TextClassifier(
      file.labels,
      new Map(file.features.map((feature, index) => [feature, index])),
      Float64Array.from(file.idf),
      Float64Array.from(file.weights),
      Float64Array.from(file.bias),
    );
  }

  /** Sublinear tf·idf, L2-normalised; features unknown to the model are ignored. */
  private vectorOf(counts: Map<string, number>): { indices: number[]; values: number[] } {
    const indices: number[] = [];
    const values: number[] = [];
    for (const [feature, count] of counts) {
      const index = this.featureIndex.get(feature);
      if (index === undefined) continue;
      indices.push(index);
      values.push((1 + Math.log(count)) * this.idf[index]!);
    }
    const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
    return { indices, values: values.map((value) => value / norm) };
  }

  private probabilities(vector: { indices: number[]; values: number[] }): number[] {
    const labelCount = this.labels.length;
    const logits = Array.from(this.bias);
    vector.indices.forEach((index, at) => {
      for (let label = 0; label < labelCount; label += 1)
        logits[label]! += this.weights[index * labelCount + label]! * vector.values[at]!;
    });
    const highest = Math.max(...logits);
    const exponentials = logits.map((logit) => Math.exp(logit - highest));
    const total = exponentials.reduce((sum, value) => sum + value, 0);
    return exponentials.map((value) => value / total);
  }

  private fit(
    vectors: { indices: number[]; values: number[] }[],
    targets: number[],
    exampleWeights: number[],
    settings: ClassifierOptions,
  ): void {
    const labelCount = this.labels.length;
    const random = seededRandom(settings.seed);
    const order = vectors.map((_, index) => index);
    let step = 0;
    for (let epoch = 0; epoch < settings.epochs; epoch += 1) {
      // Fisher-Yates with the seeded generator: a fixed but well-mixed order each epoch.
      for (let index = order.length - 1; index > 0; index -= 1) {
        const other = Math.floor(random() * (index + 1));
        [order[index], order[other]] = [order[other]!, order[index]!];
      }
      for (const example of order) {
        const rate = settings.learningRate / (1 + step * settings.l2 * settings.learningRate);
        step += 1;
        const vector = vectors[example]!;
        const probabilities = this.probabilities(vector);
        for (let label = 0; label < labelCount; label += 1) {
          const gradient = exampleWeights[example]! * (probabilities[label]! - (targets[example] === label ? 1 : 0));
          this.bias[label]! -= rate * gradient;
          vector.indices.forEach((index, at) => {
            const position = index * labelCount + label;
            this.weights[position]! -= rate * (gradient * vector.values[at]! + settings.l2 * this.weights[position]!);
          });
        }
      }
    }
  }
}

/** Mulberry32: small, fast and the same on every platform. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}
