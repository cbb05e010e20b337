import { lazy, Suspense } from 'react';
import { Box } from '@atlaskit/primitives/compiled';
import { isReportKind, parseGadgetConfig } from '../../../src/domain/gadget-config';
import { EmptyState, Loading, mountSurface } from '../../shared/components';
import type { ForgeContext } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { GadgetView } from './GadgetView';
import './gadget.css';
import { loadMessages } from './messages';

/** Only the gadget's edit mode shows the form (and its selects): a chunk of its own. */
const EditForm = lazy(() => import('./EditForm').then((module) => ({ default: module.EditForm })));
/** The report kinds read the delivery records: a chunk of their own, so the priority kinds load as before. */
const ReportGadget = lazy(() => import('./ReportGadget').then((module) => ({ default: module.ReportGadget })));

function GadgetApp({ context }: { context: ForgeContext }) {
  const i18n = useI18n();
  const saved = context.extension.gadgetConfiguration ?? {};
  const parsed = Object.keys(saved).length > 0 ? parseGadgetConfig(saved) : null;
  if (context.extension.entryPoint === 'edit') {
    return (
      <Suspense fallback={<Loading />}>
        <EditForm saved={parsed?.ok ? parsed.config : null} />
      </Suspense>
    );
  }
  if (!parsed?.ok) return <EmptyState title={i18n.t('gadget.configureTitle')} description={i18n.t('gadget.configureHint')} />;
  if (isReportKind(parsed.config.kind)) {
    return (
      <Suspense fallback={<Loading />}>
        <ReportGadget config={parsed.config} />
      </Suspense>
    );
  }
  return <GadgetView config={parsed.config} />;
}

mountSurface(loadMessages, (context) => (
  <Box padding="space.150">
    <GadgetApp context={context} />
  </Box>
));
