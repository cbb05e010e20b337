import Heading from '@atlaskit/heading';
import { Box, Stack } from '@atlaskit/primitives/compiled';
import { mountSurface } from '../../shared/components';
import { useI18n } from '../../shared/i18n';
import { DeliveryRules } from './DeliveryRules';
import { FrameworkSection } from './FrameworkSection';
import { ProjectSetup } from './ProjectSetup';
import { WebIntake } from './WebIntake';

function Admin() {
  const i18n = useI18n();
  return (
    <Box padding="space.300">
      <Stack space="space.400">
        <Heading size="large" as="h1">
          {i18n.t('admin.title')}
        </Heading>
        <FrameworkSection />
        <ProjectSetup />
        <DeliveryRules />
        <WebIntake />
      </Stack>
    </Box>
  );
}

mountSurface(() => <Admin />);
