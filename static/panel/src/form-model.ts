/**
 * The triage form as the user typed it, and its translation into the raw input record the domain
 * validates and the resolver accepts. Text stays exactly as typed, so a failed save loses nothing.
 */
import type { InputFieldName } from '../../../src/domain/fields';
import type { Moscow, RequirementInputs, Violation } from '../../shared/api';

export const FACTOR_FIELDS = ['urgency', 'importance', 'feasibility', 'customerValue'] as const;
export const VALUE_COST_FIELDS = ['businessValue', 'implementationCost'] as const;
export type NumberField = (typeof FACTOR_FIELDS)[number] | (typeof VALUE_COST_FIELDS)[number];
export const NUMBER_FIELDS: readonly NumberField[] = [...FACTOR_FIELDS, ...VALUE_COST_FIELDS];
export const FIELD_ORDER: readonly InputFieldName[] = ['moscow', 'wontReason', ...NUMBER_FIELDS];

export interface FormValues {
  moscow: Moscow | null;
  wontReason: string;
  numbers: Record<NumberField, string>;
  /** Fields whose text the browser could not read as a number (e.g. "4e"). */
  unreadable: Partial<Record<NumberField, boolean>>;
}

export function formFromInputs(inputs: RequirementInputs): FormValues {
  const numbers = Object.fromEntries(
    NUMBER_FIELDS.map((field) => [field, inputs[field] === null ? '' : String(inputs[field])]),
  ) as Record<NumberField, string>;
  return { moscow: inputs.moscow, wontReason: inputs.wontReason ?? '', numbers, unreadable: {} };
}

/** The record as it would be stored: blanks are null; a reason only counts while MoSCoW is Won't. */
export function rawInputs(form: FormValues): Record<InputFieldName, unknown> {
  const raw: Record<string, unknown> = {
    moscow: form.moscow,
    wontReason: form.moscow === "Won't" && form.wontReason.trim() !== '' ? form.wontReason : null,
  };
  for (const field of NUMBER_FIELDS) {
    const text = form.numbers[field].trim();
    if (form.unreadable[field]) raw[field] = text || 'not a number';
    else raw[field] = text === '' ? null : Number(text);
  }
  return raw as Record<InputFieldName, unknown>;
}

/** Only what differs from the stored inputs, so a save never overwrites someone else's change to another field. */
export function changedInputs(form: FormValues, stored: RequirementInputs): Partial<Record<InputFieldName, unknown>> {
  const raw = rawInputs(form);
  const changes: Partial<Record<InputFieldName, unknown>> = {};
  for (const field of FIELD_ORDER) {
    const next = field === 'wontReason' && typeof raw[field] === 'string' ? (raw[field] as string).trim() : raw[field];
    if (next !== stored[field]) changes[field] = raw[field];
  }
  return changes;
}

export function violationsByField(violations: readonly Violation[]): Map<string, Violation[]> {
  const byField = new Map<string, Violation[]>();
  for (const violation of violations) byField.set(violation.field, [...(byField.get(violation.field) ?? []), violation]);
  return byField;
}
