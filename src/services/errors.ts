import { message, type Message } from '../domain/messages';

/**
 * The errors a use case raises for its caller to turn into an answer (the resolver guard maps each to
 * one envelope kind and writes its sentence in the caller's language). Validation and conflict errors
 * live in the domain (src/domain/result.ts) and Jira's own in src/jira/client.ts, since those layers
 * raise them too.
 */

/** The caller lacks a permission or duty; the sentence names which and where. */
export class AccessDeniedError extends Error {
  constructor(readonly sentence: Message) {
    super(sentence.key);
    this.name = 'AccessDeniedError';
  }
}

/** The app's custom fields are not on this site (yet); setup or a reinstall brings them. */
export class AppFieldsMissingError extends Error {
  readonly sentence: Message;
  constructor(readonly missing: string[]) {
    super(`The app's fields are not installed in Jira: ${missing.join(', ')}.`);
    this.name = 'AppFieldsMissingError';
    this.sentence = message('server.error.fields_missing', { fields: missing.join(', ') });
  }
}

/** The user's inputs are in Jira but the computed scores could not be written (the issue-event trigger catches up). */
export class PartlyAppliedError extends Error {
  constructor(readonly sentence: Message) {
    super(sentence.key);
    this.name = 'PartlyAppliedError';
  }
}

/** A setup step that cannot go on: the sentence says what is missing in Jira and what the admin can do. */
export class SetupStepError extends Error {
  constructor(readonly sentence: Message) {
    super(sentence.key);
    this.name = 'SetupStepError';
  }
}
