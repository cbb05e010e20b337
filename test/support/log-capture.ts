import { SEED_USERS, type IssueRecord } from '../../sandbox/jira/model';
import type { DurableStore } from '../../sandbox/store/durable-store';

/** Console output captured while the app runs, and a check that it names nobody and no issue. */

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

export interface ConsoleCapture {
  lines: string[];
  /** Prints a line of one's own without recording it. */
  print(line: string): void;
  restore(): void;
}

/** Records what anything in this process prints (the app's handlers run in-process), and still prints it. */
export function captureConsole(): ConsoleCapture {
  const lines: string[] = [];
  const originals = METHODS.map((method) => [method, console[method]] as const);
  for (const [method, original] of originals) {
    console[method] = (...args: unknown[]) => {
      lines.push(
        args
          .map((arg) =>
            arg instanceof Error ? `${arg.name}: ${arg.message}` : typeof arg === 'string' ? arg : JSON.stringify(arg),
          )
          .join(' '),
      );
      original.apply(console, args);
    };
  }
  const [, log] = originals[0]!;
  return {
    lines,
    print: (line) => log.call(console, line),
    restore: () => originals.forEach(([method, original]) => (console[method] = original)),
  };
}

/** Personal data the sandbox holds: the accounts' e-mails and names, and every issue's summary. */
export function personalData(store: DurableStore): string[] {
  const people = SEED_USERS.flatMap((user) => [user.emailAddress, user.displayName]);
  const summaries = store.list<IssueRecord>('jira-issues').map((issue) => String(issue.fields.summary ?? ''));
  return [...people, ...summaries].filter((text) => text.trim().length >= 4);
}

/** The captured lines that contain any piece of personal data, with the piece found. */
export function linesWithPersonalData(lines: string[], store: DurableStore): string[] {
  const secrets = personalData(store);
  return lines.flatMap((line) =>
    secrets.filter((secret) => line.includes(secret)).map((secret) => `${secret} in: ${line.slice(0, 200)}`),
  );
}
