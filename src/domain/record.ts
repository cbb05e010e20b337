/**
 * Rules on the requirement record (the registration form's fields) beyond their value lists.
 */

export type NeedConfirmation = 'not-applicable' | 'to-confirm' | 'confirmed';

/**
 * Implicit needs are inferred from behaviour, so the source documents require confirming them with
 * the customer: until a confirmation date is recorded the requirement shows "to be confirmed".
 */
export function needConfirmation(needType: unknown, confirmedOn: unknown): NeedConfirmation {
  if (needType !== 'implicit') return 'not-applicable';
  return typeof confirmedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(confirmedOn) ? 'confirmed' : 'to-confirm';
}
