import type { ReactNode } from 'react';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { SectionMessage } from '../../shared/section-message';
import { token } from '@atlaskit/tokens';
import type { InputFieldName } from '../../../src/domain/fields';
import { WEIGHTED_FACTORS } from '../../../src/domain/framework';
import type { TriageView } from '../../shared/api';
import { BandLozenge, GradeLozenge, QuadrantLozenge, Section } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { formatSetting, useI18n } from '../../shared/i18n';

const tile = {
  border: `${token('border.width', '1px')} solid ${token('color.border', '#0B120E24')}`,
  borderRadius: token('radius.large', '8px'),
  minWidth: 0,
} as const;

function Tile({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <Box padding="space.150" style={tile} as="section" aria-labelledby={id}>
      <Stack space="space.100">
        <Text id={id} size="small" weight="semibold" color="color.text.subtle">
          {label}
        </Text>
        {children}
      </Stack>
    </Box>
  );
}

function BigNumber({ children }: { children: ReactNode }) {
  return (
    <span
      style={{ font: token('font.heading.large', '653 24px/28px ui-sans-serif, sans-serif'), fontVariantNumeric: 'tabular-nums' }}
    >
      {children}
    </span>
  );
}

/**
 * A model without a score: the inputs it still needs, and the stored values it will not use
 * because they break a rule (named, so the reader knows what to fix).
 */
function Missing({ fields, view }: { fields: readonly InputFieldName[]; view: TriageView }) {
  const i18n = useI18n();
  const broken = view.problems.filter((problem) => (fields as readonly string[]).includes(problem.field));
  const missing = fields
    .filter((field) => view.inputs[field] === null && !broken.some((problem) => problem.field === field))
    .map((field) => i18n.field(field));
  return (
    <Stack space="space.050">
      <Inline>
        <GradeLozenge grade={null} />
      </Inline>
      {broken.length > 0 ? (
        <Text size="small" color="color.text.danger" testId="rt-not-computable">
          {i18n.t('panel.notComputable', { reasons: broken.map((problem) => i18n.violation(problem)).join(' ') })}
        </Text>
      ) : null}
      {missing.length > 0 ? (
        <Text size="small" color="color.text.subtle">
          {i18n.t('panel.needs', { fields: i18n.list(missing) })}
        </Text>
      ) : null}
    </Stack>
  );
}

export function Results({ view }: { view: TriageView }) {
  const i18n = useI18n();
  const { computed, weighted, framework, inputs } = view;
  const settings = framework.settings;
  const grade = computed.priorityGrade;
  const deadline = grade ? settings.deadlineDays[grade] : null;
  const stale = computed.frameworkVersion !== null && view.latestFrameworkVersion > framework.version;

  return (
    <Section title={i18n.t('panel.results')} id="rt-results">
      <div
        style={{
          display: 'grid',
          gap: token('space.150', '12px'),
          gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 220px), 1fr))',
          alignItems: 'start',
        }}
      >
        <Tile label={i18n.field('weightedScore')} id="rt-weighted">
          {computed.weightedScore !== null ? (
            <Stack space="space.100">
              <Inline space="space.100" alignBlock="center">
                <BigNumber>{i18n.score(computed.weightedScore)}</BigNumber>
                <GradeLozenge grade={grade} />
              </Inline>
              {weighted ? (
                <DataTable
                  compact
                  headerHidden
                  captionVisible
                  caption={i18n.t('panel.breakdown')}
                  rows={weighted.breakdown}
                  rowKey={(part) => part.factor}
                  testId="rt-breakdown"
                  columns={[
                    {
                      key: 'factor',
                      header: i18n.t('panel.factor'),
                      rowHeader: true,
                      cell: (part) =>
                        i18n.t('panel.breakdownItem', {
                          factor: i18n.factor(part.factor),
                          value: part.value,
                          weight: i18n.percent(part.weight),
                        }),
                    },
                    {
                      key: 'points',
                      header: i18n.t('panel.points'),
                      numeric: true,
                      cell: (part) => i18n.number(part.hundredths / 100, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
                    },
                  ]}
                />
              ) : null}
              {grade ? (
                <Text size="small" color="color.text.subtle">
                  {deadline === null
                    ? i18n.t('common.noDeadline')
                    : i18n.t('panel.deadline', { days: i18n.plural('common.days', deadline) })}
                </Text>
              ) : null}
            </Stack>
          ) : (
            <Missing fields={WEIGHTED_FACTORS} view={view} />
          )}
        </Tile>

        <Tile label={i18n.field('threeFactorScore')} id="rt-three-factor">
          {computed.threeFactorScore !== null ? (
            <Inline space="space.100" alignBlock="center">
              <BigNumber>{i18n.number(computed.threeFactorScore)}</BigNumber>
              <BandLozenge band={computed.threeFactorPriority} />
            </Inline>
          ) : (
            <Missing fields={['urgency', 'importance', 'customerValue']} view={view} />
          )}
        </Tile>

        <Tile label={i18n.field('valueCostQuadrant')} id="rt-quadrant">
          {computed.valueCostQuadrant !== null ? (
            <Stack space="space.100">
              <Inline>
                <QuadrantLozenge quadrant={computed.valueCostQuadrant} />
              </Inline>
              <Text size="small" color="color.text.subtle">
                {i18n.quadrantHint(computed.valueCostQuadrant)}
                {inputs.businessValue !== null && inputs.implementationCost !== null
                  ? ` · ${i18n.t('panel.valueCost', { value: inputs.businessValue, cost: inputs.implementationCost })}`
                  : ''}
              </Text>
            </Stack>
          ) : (
            <Missing fields={['businessValue', 'implementationCost']} view={view} />
          )}
        </Tile>
      </div>

      {computed.frameworkVersion !== null ? (
        <Text size="small" color="color.text.subtle">
          {i18n.t('panel.scoredWith', { version: computed.frameworkVersion })}
        </Text>
      ) : null}

      {stale ? (
        <SectionMessage appearance="warning">
          <Text as="p">
            {i18n.t('panel.stale', { latest: view.latestFrameworkVersion, version: framework.version })}{' '}
            {view.canEdit ? i18n.t('panel.staleEdit', { latest: view.latestFrameworkVersion }) : i18n.t('panel.staleReadOnly')}
          </Text>
          {view.changesSinceScored.length > 0 ? (
            <details>
              <summary style={{ cursor: 'pointer', color: token('color.link', '#1868DB') }}>
                {i18n.t('panel.whatChanged', { latest: view.latestFrameworkVersion })}
              </summary>
              <ul style={{ margin: `${token('space.050', '4px')} 0 0`, paddingInlineStart: token('space.250', '20px') }}>
                {view.changesSinceScored.map((change) => (
                  <li key={change.setting}>
                    <Text>
                      {i18n.setting(change.setting)}: {formatSetting(i18n, change.setting, change.before)} →{' '}
                      {formatSetting(i18n, change.setting, change.after)}
                    </Text>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </SectionMessage>
      ) : null}
    </Section>
  );
}
