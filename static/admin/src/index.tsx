import { lazy, Suspense, type ReactNode } from 'react';
import Heading from '@atlaskit/heading';
import { Box, Stack } from '@atlaskit/primitives/compiled';
import { Loading, mountSurface } from '../../shared/components';
import { useHistoryPath } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { FrameworkSection, FrameworkVersions } from './FrameworkSection';
import { adminPageOf, type AdminPage } from './pages';
import './admin.css';
import { loadMessages } from './messages';

/* The framework subpages load with the page (their editor and history are chunks of their own); the others are fetched when opened. */
const ProjectSetup = lazy(() => import('./ProjectSetup').then((module) => ({ default: module.ProjectSetup })));
const DeliveryRules = lazy(() => import('./DeliveryRules').then((module) => ({ default: module.DeliveryRules })));
const KindTags = lazy(() => import('./KindTags').then((module) => ({ default: module.KindTags })));
const WebIntake = lazy(() => import('./WebIntake').then((module) => ({ default: module.WebIntake })));

/**
 * The admin page's subpages (manifest `pages`): Jira draws them in its admin sidebar and changes
 * the URL; the page picks what to show from view.createHistory(), as the project page does.
 */
function Admin() {
  const i18n = useI18n();
  const path = useHistoryPath();
  if (path === null) return <Loading />;
  const page = adminPageOf(path);
  const content: Record<AdminPage, ReactNode> = {
    framework: <FrameworkSection />,
    history: <FrameworkVersions />,
    projects: <ProjectSetup />,
    delivery: <DeliveryRules />,
    tags: <KindTags />,
    intake: <WebIntake />,
  };
  return (
    <Box padding="space.300">
      <Stack space="space.400">
        <Heading size="large" as="h1">
          {i18n.t('admin.title')}
        </Heading>
        <Suspense fallback={<Loading />}>{content[page]}</Suspense>
      </Stack>
    </Box>
  );
}

mountSurface(loadMessages, () => <Admin />);
