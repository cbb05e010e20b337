import { TextClassifier } from '../../../../src/domain/text/classifier';
import { CLASSIFICATION_SEEDS } from '../../../../src/domain/text/seeds';
import {
  KIND_FROM_TAGS_WEIGHT,
  PRUNING_THRESHOLD,
  classificationValues,
  decideClassification,
  suggestClassification,
  tagTrainingExamples,
  trainSuggestionModel,
  trainTagModel,
  trainingExamples,
} from '../../../../src/domain/text/suggestion';
import { TAGGED_SEEDS } from '../../../../src/domain/text/tagged-seeds';
import { DEFAULT_KIND_TAGS, kindOfTag } from '../../../../src/domain/kind-tags';

describe('the seed examples', () => {
  test.each(['nature', 'kind'] as const)('cover every %s value in both languages with valid codes only', (dimension) => {
    const seeds = CLASSIFICATION_SEEDS[dimension];
    for (const value of classificationValues(dimension)) {
      const examples = seeds.filter((seed) => seed.label === value);
      expect(examples.some((seed) => /\p{Script=Han}/u.test(seed.text))).toBe(true);
      expect(examples.some((seed) => /^[\x20-\x7e]+$/.test(seed.text))).toBe(true);
    }
    expect(seeds.every((seed) => classificationValues(dimension).includes(seed.label))).toBe(true);
  });
});

describe('training from confirmed classifications', () => {
  test('uses the project examples with valid codes and non-empty text, then the seeds', () => {
    const examples = trainingExamples('nature', [
      { text: 'Print invoices in bulk', label: 'functional' },
      { text: 'Something', label: 'not-a-nature' },
      { text: '   ', label: 'functional' },
    ]);
    expect(examples[0]).toEqual({ text: 'Print invoices in bulk', label: 'functional' });
    expect(examples).toHaveLength(1 + CLASSIFICATION_SEEDS.nature.length);
  });

  test('the seeds alone suggest sensible values in both languages', () => {
    const nature = trainSuggestionModel('nature', []);
    const kind = trainSuggestionModel('kind', []);
    expect(nature.predict('支持将客户列表导出为Excel').label).toBe('functional');
    expect(nature.predict('Pages must respond within 1 second').label).toBe('non-functional');
    expect(kind.predict('希望与贵公司联合开发').label).toBe('cooperation');
    expect(kind.predict('The yearly price is too high, offer a discount').label).toBe('price-suggestion');
  });

  test("the project's own examples teach it the project's words", () => {
    const confirmed = Array.from({ length: 6 }, (_, index) => ({
      text: `Ledger reconciliation variant ${index}`,
      label: 'business-process',
    }));
    expect(trainSuggestionModel('nature', confirmed).predict('ledger reconciliation').label).toBe('business-process');
  });

  test('prunes rare features once there are enough examples', () => {
    const many = Array.from({ length: PRUNING_THRESHOLD }, (_, index) => ({
      text: `export report ${index}`,
      label: 'functional',
    }));
    const pruned = (trainSuggestionModel('nature', many) as TextClassifier).serialise();
    expect(pruned).not.toContain('"199"');
    expect((trainSuggestionModel('nature', many.slice(0, 10)) as TextClassifier).serialise()).toContain('"9"');
  });
});

describe('suggesting a classification', () => {
  const model = TextClassifier.train([
    { label: 'functional', text: 'export excel report' },
    { label: 'functional', text: 'export csv file' },
    { label: 'non-functional', text: 'respond within two seconds' },
    { label: 'non-functional', text: 'available 99.9 percent' },
  ]);

  test('suggests the most probable value with its confidence', () => {
    const suggestion = suggestClassification(model, 'export an excel file');
    expect(suggestion).toEqual({ value: 'functional', confidence: model.predict('export an excel file').confidence });
  });

  test('says why there is no suggestion', () => {
    expect(suggestClassification(model, '  ')).toEqual({ reason: 'no-text' });
    expect(suggestClassification(model, 'export', 0.999)).toEqual({ reason: 'low-confidence' });
  });
});

