// The fan-out table answers only for the event types it lists: names inherited from Object.prototype
// ('toString', 'constructor', '__proto__') route nowhere instead of crashing the callback path.
import { carries, concernsFor } from './fanout';

describe('concernsFor', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])('routes %s nowhere', (type) => {
    expect(concernsFor(type)).toEqual([]);
    expect(carries('relationship', type)).toBe(false);
  });

  it('routes a listed type to its concerns', () => {
    expect(concernsFor('change_external_contact.add_external_contact')).toEqual(expect.arrayContaining(['relationship', 'greeting']));
  });
});
