import {
  CLASSIFIER_FORMAT_VERSION,
  DEFAULT_CLASSIFIER_OPTIONS,
  TextClassifier,
  textFeatures,
  type LabelledText,
} from '../../../../src/domain/text/classifier';

const EXAMPLES: LabelledText[] = [
  { label: 'fruit', text: 'apple banana cherry' },
  { label: 'fruit', text: 'banana mango apple' },
  { label: 'fruit', text: 'cherry mango' },
  { label: 'fruit', text: '苹果 香蕉' },
  { label: 'vehicle', text: 'car truck bus' },
  { label: 'vehicle', text: 'bus bicycle car' },
  { label: 'vehicle', text: 'truck bicycle' },
  { label: 'vehicle', text: '汽车 卡车' },
];

describe('the text classifier', () => {
  const model = TextClassifier.train(EXAMPLES);

  test.each([
    ['mango and cherry', 'fruit'],
    ['a truck and a car', 'vehicle'],
    ['香蕉', 'fruit'],
    ['卡车', 'vehicle'],
  ])('%s is %s', (text, label) => {
    const prediction = model.predict(text);
    expect(prediction.label).toBe(label);
    expect(prediction.confidence).toBeGreaterThan(0.5);
  });

  test('probabilities cover every label, best first, and sum to 1', () => {
    const { probabilities, confidence } = model.predict('apple car');
    expect(probabilities.map((entry) => entry.label).sort()).toEqual(['fruit', 'vehicle']);
    expect(probabilities[0]!.probability).toBe(confidence);
    expect(probabilities[0]!.probability).toBeGreaterThanOrEqual(probabilities[1]!.probability);
    expect(probabilities.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 10);
  });

  test('text with no known feature gets the even split, ties by label', () => {
    const prediction = TextClassifier.train(
      [
        { label: 'b', text: 'same' },
        { label: 'a', text: 'same' },
      ],
      { epochs: 0 },
    ).predict('unknown words');
    expect(prediction.label).toBe('a');
    expect(prediction.confidence).toBeCloseTo(0.5, 10);
  });

  test('defaults to a fixed seed, so training twice gives the same model', () => {
    expect(DEFAULT_CLASSIFIER_OPTIONS.seed).toBe(1);
    expect(TextClassifier.train(EXAMPLES).serialise()).toBe(model.serialise());
  });

  test('training is deterministic for a seed', () => {
    expect(TextClassifier.train(EXAMPLES, { seed: 3 }).serialise()).toBe(TextClassifier.train(EXAMPLES, { seed: 3 }).serialise());
  });

  test('pruning drops features seen in fewer texts', () => {
    const pruned = TextClassifier.train(EXAMPLES, { minDocumentFrequency: 2 });
    expect(pruned.serialise().length).toBeLessThan(model.serialise().length);
    expect(pruned.predict('mango cherry').label).toBe('fruit');
  });

  test('balanced training weighs a label with few examples up, so its words count for more', () => {
    const examples = [
      { text: 'refund the order', label: 'rare' },
      ...Array.from({ length: 12 }, (_, index) => ({ text: `ship the order fast ${index}`, label: 'common' })),
    ];
    const rareShare = (balanceLabels: boolean) =>
      TextClassifier.train(examples, { balanceLabels })
        .predict('refund order')
        .probabilities.find((entry) => entry.label === 'rare')!.probability;
    expect(rareShare(true)).toBeGreaterThan(rareShare(false) + 0.1);
  });

  test('refuses to train on nothing', () => {
    expect(() => TextClassifier.train([])).toThrow(/No training examples/);
  });

  test('a serialised model predicts as the original did', () => {
    const restored = TextClassifier.deserialise(model.serialise())!;
    expect(restored.labels).toEqual(model.labels);
    for (const text of ['mango', 'bus', 'apple truck', '苹果']) {
      expect(restored.predict(text).label).toBe(model.predict(text).label);
      expect(restored.predict(text).confidence).toBeCloseTo(model.predict(text).confidence, 3);
    }
  });

  test('a model of another format version is not loaded (retrain instead)', () => {
    const stale = model.serialise().replace(`"format":${CLASSIFIER_FORMAT_VERSION}`, '"format":0');
    expect(TextClassifier.deserialise(stale)).toBeNull();
  });
});

describe('classification features', () => {
  test('are word unigrams, bigrams and trigrams with stop words kept', () => {
    expect([...textFeatures('The system shall export').keys()]).toEqual([
      'the',
      'system',
      'the system',
      'shall',
      'system shall',
      'the system shall',
      'export',
      'shall export',
      'system shall export',
      '~export',
    ]);
  });

  test('count repeats', () => {
    expect(textFeatures('alarm alarm').get('alarm')).toBe(2);
  });
});
