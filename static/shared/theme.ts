import { view } from '@forge/bridge';

const hasTokenStyles = (): boolean => getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim() !== '';

/**
 * Asks the host to apply the user's Jira theme (light or dark) to this frame's design tokens.
 * A failed call leaves the token fallbacks, which are the light theme: the app still works, so
 * the failure is only logged.
 *
 * Jira also supplies the token styles. A host that only marks the colour mode on <html> (the
 * local sandbox does) would leave a dark frame with light content, so then the app loads the
 * dark theme itself; Atlaskit's theme loader and its styles are lazy chunks of the bundle,
 * fetched only in that case.
 */
export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch (error) {
    console.warn('Requirement Triage: theming is not available here.', error instanceof Error ? error.message : error);
    return;
  }
  try {
    if (document.documentElement.getAttribute('data-color-mode') === 'dark' && !hasTokenStyles()) {
      const { setGlobalTheme } = await import('@atlaskit/tokens/set-global-theme');
      await setGlobalTheme({ colorMode: 'dark' });
    }
  } catch (error) {
    console.warn('Requirement Triage: the dark theme could not be loaded.', error instanceof Error ? error.message : error);
  }
}
