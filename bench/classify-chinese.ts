import { DEFAULT_KIND_TAGS, KINDS } from '../src/domain/kind-tags';
import { suggestClassification, trainSuggestionModel, trainTagModel, type ClassificationDimension } from '../src/domain/text';
import { benchParts, readChineseSet } from './chinese-set';

/**
 * `npm run bench -- classify` on the hand-written Chinese set: a first-day project (no
 * requirement classified yet, so the model knows only the shipped seed examples) suggests nature
 * and kind for every Chinese text of the set. Accuracy per class is the share of that class's texts
 * whose top label is right; "shown" the share whose suggestion clears the panel's confidence floor.
 */

const format = (value: number) => value.toFixed(3);

export function benchChineseClassification(): void {
  const entries = readChineseSet();
  for (const dimension of ['nature', 'kind'] as const satisfies readonly ClassificationDimension[]) {
    const model = trainSuggestionModel(dimension, []);
    for (const part of benchParts()) {
      const texts = entries
        .filter((entry) => entry.part === part)
        .flatMap((entry) =>
          entry.wordings
            .filter((wording) => !wording.english)
            .map((wording) => ({ text: wording.text, label: entry[dimension] })),
        );
      const perClass = new Map<string, { right: number; total: number }>();
      let right = 0;
      let shown = 0;
      let shownRight = 0;
      for (const { text, label } of texts) {
        const predicted = model.predict(text).label;
        const suggestion = suggestClassification(model, text);
        const counts = perClass.get(label) ?? { right: 0, total: 0 };
        counts.total += 1;
        if (predicted === label) {
          counts.right += 1;
          right += 1;
        }
        perClass.set(label, counts);
        if ('value' in suggestion) {
          shown += 1;
          if (suggestion.value === label) shownRight += 1;
        }
      }
      const classes = [...perClass]
        .sort(([left], [right]) => (left < right ? -1 : 1))
        .map(([label, counts]) => `${label}=${format(counts.right / counts.total)}(${counts.total})`);
      console.log(
        `classify_zh dimension=${dimension} part=${part} texts=${texts.length} accuracy=${format(right / texts.length)} shown=${format(shown / texts.length)} shown_accuracy=${format(shownRight / Math.max(1, shown))} ${classes.join(' ')}`,
      );
    }
  }
  // Second-level tags: each text's tag suggested among its (true) kind's default tags, as the panel does once the kind is chosen.
  const tagModels = new Map(
    KINDS.map(
      (kind) =>
        [
          kind,
          trainTagModel(
            kind,
            DEFAULT_KIND_TAGS[kind].map((tag) => tag.code),
            [],
          ),
        ] as const,
    ),
  );
  for (const part of benchParts()) {
    const texts = entries
      .filter((entry) => entry.part === part)
      .flatMap((entry) =>
        entry.wordings
          .filter((wording) => !wording.english)
          .map((wording) => ({ text: wording.text, kind: entry.kind as (typeof KINDS)[number], tag: entry.subtag })),
      );
    const perKind = new Map<string, { right: number; total: number }>();
    let right = 0;
    for (const { text, kind, tag } of texts) {
      const model = tagModels.get(kind);
      const counts = perKind.get(kind) ?? { right: 0, total: 0 };
      counts.total += 1;
      if (model?.predict(text).label === tag) {
        counts.right += 1;
        right += 1;
      }
      perKind.set(kind, counts);
    }
    const kinds = [...perKind]
      .sort(([left], [other]) => (left < other ? -1 : 1))
      .map(([kind, counts]) => `${kind}=${format(counts.right / counts.total)}(${counts.total})`);
    console.log(
      `classify_zh dimension=tag_given_kind part=${part} texts=${texts.length} accuracy=${format(right / texts.length)} ${kinds.join(' ')}`,
    );
  }
}
