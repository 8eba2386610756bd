// Custom fields (自定义字段) and the stage pipeline (客户阶段) of a tenant: definitions, checking a customer's
// values against them, stage moves, and the filters that match customers by stage and field values. Pure:
// no I/O. Stages are Siyu's own data (WeCom has no stage API; docs/wecom-frontier.md §5 — peers keep the
// pipeline themselves and use tags only as a mirror).
//
// Values of a deleted field definition stay stored but are hidden everywhere (reads, exports, filters):
// `visibleValues` drops them, and a write naming a deleted field is an unknown field.
import { isCalendarDay } from '../events/time';

/** A date value: a real calendar day YYYY-MM-DD from 1900 to 2099 (birthdays, contract dates). */
const isFieldDay = (d: string) => isCalendarDay(d) && d >= '1900-01-01' && d <= '2099-12-31';

export type FieldType = 'text' | 'number' | 'date' | 'single' | 'multi';

export interface FieldDefinition {
  corpId: string;
  id: string;
  name: string;
  type: FieldType;
  /** text: the longest value (characters). */
  maxLength?: number | undefined;
  /** single / multi: the allowed options. */
  options?: string[] | undefined;
  status: 'active' | 'deleted';
  /** Unix seconds. */
  createdAt: number;
  updatedAt: number;
}

export type FieldValue = string | number | string[];

/** The default pipeline of a tenant that has not set one. */
export const DEFAULT_STAGES: readonly string[] = ['新客', '意向', '成交', '复购'];
export const MAX_FIELDS = 50;
export const MAX_OPTIONS = 50;
export const MAX_STAGES = 20;
export const DEFAULT_TEXT_MAX = 200;
export const TEXT_MAX_LIMIT = 2000;

/** A value that does not fit its field: which field, and why (a stable reason code). */
export interface FieldProblem {
  field: string;
  reason: 'unknown_field' | 'wrong_type' | 'too_long' | 'invalid_date' | 'option_not_allowed' | 'duplicate_option';
  expected?: string | undefined;
}

const active = (defs: readonly FieldDefinition[]) => new Map(defs.filter((d) => d.status === 'active').map((d) => [d.id, d]));

/** Checks one value against its definition; undefined when it fits. */
export function valueProblem(def: FieldDefinition, value: unknown): FieldProblem | undefined {
  const wrong = (expected: string): FieldProblem => ({ field: def.id, reason: 'wrong_type', expected });
  switch (def.type) {
    case 'text':
      if (typeof value !== 'string') return wrong('string');
      if ([...value].length > (def.maxLength ?? DEFAULT_TEXT_MAX))
        return { field: def.id, reason: 'too_long', expected: `≤${def.maxLength ?? DEFAULT_TEXT_MAX}` };
      return undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : wrong('number');
    case 'date':
      if (typeof value !== 'string') return wrong('YYYY-MM-DD');
      return isFieldDay(value) ? undefined : { field: def.id, reason: 'invalid_date', expected: 'YYYY-MM-DD' };
    case 'single':
      if (typeof value !== 'string') return wrong('string');
      return def.options?.includes(value) ? undefined : { field: def.id, reason: 'option_not_allowed', expected: (def.options ?? []).join('|') };
    case 'multi': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return wrong('string[]');
      const bad = value.find((v) => !def.options?.includes(v as string));
      if (bad !== undefined) return { field: def.id, reason: 'option_not_allowed', expected: (def.options ?? []).join('|') };
      return new Set(value).size === value.length ? undefined : { field: def.id, reason: 'duplicate_option' };
    }
  }
}

/**
 * Applies a partial update (`null` clears a value) to a customer's stored values. Every problem is
 * reported; with any, nothing is applied (`values` is undefined).
 */
export function applyFieldPatch(
  defs: readonly FieldDefinition[],
  stored: Readonly<Record<string, FieldValue>>,
  patch: Readonly<Record<string, unknown>>,
): { values?: Record<string, FieldValue>; problems: FieldProblem[] } {
  const byId = active(defs);
  const problems: FieldProblem[] = [];
  const values: Record<string, FieldValue> = { ...stored };
  for (const [id, value] of Object.entries(patch)) {
    const def = byId.get(id);
    if (!def) {
      problems.push({ field: id, reason: 'unknown_field' });
      continue;
    }
    if (value === null) {
      delete values[id];
      continue;
    }
    const p = valueProblem(def, value);
    if (p) problems.push(p);
    else values[id] = value as FieldValue;
  }
  return problems.length > 0 ? { problems } : { values, problems };
}

