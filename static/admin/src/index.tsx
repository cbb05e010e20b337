import { lazy, Suspense } from 'react';
import Heading from '@atlaskit/heading';
import { Box, Stack } from '@atlaskit/primitives/compiled';
import { Loading, mountSurface } from '../../shared/components';
import { useI18n } from '../../shared/i18n';
import { FrameworkSection } from './FrameworkSection';

/* Project setup, the delivery rules, second-level tags and web intake sit below the framework: chunks of their own, fetched when drawn. */
const ProjectSetup = lazy(() => import('./ProjectSetup').then((module) => ({ default: module.ProjectSetup })));
const DeliveryRules = lazy(() => import('./DeliveryRules').then((module) => ({ default: module.DeliveryRules })));
const KindTags = lazy(() => import('./KindTags').then((module) => ({ default: module.KindTags })));
const WebIntake = lazy(() => import('./WebIntake').then((module) => ({ default: module.WebIntake })));

function Admin() {
  const i18n = useI18n();
  return (
    <Box padding="space.300">
      <Stack space="space.400">
        <Heading size="large" as="h1">
          {i18n.t('admin.title')}
        </Heading>
        <FrameworkSection />
        <Suspense fallback={<Loading />}>
          <ProjectSetup />
        </Suspense>
        <Suspense fallback={<Loading />}>
          <DeliveryRules />
        </Suspense>
        <Suspense fallback={<Loading />}>
          <KindTags />
        </Suspense>
        <Suspense fallback={<Loading />}>
          <WebIntake />
        </Suspense>
      </Stack>
    </Box>
  );
}

mountSurface(() => <Admin />);
