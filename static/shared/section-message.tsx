import { lazy, Suspense, type ComponentPropsWithoutRef } from 'react';
import type AtlaskitSectionMessage from '@atlaskit/section-message';
import type { SectionMessageAction as AtlaskitSectionMessageAction } from '@atlaskit/section-message';

/*
 * Atlaskit's SectionMessage brings its dismiss and action buttons, and with them the tooltip,
 * popper and top-layer packages: about 45 KB gzip, a third of the panel's first script. What a
 * surface shows on open uses these wrappers, which fetch it as a chunk the first time a message is
 * shown (until then nothing is drawn in its place); code that is itself a lazy chunk imports
 * Atlaskit's directly.
 */
const LoadedSectionMessage = lazy(() => import('@atlaskit/section-message'));
const LoadedSectionMessageAction = lazy(() =>
  import('@atlaskit/section-message').then((module) => ({ default: module.SectionMessageAction })),
);

export function SectionMessage(props: ComponentPropsWithoutRef<typeof AtlaskitSectionMessage>) {
  return (
    <Suspense fallback={null}>
      <LoadedSectionMessage {...props} />
    </Suspense>
  );
}

export function SectionMessageAction(props: ComponentPropsWithoutRef<typeof AtlaskitSectionMessageAction>) {
  return <LoadedSectionMessageAction {...props} />;
}
