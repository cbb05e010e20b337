import { events } from '@forge/bridge';

/**
 * The app's surfaces on one issue page keep each other current through the bridge's events
 * (https://developer.atlassian.com/platform/forge/custom-ui-bridge/events/): the panel says when it
 * changed a requirement, and the glance reads its badge again.
 */
const REQUIREMENT_CHANGED = 'rt.requirement-changed';

export interface RequirementChanged {
  issueKey: string;
}

export function announceRequirementChanged(issueKey: string): void {
  // A lost announcement leaves the glance as it was until a reload, as before; it never blocks a save.
  void events.emit(REQUIREMENT_CHANGED, { issueKey } satisfies RequirementChanged).catch(() => undefined);
}

/** Calls `onChange` when another surface changed `issueKey` (events for other issues are ignored). */
export function onRequirementChanged(issueKey: string, onChange: () => void): void {
  void Promise.resolve(
    events.on(REQUIREMENT_CHANGED, async (payload?: unknown) => {
      if (typeof payload === 'object' && payload !== null && (payload as Partial<RequirementChanged>).issueKey === issueKey)
        onChange();
    }),
  ).catch(() => undefined);
}
