import type { ReactNode } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { CUSTOMER_TYPES, GRADES, WEIGHTED_FACTORS, type FrameworkVersion } from '../../../src/domain/framework';
import { GradeLozenge } from '../../shared/components';
import { DataTable } from '../../shared/DataTable';
import { useI18n, type I18n } from '../../shared/i18n';

interface SettingRow {
  group: string;
  label: ReactNode;
  value: string;
}

function settingRows(i18n: I18n, framework: FrameworkVersion): SettingRow[] {
  const s = framework.settings;
  const range = (min: number, max: number) => i18n.t('admin.range', { min, max });
  return [
    ...WEIGHTED_FACTORS.map((factor) => ({
      group: 'weights',
      label: i18n.t('admin.weight', { factor: i18n.factor(factor) }),
      value: i18n.percent(s.weights[factor]),
    })),
    {
      group: 'scale',
      label: `${i18n.t('admin.factorScale')} (${i18n.list(WEIGHTED_FACTORS.map((factor) => i18n.factor(factor)))})`,
      value: range(s.factorScale.min, s.factorScale.max),
    },
    {
      group: 'grade',
      label: <GradeLabel grade="S" />,
      value: i18n.t('admin.gradeFrom', { min: i18n.score(s.gradeThresholds.S) }),
    },
    {
      group: 'grade',
      label: <GradeLabel grade="A" />,
      value: i18n.t('admin.gradeFrom', { min: i18n.score(s.gradeThresholds.A) }),
    },
    {
      group: 'grade',
      label: <GradeLabel grade="B" />,
      value: i18n.t('admin.gradeFrom', { min: i18n.score(s.gradeThresholds.B) }),
    },
    {
      group: 'grade',
      label: <GradeLabel grade="C" />,
      value: i18n.t('admin.gradeBelow', { min: i18n.score(s.gradeThresholds.B) }),
    },
    {
      group: 'band',
      label: i18n.t('admin.band', { band: i18n.band('high') }),
      value: i18n.t('admin.bandFrom', { min: s.threeFactorBands.high }),
    },
    {
      group: 'band',
      label: i18n.t('admin.band', { band: i18n.band('medium') }),
      value: i18n.t('admin.bandBetween', { min: s.threeFactorBands.medium, max: s.threeFactorBands.high - 1 }),
    },
    {
      group: 'band',
      label: i18n.t('admin.band', { band: i18n.band('low') }),
      value: i18n.t('admin.bandBelow', { min: s.threeFactorBands.medium }),
    },
    {
      group: 'value-cost',
      label: `${i18n.t('admin.valueCostScale')} (${i18n.list([i18n.field('businessValue'), i18n.field('implementationCost')])})`,
      value: range(s.valueCostScale.min, s.valueCostScale.max),
    },
    { group: 'value-cost', label: i18n.t('admin.highValueFrom'), value: i18n.number(s.quadrantSplit.highValueFrom) },
    { group: 'value-cost', label: i18n.t('admin.highCostFrom'), value: i18n.number(s.quadrantSplit.highCostFrom) },
    ...GRADES.map((grade) => {
      const days = s.deadlineDays[grade];
      return {
        group: 'deadline',
        label: i18n.t('admin.deadline', { grade }),
        value: days === null ? i18n.t('common.noDeadline') : i18n.plural('common.days', days),
      };
    }),
    ...CUSTOMER_TYPES.map((type) => ({
      group: 'customer-type',
      label: i18n.t('admin.customerTypeValue', { type: i18n.t(`customerType.${type}`) }),
      value: i18n.number(s.customerTypeValue[type]),
    })),
  ];
}

function GradeLabel({ grade }: { grade: 'S' | 'A' | 'B' | 'C' }) {
  const i18n = useI18n();
  return (
    <Inline space="space.075" alignBlock="center">
      <Text>{i18n.t('admin.gradeThreshold', { grade })}</Text>
      <span aria-hidden="true">
        <GradeLozenge grade={grade} />
      </span>
    </Inline>
  );
}

function VersionMeta({ framework }: { framework: FrameworkVersion }) {
  const i18n = useI18n();
  return (
    <Text size="small" color="color.text.subtle">
      {i18n.t('admin.createdBy', { date: i18n.date(framework.createdAt), author: framework.author.displayName })}
    </Text>
  );
}

/** The settings of one version, read-only. */
export function CurrentFramework({ framework }: { framework: FrameworkVersion }) {
  const i18n = useI18n();
  const rows = settingRows(i18n, framework);
  return (
    <Stack space="space.200">
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text weight="semibold" size="large">
            {i18n.t('admin.version', { version: framework.version })}
          </Text>
          <Lozenge appearance="success">{i18n.t('admin.current')}</Lozenge>
        </Inline>
        <VersionMeta framework={framework} />
        {framework.note ? <Text as="p">{framework.note}</Text> : null}
      </Stack>
      <DataTable
        columns={[
          { key: 'setting', header: i18n.t('admin.setting'), rowHeader: true, width: '55%', cell: (row) => row.label },
          { key: 'value', header: i18n.t('admin.settingValue'), cell: (row) => row.value },
        ]}
        rows={rows}
        rowKey={(_row, index) => index}
        caption={`${i18n.t('admin.framework')} · ${i18n.t('admin.version', { version: framework.version })}`}
        captionVisible
        rowAttributes={(row, index) => ({ 'data-group-start': index > 0 && rows[index - 1]?.group !== row.group })}
        maxWidth={720}
      />
    </Stack>
  );
}

export { VersionMeta };
