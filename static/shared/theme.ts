import { view } from '@forge/bridge';

/**
 * Asks the host to apply the user's Jira theme (light, dark, or matching the system) to this
 * frame's design tokens. Hosts without theming, or a failed call, leave the token fallbacks in
 * place, which are the light theme: the app still works, so the failure is only logged.
 */
export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch (error) {
    console.warn('Requirement Triage: theming is not available here.', error instanceof Error ? error.message : error);
  }
}
