/**
 * A requirement's links to the customers who raised it (the "Linked customers" field: customer
 * numbers in link order), the demand count they give, and the customer value their types suggest.
 */
import { isCustomerNumber, suggestedCustomerValueFor, type Customer } from './customers';
import { APP_LIST_MAX_ITEMS } from './fields';
import type { CustomerType, FrameworkSettings } from './framework';
import { fail, ok, type Result, type Violation } from './result';

/** "Linked customers" is a Forge list field, and such a field stores at most 100 values. */
export const MAX_LINKED_CUSTOMERS = APP_LIST_MAX_ITEMS;

/** The refusal of a list longer than the field holds, naming the field and the rule. */
function tooManyLinks(field: 'add' | 'linkedCustomers', length: number, what: string): Violation {
  return {
    field,
    rule: 'length',
    message: `${field}: "Linked customers" holds at most ${MAX_LINKED_CUSTOMERS} customers, as every Jira list field of an app does (${what} makes ${length}).`,
    params: { max: MAX_LINKED_CUSTOMERS, length },
  };
}

/**
 * The numbers a stored field value holds, in link order, each once. Anything that is not a customer
 * number (the field set through REST by someone else) is dropped.
 */
export function readLinkedCustomers(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [];
  return [...new Set(items.filter((item): item is string => typeof item === 'string' && isCustomerNumber(item)))];
}

/**
 * A linked customer as screens and exports show it. An erased customer keeps its number and type
 * but no name; a number the archive does not hold (it cannot be linked, but Jira data outlives
 * apps) has neither.
 */
export interface LinkedCustomer {
  number: string;
  name: string | null;
  type: CustomerType | null;
  erased: boolean;
}

export function linkedCustomerOf(number: string, customer: Customer | undefined): LinkedCustomer {
  if (!customer) return { number, name: null, type: null, erased: false };
  const erased = customer.erasedAt !== null;
  return { number, name: erased ? null : customer.name, type: customer.type, erased };
}

/** How many customers asked for the requirement: each linked customer counts once. */
export const demandCount = (numbers: readonly string[]): number => new Set(numbers).size;

export interface LinkChange {
  add: readonly string[];
  remove: readonly string[];
}

/**
 * The list after a change: added numbers go to the end (one already linked stays where it is),
 * removed ones leave. More than MAX_LINKED_CUSTOMERS is a violation of `add`.
 */
export function applyLinkChange(current: readonly string[], change: LinkChange): Result<string[]> {
  const removed = new Set(change.remove);
  const next = [...new Set([...current, ...change.add])].filter((number) => !removed.has(number));
  if (next.length > MAX_LINKED_CUSTOMERS) return fail([tooManyLinks('add', next.length, 'this change')]);
  return ok(next);
}

/** Whether the links changed since the editor read them (order aside: reordering is not a change anyone makes). */
export function linksChangedSince(seen: readonly string[], current: readonly string[]): boolean {
  const seenSet = new Set(seen);
  return seenSet.size !== new Set(current).size || current.some((number) => !seenSet.has(number));
}

/** Numbers of a change that name no customer in the archive: a violation of the field that named them. */
export function unknownNumbersViolation(field: 'add' | 'remove', unknown: readonly string[]): Violation[] {
  if (unknown.length === 0) return [];
  return [
    {
      field,
      rule: 'enum',
      message: `${field}: there is no customer ${unknown.join(', ')}.`,
      params: { allowed: 'numbers of the customer archive' },
    },
  ];
}

export interface CustomerValueSuggestion {
  /** The customer value (1-5) the framework gives the most valued linked customer type. */
  value: number;
  /** The type that gives it, for the reason shown beside the suggestion ("strategic → 5"). */
  fromType: CustomerType;
}

/** The customer value the linked customers' types suggest under the framework; null with no customer linked. */
export function customerValueSuggestion(
  types: readonly CustomerType[],
  settings: FrameworkSettings,
): CustomerValueSuggestion | null {
  const value = suggestedCustomerValueFor([...types], settings);
  if (value === null) return null;
  const fromType = types.find((type) => settings.customerTypeValue[type] === value) as CustomerType;
  return { value, fromType };
}

/**
 * The kept requirement's links after a merge: its own, then the duplicate's it lacked. More than
 * the field holds is refused: dropping a customer would lose who asked.
 */
export function mergedLinkedCustomers(kept: readonly string[], duplicate: readonly string[]): Result<string[]> {
  const merged = [...new Set([...kept, ...duplicate])];
  return merged.length > MAX_LINKED_CUSTOMERS ? fail([tooManyLinks('linkedCustomers', merged.length, 'the merge')]) : ok(merged);
}
