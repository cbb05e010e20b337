import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ScoreChange } from '../../../src/domain/score-history';
import type { Quadrant, ThreeFactorBand } from '../../shared/api';
import { ErrorState, Loading } from '../../shared/components';
import { useAction } from '../../shared/hooks';
import { useI18n, type I18n } from '../../shared/i18n';

const QUADRANTS: readonly string[] = ['quick-win', 'major-project', 'fill-in', 'avoid'];
const BANDS: readonly string[] = ['high', 'medium', 'low'];

/** A stored value as people read it: codes in their words, empty as "not set". */
function valueText(i18n: I18n, change: ScoreChange, value: string | null): string {
  if (value === null || value === '') return i18n.t('common.notSet');
  if (change.field === 'valueCostQuadrant' && QUADRANTS.includes(value)) return i18n.quadrant(value as Quadrant);
  if (change.field === 'threeFactorPriority' && BANDS.includes(value)) return i18n.band(value as ThreeFactorBand);
  return value;
}

/**
 * Who changed the inputs and scores, when, under which framework version: asked only when someone
 * opens it (it reads Jira's changelog), newest first.
 */
export function ScoreHistory() {
  const i18n = useI18n();
  const { busy, error, result: view, run } = useAction<'triage.history'>();
  const load = () => run('triage.history', {});
  return (
    <section aria-labelledby="rt-score-history-heading" data-testid="rt-score-history">
      <Stack space="space.100">
        <Heading size="xsmall" as="h3" id="rt-score-history-heading">
          {i18n.t('history.title')}
        </Heading>
        {error ? <ErrorState error={error} onRetry={() => void load()} /> : null}
        {!view && !busy ? (
          <div>
            <Button spacing="compact" onClick={() => void load()}>
              {i18n.t('history.show')}
            </Button>
          </div>
        ) : null}
        {busy ? <Loading /> : null}
        {view && view.entries.length === 0 ? <Text color="color.text.subtle">{i18n.t('history.none')}</Text> : null}
        {view && view.entries.length > 0 ? (
          <ol style={{ margin: 0, paddingInlineStart: token('space.300', '24px') }}>
            {view.entries.map((entry, index) => (
              <li key={`${entry.at}-${index}`} style={{ marginBlockEnd: token('space.100', '8px') }}>
                <Stack space="space.025">
                  <Text size="small" color="color.text.subtle">
                    {i18n.t('history.when', {
                      date: i18n.date(entry.at),
                      who: entry.by ?? i18n.t('history.app'),
                      version: entry.frameworkVersion === null ? '?' : String(entry.frameworkVersion),
                    })}
                  </Text>
                  <Text>
                    {entry.changes
                      .map((change) =>
                        i18n.t('history.change', {
                          field: i18n.field(change.field),
                          from: valueText(i18n, change, change.from),
                          to: valueText(i18n, change, change.to),
                        }),
                      )
                      .join(i18n.t('merge.separator'))}
                  </Text>
                </Stack>
              </li>
            ))}
          </ol>
        ) : null}
        {view?.truncated ? (
          <Text size="small" color="color.text.subtle">
            {i18n.t('history.truncated')}
          </Text>
        ) : null}
      </Stack>
    </section>
  );
}
