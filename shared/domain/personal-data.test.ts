// The erased customer's pseudonym and the erase helpers (pure).
import { nothingLeft, presentKeys, pseudonymOf } from './personal-data';

describe('pseudonymOf', () => {
  it('is 已删除客户- and 8 hex digits, stable per (tenant, customer), different across tenants and customers', () => {
    const a = pseudonymOf('wwcorp1', 'wmcustomer1');
    expect(a).toMatch(/^已删除客户-[0-9a-f]{8}$/);
    expect(pseudonymOf('wwcorp1', 'wmcustomer1')).toBe(a);
    expect(pseudonymOf('wwcorp2', 'wmcustomer1')).not.toBe(a);
    expect(pseudonymOf('wwcorp1', 'wmcustomer2')).not.toBe(a);
    expect(a).not.toContain('wmcustomer1');
  });
});

describe('erase helpers', () => {
  it('presentKeys lists the erasable keys a detail holds', () => {
    expect(presentKeys({ excerpt: 'x', words: 'y' }, ['excerpt', 'wish'])).toEqual(['excerpt']);
    expect(presentKeys(undefined, ['excerpt'])).toEqual([]);
  });
  it('nothingLeft is true only when every store changed nothing', () => {
    expect(nothingLeft({ a: 0, b: 0 })).toBe(true);
    expect(nothingLeft({ a: 0, b: 1 })).toBe(false);
  });
});
