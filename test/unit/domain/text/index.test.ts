import * as text from '../../../../src/domain/text';

test('the text engine exports its API from one module', () => {
  const api = Object.keys(text).sort();
  expect(api).toEqual(
    [
      'CLASSIFICATION_SEEDS',
      'CONCEPTS',
      'CONCEPT_PREFIX',
      'explainMatch',
      'simplifiedChinese',
      'tokeniseWithSpans',
      'CLASSIFIER_FORMAT_VERSION',
      'DEFAULT_CLASSIFIER_OPTIONS',
      'DEFAULT_INDEX_OPTIONS',
      'DuplicateIndex',
      'INDEX_FORMAT_VERSION',
      'KIND_FROM_TAGS_WEIGHT',
      'PRUNING_THRESHOLD',
      'TextClassifier',
      'characterTrigrams',
      'classificationValues',
      'decideClassification',
      'normaliseText',
      'shardOf',
      'stem',
      'storedValueBytes',
      'suggestClassification',
      'tagTrainingExamples',
      'textFeatures',
      'tokenise',
      'trainSuggestionModel',
      'trainTagModel',
      'trainingExamples',
    ].sort(),
  );
  for (const name of api) expect(text[name as keyof typeof text]).toBeDefined();
});
