import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { TextClassifier, type ClassifierOptions, type LabelledText } from '../src/domain/text/classifier';
import { benchChineseClassification } from './classify-chinese';
import { seededRandom } from './helpers';

/**
 * `npm run bench -- classify`: the requirement classifier's learning algorithm, cross-validated on
 * PROMISE (functional vs non-functional). The data is an evaluation fixture only; the app never
 * ships a model trained on it (test/fixtures/promise/NOTICE.md).
 */

const FIXTURE = path.resolve(__dirname, '../test/fixtures/promise/PROMISE_exp.csv');
const FOLDS = 10;

// The file writes Windows-1252 punctuation as literal escapes ("\92" for an apostrophe).
const CP1252_ESCAPES: Record<string, string> = {
  '91': '\u2018',
  '92': '\u2019',
  '93': '\u201c',
  '94': '\u201d',
  '95': '\u2022',
  '96': '\u2013',
};
export const cleanPromiseText = (text: string): string =>
  text.replace(/\\(9[1-6])/g, (_, code: string) => CP1252_ESCAPES[code]!).trim();

function readPromise(): LabelledText[] {
  const rows = parse(readFileSync(FIXTURE, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((row) => ({
    text: cleanPromiseText(row.RequirementText!),
    label: row._class_ === 'F' ? 'functional' : 'non-functional',
  }));
}

/** Stratified folds: each label's examples shuffled with a fixed seed, then dealt round-robin. */
function stratifiedFolds(examples: LabelledText[], folds: number, seed: number): number[] {
  const random = seededRandom(seed);
  const foldOf = new Array<number>(examples.length);
  const labels = [...new Set(examples.map((example) => example.label))].sort();
  for (const label of labels) {
    const members = examples.flatMap((example, index) => (example.label === label ? [index] : []));
    for (let index = members.length - 1; index > 0; index -= 1) {
      const other = Math.floor(random() * (index + 1));
      [members[index], members[other]] = [members[other]!, members[index]!];
    }
    members.forEach((member, position) => (foldOf[member] = position % folds));
  }
  return foldOf;
}

function f1Scores(examples: LabelledText[], predicted: string[]): Map<string, number> {
  const scores = new Map<string, number>();
  for (const label of [...new Set(examples.map((example) => example.label))].sort()) {
    let truePositive = 0;
    let falsePositive = 0;
    let falseNegative = 0;
    examples.forEach((example, index) => {
      const isLabel = example.label === label;
      const saysLabel = predicted[index] === label;
      if (isLabel && saysLabel) truePositive += 1;
      else if (saysLabel) falsePositive += 1;
      else if (isLabel) falseNegative += 1;
    });
    scores.set(label, (2 * truePositive) / (2 * truePositive + falsePositive + falseNegative));
  }
  return scores;
}

function crossValidate(examples: LabelledText[], options: Partial<ClassifierOptions>): Map<string, number> {
  const foldOf = stratifiedFolds(examples, FOLDS, 7);
  const predicted = new Array<string>(examples.length);
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const model = TextClassifier.train(
      examples.filter((_, index) => foldOf[index] !== fold),
      options,
    );
    examples.forEach((example, index) => {
      if (foldOf[index] === fold) predicted[index] = model.predict(example.text).label;
    });
  }
  return f1Scores(examples, predicted);
}

export async function benchClassify(): Promise<void> {
  benchChineseClassification();
  const examples = readPromise();
  // Each fold trains on about 870 texts, above PRUNING_THRESHOLD, so the app would prune as this does.
  const scores = crossValidate(examples, { minDocumentFrequency: 2 });
  const functional = scores.get('functional')!;
  const nonFunctional = scores.get('non-functional')!;
  console.log(
    `classify promise=${examples.length} folds=${FOLDS} F1_functional=${functional.toFixed(3)} F1_non_functional=${nonFunctional.toFixed(3)} F1=${Math.min(functional, nonFunctional).toFixed(3)}`,
  );
  console.log(
    'classify published BERT result for context (other papers, other protocols): F1_functional≈0.90 F1_non_functional≈0.93',
  );

  const trainStart = performance.now();
  const model = TextClassifier.train(examples, { minDocumentFrequency: 2 });
  const trainMs = performance.now() - trainStart;
  const serialised = model.serialise();
  const loads: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const loadStart = performance.now();
    TextClassifier.deserialise(serialised);
    loads.push(performance.now() - loadStart);
  }
  const predictStart = performance.now();
  for (const example of examples) model.predict(example.text);
  const predictMs = (performance.now() - predictStart) / examples.length;
  console.log(
    `classify_cost train_ms=${trainMs.toFixed(0)} (${examples.length} texts) model_kib=${(Buffer.byteLength(serialised) / 1024).toFixed(0)} load_ms=${Math.min(...loads).toFixed(1)} (first ${loads[0]!.toFixed(1)}) predict_ms=${predictMs.toFixed(2)}`,
  );
  const unpruned = TextClassifier.train(examples).serialise();
  const unprunedScores = crossValidate(examples, {});
  console.log(
    `classify_unpruned min_document_frequency=1 model_kib=${(Buffer.byteLength(unpruned) / 1024).toFixed(0)} F1=${Math.min(...unprunedScores.values()).toFixed(3)} ${[...unprunedScores.values()].map((value) => value.toFixed(3)).join('/')}`,
  );
  if (process.env.BENCH_CLASSIFY_TUNE) {
    for (const epochs of [10, 30])
      for (const l2 of [1e-6, 1e-5, 1e-4])
        for (const learningRate of [0.2, 0.5, 1]) {
          const tuned = crossValidate(examples, { epochs, l2, learningRate });
          console.log(
            `tune epochs=${epochs} l2=${l2} lr=${learningRate} F1=${Math.min(...tuned.values()).toFixed(3)} ${[...tuned.values()].map((value) => value.toFixed(3)).join('/')}`,
          );
        }
  }
}