/** The stored values a reader sees: those of active definitions only. */
export function visibleValues(defs: readonly FieldDefinition[], stored: Readonly<Record<string, FieldValue>>): Record<string, FieldValue> {
  const byId = active(defs);
  return Object.fromEntries(Object.entries(stored).filter(([id]) => byId.has(id)));
}

/** A pipeline: 1 to MAX_STAGES distinct, non-empty names (trimmed). Returns the problem, or undefined. */
export function pipelineProblem(stages: readonly string[]): string | undefined {
  if (stages.length === 0 || stages.length > MAX_STAGES) return `1–${MAX_STAGES} stages`;
  if (new Set(stages).size !== stages.length) return 'stage names must be distinct';
  return undefined;
}

/** One stage move of a customer (客户阶段变更), as the history keeps it. */
export interface StageMove {
  corpId: string;
  externalUserId: string;
  from: string | null;
  to: string;
  /** Unix seconds. */
  at: number;
  /** Who moved it: the session's member (userId) or the API key. */
  by: { keyId: string; userId?: string | undefined; role: string };
  note?: string | undefined;
}

/** A field condition of a filter: text/number/date/single equal the value; multi contains it. */
export interface FieldCondition {
  field: string;
  value: string;
}

/** Stage and field conditions of a customers list, broadcast or SOP audience. */
export interface AttributeFilter {
  /** The customer is in ANY of these stages. */
  stages?: readonly string[] | undefined;
  /** The customer satisfies EVERY condition. */
  fields?: readonly FieldCondition[] | undefined;
}

export const hasAttributeFilter = (f: AttributeFilter): boolean => (f.stages?.length ?? 0) > 0 || (f.fields?.length ?? 0) > 0;

/** The stored stage and values of a customer (undefined when none was ever set). */
export interface CustomerAttributes {
  stage: string | null;
  fields: Record<string, FieldValue>;
}

function conditionHolds(def: FieldDefinition | undefined, value: FieldValue | undefined, wanted: string): boolean {
  if (!def || value === undefined) return false;
  if (def.type === 'multi') return Array.isArray(value) && value.includes(wanted);
  if (def.type === 'number') return typeof value === 'number' && Number(wanted) === value;
  return value === wanted;
}

/** Whether a customer with these attributes matches the filter (values of deleted definitions match nothing). */
export function matchesAttributes(defs: readonly FieldDefinition[], attrs: CustomerAttributes | undefined, filter: AttributeFilter): boolean {
  if (filter.stages?.length && !filter.stages.includes(attrs?.stage ?? '')) return false;
  if (!filter.fields?.length) return true;
  const byId = active(defs);
  return filter.fields.every((c) => conditionHolds(byId.get(c.field), attrs?.fields[c.field], c.value));
}

/** Checks a filter's conditions against the definitions and the pipeline: problems name the field or stage. */
export function filterProblems(defs: readonly FieldDefinition[], stages: readonly string[], filter: AttributeFilter): FieldProblem[] {
  const byId = active(defs);
  const out: FieldProblem[] = [];
  for (const s of filter.stages ?? []) if (!stages.includes(s)) out.push({ field: 'stage', reason: 'option_not_allowed', expected: stages.join('|') });
  for (const c of filter.fields ?? []) {
    const def = byId.get(c.field);
    if (!def) out.push({ field: c.field, reason: 'unknown_field' });
    else if (def.type === 'number' && !Number.isFinite(Number(c.value))) out.push({ field: c.field, reason: 'wrong_type', expected: 'number' });
    else if (def.type === 'date' && !isFieldDay(c.value)) out.push({ field: c.field, reason: 'invalid_date', expected: 'YYYY-MM-DD' });
    else if ((def.type === 'single' || def.type === 'multi') && !def.options?.includes(c.value))
      out.push({ field: c.field, reason: 'option_not_allowed', expected: (def.options ?? []).join('|') });
  }
  return out;
}

/** A value as one CSV cell: multi choices joined with `; ` like tags. */
export const cellOf = (v: FieldValue | undefined): string | number | null => (v === undefined ? null : Array.isArray(v) ? v.join('; ') : v);
