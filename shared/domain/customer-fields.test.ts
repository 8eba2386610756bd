// Custom field values and the stage/field matcher of customers lists, broadcasts and SOP plans.
import { applyFieldPatch, filterProblems, matchesAttributes, pipelineProblem, visibleValues, type FieldDefinition } from './customer-fields';
import { audienceCheck } from './sop';
import type { FollowView } from './relationship';

const def = (id: string, type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  corpId: 'ww1',
  id,
  name: id,
  type,
  status: 'active',
  createdAt: 1,
  updatedAt: 1,
  ...extra,
});
const DEFS = [
  def('note', 'text', { maxLength: 3 }),
  def('budget', 'number'),
  def('day', 'date'),
  def('level', 'single', { options: ['A', 'B'] }),
  def('hobby', 'multi', { options: ['茶', '酒'] }),
  def('gone', 'text', { status: 'deleted' }),
];

describe('applyFieldPatch', () => {
  it('applies a partial update; null clears a value', () => {
    expect(applyFieldPatch(DEFS, { note: 'x', budget: 1 }, { budget: 2.5, note: null, hobby: ['酒'] })).toEqual({
      values: { budget: 2.5, hobby: ['酒'] },
      problems: [],
    });
  });
  it('reports every problem and applies nothing', () => {
    const out = applyFieldPatch(DEFS, {}, { note: 'abcd', budget: '1', day: '2026-02-30', level: 'C', hobby: ['茶', '茶'], gone: 'x', nope: 1 });
    expect(out.values).toBeUndefined();
    expect(out.problems.map((p) => [p.field, p.reason])).toEqual([
      ['note', 'too_long'],
      ['budget', 'wrong_type'],
      ['day', 'invalid_date'],
      ['level', 'option_not_allowed'],
      ['hobby', 'duplicate_option'],
      ['gone', 'unknown_field'],
      ['nope', 'unknown_field'],
    ]);
  });
  it('counts text length in characters, not bytes; refuses non-finite numbers', () => {
    expect(applyFieldPatch(DEFS, {}, { note: '一二三' }).problems).toEqual([]);
    expect(applyFieldPatch(DEFS, {}, { budget: Number.NaN }).problems[0]?.reason).toBe('wrong_type');
  });
});

describe('matchesAttributes', () => {
  const attrs = { stage: '意向', fields: { level: 'A', hobby: ['茶', '酒'], budget: 5000, gone: 'x' } };
  it.each([
    [{}, true],
    [{ stages: ['意向', '成交'] }, true],
    [{ stages: ['成交'] }, false],
    [{ fields: [{ field: 'level', value: 'A' }] }, true],
    [{ fields: [{ field: 'hobby', value: '酒' }] }, true],
    [{ fields: [{ field: 'budget', value: '5000' }] }, true],
    [{ fields: [{ field: 'budget', value: '500' }] }, false],
    [
      {
        stages: ['意向'],
        fields: [
          { field: 'level', value: 'A' },
          { field: 'hobby', value: '咖啡' },
        ],
      },
      false,
    ],
    [{ fields: [{ field: 'gone', value: 'x' }] }, false],
  ])('%j → %s', (filter, expected) => {
    expect(matchesAttributes(DEFS, attrs, filter)).toBe(expected);
  });
  it('a customer without attributes matches no stage or field condition', () => {
    expect(matchesAttributes(DEFS, undefined, {})).toBe(true);
    expect(matchesAttributes(DEFS, undefined, { stages: ['新客'] })).toBe(false);
    expect(matchesAttributes(DEFS, undefined, { fields: [{ field: 'level', value: 'A' }] })).toBe(false);
  });
});

it('hides values of deleted definitions', () => {
  expect(visibleValues(DEFS, { gone: 'x', level: 'A', orphan: 1 })).toEqual({ level: 'A' });
});

it('checks filter conditions against the pipeline and the definitions', () => {
  const problems = filterProblems(DEFS, ['新客', '意向'], {
    stages: ['流失'],
    fields: [
      { field: 'nope', value: 'x' },
      { field: 'budget', value: 'abc' },
      { field: 'level', value: 'Z' },
      { field: 'note', value: '任何' },
    ],
  });
  expect(problems.map((p) => [p.field, p.reason])).toEqual([
    ['stage', 'option_not_allowed'],
    ['nope', 'unknown_field'],
    ['budget', 'wrong_type'],
    ['level', 'option_not_allowed'],
  ]);
});

it('a pipeline has 1–20 distinct stages', () => {
  expect(pipelineProblem(['新客', '意向'])).toBeUndefined();
  expect(pipelineProblem([])).toBeDefined();
  expect(pipelineProblem(['新客', '新客'])).toBeDefined();
});

describe('SOP audience check with stage and field conditions', () => {
  const follow: FollowView = {
    externalUserId: 'wm1',
    userId: 'u1',
    status: 'active',
    state: null,
    tags: [],
    remark: null,
    addedAt: 1,
    changedAt: 1,
  };
  const plan = { trigger: 'added' as const, audience: { stages: ['意向'] } };
  it('stops a customer who left the stage before a step', () => {
    expect(audienceCheck(plan, { userId: 'u1' }, [follow], { defs: DEFS, attrs: { stage: '意向', fields: {} } })).toEqual({ ok: true });
    expect(audienceCheck(plan, { userId: 'u1' }, [follow], { defs: DEFS, attrs: { stage: '成交', fields: {} } })).toEqual({
      ok: false,
      reason: 'stage_or_field',
    });
    expect(audienceCheck(plan, { userId: 'u1' }, [follow])).toEqual({ ok: false, reason: 'stage_or_field' });
  });
  it('plans without such conditions are unaffected', () => {
    expect(audienceCheck({ trigger: 'added', audience: {} }, { userId: 'u1' }, [follow])).toEqual({ ok: true });
  });
});
