import Lozenge from '@atlaskit/lozenge';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import { ErrorState, GradeLozenge, Loading, mountSurface, QuadrantLozenge } from '../../shared/components';
import { useResolver } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';

/** The issue glance: the grade and the quadrant at a glance, or "Not scored". */
function Glance() {
  const i18n = useI18n();
  const triage = useResolver('triage.get', {});
  if (!triage.data) {
    if (triage.error) return <ErrorState error={triage.error} onRetry={triage.reload} />;
    return <Loading />;
  }
  const { isRequirement, computed } = triage.data;
  if (!isRequirement) {
    return <Text color="color.text.subtle">{i18n.t('glance.notRequirement')}</Text>;
  }
  if (!computed.priorityGrade && !computed.valueCostQuadrant) {
    return <Lozenge appearance="default">{i18n.t('common.notScored')}</Lozenge>;
  }
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      {computed.priorityGrade ? <GradeLozenge grade={computed.priorityGrade} /> : null}
      {computed.weightedScore !== null ? (
        <Text size="small" color="color.text.subtle">
          {i18n.score(computed.weightedScore)}
        </Text>
      ) : null}
      {computed.valueCostQuadrant ? <QuadrantLozenge quadrant={computed.valueCostQuadrant} /> : null}
    </Inline>
  );
}

mountSurface(() => (
  <Box padding="space.050">
    <Glance />
  </Box>
));
