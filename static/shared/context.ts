import { view } from '@forge/bridge';

/** The parts of the Forge context the surfaces read. */
export interface ForgeContext {
  accountId?: string;
  locale?: string;
  timezone?: string;
  moduleKey?: string;
  extension: {
    type?: string;
    issue?: { id: string | number; key: string };
    project?: { id: string | number; key: string };
    entryPoint?: string;
    gadgetConfiguration?: Record<string, unknown>;
  };
}

let contextPromise: Promise<ForgeContext> | undefined;

/** Reads the context once per page; every caller shares the same answer, and a failed read is tried again next time. */
export function loadContext(): Promise<ForgeContext> {
  contextPromise ??= view.getContext().then(
    (raw: unknown) => {
      const context = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ForgeContext>;
      return { ...context, extension: context.extension ?? {} } as ForgeContext;
    },
    (error: unknown) => {
      contextPromise = undefined;
      throw error;
    },
  );
  return contextPromise;
}
