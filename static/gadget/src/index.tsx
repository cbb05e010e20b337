import { Box } from '@atlaskit/primitives/compiled';
import { parseGadgetConfig } from '../../../src/domain/gadget-config';
import { EmptyState, mountSurface } from '../../shared/components';
import type { ForgeContext } from '../../shared/hooks';
import { useI18n } from '../../shared/i18n';
import { EditForm } from './EditForm';
import { GadgetView } from './GadgetView';

function GadgetApp({ context }: { context: ForgeContext }) {
  const i18n = useI18n();
  const saved = context.extension.gadgetConfiguration ?? {};
  const parsed = Object.keys(saved).length > 0 ? parseGadgetConfig(saved) : null;
  if (context.extension.entryPoint === 'edit') return <EditForm saved={parsed?.ok ? parsed.config : null} />;
  if (!parsed?.ok) return <EmptyState title={i18n.t('gadget.configureTitle')} description={i18n.t('gadget.configureHint')} />;
  return <GadgetView config={parsed.config} />;
}

mountSurface((context) => (
  <Box padding="space.150">
    <GadgetApp context={context} />
  </Box>
));
