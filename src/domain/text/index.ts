/** The text engine: tokenising, similar-requirement search, classification suggestions. */
export {
  normaliseText,
  simplifiedChinese,
  stem,
  tokenise,
  tokeniseWithSpans,
  type Token,
  type TokeniseOptions,
} from './tokenise';
export { CONCEPTS, CONCEPT_PREFIX, type Concept } from './lexicon';
export { explainMatch, type MatchExplanation, type Span } from './explain';
export {
  DEFAULT_INDEX_OPTIONS,
  DuplicateIndex,
  INDEX_FORMAT_VERSION,
  storedValueBytes,
  characterTrigrams,
  shardOf,
  type DuplicateIndexOptions,
  type FieldOptions,
  type IndexedDocument,
  type QueryOptions,
  type SimilarRequirement,
} from './duplicate-index';
export {
  CLASSIFIER_FORMAT_VERSION,
  DEFAULT_CLASSIFIER_OPTIONS,
  TextClassifier,
  textFeatures,
  type ClassifierOptions,
  type LabelledText,
  type Prediction,
} from './classifier';
export { CLASSIFICATION_SEEDS } from './seeds';
export {
  KIND_FROM_TAGS_WEIGHT,
  PRUNING_THRESHOLD,
  classificationValues,
  decideClassification,
  suggestClassification,
  tagTrainingExamples,
  trainSuggestionModel,
  trainTagModel,
  trainingExamples,
  type ClassificationDecision,
  type ClassificationDimension,
  type ClassificationSuggestion,
  type SuggestionModel,
} from './suggestion';
