import type { Violation } from './result';

/**
 * Small rule checks shared by framework and input validation. Each returns the violation it
 * found, or nothing, so callers can collect every problem instead of stopping at the first.
 */

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : 'an object';
}

export function checkInteger(field: string, label: string, value: unknown, min: number, max: number): Violation | undefined {
  if (value === undefined || value === null || value === '') {
    return { field, rule: 'required', message: `${label} is required.` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { field, rule: 'type', message: `${label} must be a number (got ${describeValue(value)}).` };
  }
  if (!Number.isInteger(value)) {
    return { field, rule: 'integer', message: `${label} must be a whole number (got ${value}).`, params: { value } };
  }
  if (value < min || value > max) {
    return {
      field,
      rule: 'range',
      message: `${label} must be from ${min} to ${max} (got ${value}).`,
      params: { min, max, value },
    };
  }
  return undefined;
}

/**
 * Thresholds such as "S from 4.5" are entered with at most one decimal and compared in tenths,
 * so no binary fraction can move a requirement across them.
 */
export function toTenths(value: number): number | undefined {
  const scaled = Math.round(value * 10);
  return Math.abs(value * 10 - scaled) < 1e-9 ? scaled : undefined;
}

export function checkOneDecimal(field: string, label: string, value: unknown, min: number, max: number): Violation | undefined {
  if (value === undefined || value === null) {
    return { field, rule: 'required', message: `${label} is required.` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { field, rule: 'type', message: `${label} must be a number (got ${describeValue(value)}).` };
  }
  if (toTenths(value) === undefined) {
    return {
      field,
      rule: 'one-decimal',
      message: `${label} may have at most one decimal place (got ${value}).`,
      params: { value },
    };
  }
  if (value < min || value > max) {
    return {
      field,
      rule: 'range',
      message: `${label} must be from ${min} to ${max} (got ${value}).`,
      params: { min, max, value },
    };
  }
  return undefined;
}

export function checkText(field: string, label: string, value: unknown, maxLength: number): Violation | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return { field, rule: 'required', message: `${label} is required.` };
  }
  if (value.length > maxLength) {
    return {
      field,
      rule: 'length',
      message: `${label} must be at most ${maxLength} characters (got ${value.length}).`,
      params: { max: maxLength, length: value.length },
    };
  }
  return undefined;
}

/**
 * Text cut to at most `max` UTF-16 code units (how Jira counts), never inside a surrogate pair,
 * with "…" marking a cut; `leftOut` is how many code units of the original did not fit.
 */
export function fitText(text: string, max: number): { text: string; leftOut: number } {
  if (text.length <= max) return { text, leftOut: 0 };
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: `${text.slice(0, end)}…`, leftOut: text.length - end };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