describe("a suggestion never overwrites a person's choice", () => {
  const suggestion = { value: 'functional', confidence: 0.8 };

  test.each([
    ['non-functional', { kind: 'keep-user-choice', value: 'non-functional' }],
    ['functional', { kind: 'keep-user-choice', value: 'functional' }],
    [null, { kind: 'suggest', value: 'functional', confidence: 0.8 }],
    [undefined, { kind: 'suggest', value: 'functional', confidence: 0.8 }],
    ['  ', { kind: 'suggest', value: 'functional', confidence: 0.8 }],
  ])('current value %j gives %j', (current, expected) => {
    expect(decideClassification(current, suggestion)).toEqual(expected);
  });

  test('keeps the choice even when there is no suggestion, and says why otherwise', () => {
    expect(decideClassification('business-process', { reason: 'low-confidence' })).toEqual({
      kind: 'keep-user-choice',
      value: 'business-process',
    });
    expect(decideClassification(null, { reason: 'no-text' })).toEqual({ kind: 'no-suggestion', reason: 'no-text' });
  });
});

describe('kind seen through the seed tags too', () => {
  test('nature is the plain model; kind blends in the seed tag model summed per kind, every kind once, summing to 1, best first', () => {
    expect(trainSuggestionModel('nature', [])).toBeInstanceOf(TextClassifier);
    const prediction = trainSuggestionModel('kind', []).predict('库存低于安全线时希望推送消息提醒');
    expect(prediction.label).toBe('improvement');
    expect(prediction.probabilities.map((entry) => entry.label).sort()).toEqual([...classificationValues('kind')].sort());
    expect(prediction.probabilities.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 9);
    expect(prediction.probabilities.map((entry) => entry.probability)).toEqual(
      [...prediction.probabilities.map((entry) => entry.probability)].sort((left, right) => right - left),
    );
    expect(prediction.confidence).toBe(prediction.probabilities[0]!.probability);
  });

  test('the seed tags weigh less as the project’s own examples grow, so a project’s language wins', () => {
    const text = '库存低于安全线时希望推送消息提醒';
    const confirmed = Array.from({ length: 2000 }, (_, index) => ({ text: `${text} ${index % 7}`, label: 'cooperation' }));
    expect(trainSuggestionModel('kind', confirmed).predict(text)).toMatchObject({ label: 'cooperation' });
    expect(KIND_FROM_TAGS_WEIGHT).toBeGreaterThan(0);
  });
});

describe('second-level tag suggestions', () => {
  const optimisationTags = DEFAULT_KIND_TAGS.optimisation.map((tag) => tag.code);

  test('every tagged seed carries a default tag of its own kind', () => {
    for (const seed of TAGGED_SEEDS)
      expect(`${seed.tag} ${kindOfTag(DEFAULT_KIND_TAGS, seed.tag)}`).toBe(`${seed.tag} ${seed.kind}`);
  });

  test('trains on the project’s tagged requirements of the kind’s list, then the seeds of that kind', () => {
    const confirmed = [
      { text: '报警规则太死板', label: 'alarm-rules' },
      { text: '界面按钮太小', label: 'ui-interaction' },
      { text: '   ', label: 'ui-interaction' },
    ];
    const examples = tagTrainingExamples('optimisation', [...optimisationTags, 'alarm-rules'], confirmed);
    expect(examples.slice(0, 2)).toEqual(confirmed.slice(0, 2));
    expect(new Set(examples.slice(2).map((example) => example.label))).toEqual(new Set(optimisationTags));
    // A tag the project dropped from its list is neither learnt nor suggested.
    expect(
      tagTrainingExamples('optimisation', ['ui-interaction', 'algorithm'], confirmed).every((example) =>
        ['ui-interaction', 'algorithm'].includes(example.label),
      ),
    ).toBe(true);
  });

  test('the seeds alone suggest the tag of a Chinese optimisation request', () => {
    const model = trainTagModel('optimisation', optimisationTags, [])!;
    expect(suggestClassification(model, '导出的报表数字格式错乱，打印出来也错位')).toMatchObject({ value: 'data-output' });
    expect(suggestClassification(model, '预警算法误报太多，准确率太低')).toMatchObject({ value: 'algorithm' });
  });

  test('no model when fewer than two of the kind’s tags have examples: a project’s own new tags wait until people use them', () => {
    expect(trainTagModel('optimisation', ['alarm-rules', 'reports'], [])).toBeNull();
    expect(trainTagModel('optimisation', ['ui-interaction'], [])).toBeNull();
    expect(
      trainTagModel(
        'optimisation',
        ['alarm-rules', 'reports'],
        [
          { text: '报警规则太死板', label: 'alarm-rules' },
          { text: '报表太少', label: 'reports' },
        ],
      )?.labels,
    ).toEqual(['alarm-rules', 'reports']);
  });
});
