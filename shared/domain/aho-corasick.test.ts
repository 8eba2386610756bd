import fc from 'fast-check';
import ModernAhoCorasick from 'modern-ahocorasick';
import { AhoCorasick } from './aho-corasick';

const occurrences = (ac: AhoCorasick, text: string) => {
  const out: number[] = [];
  ac.scan(text, (i) => out.push(i));
  return out;
};

describe('AhoCorasick', () => {
  it('finds every occurrence, overlapping ones included', () => {
    const ac = new AhoCorasick(['he', 'she', 'hers', '价格', '格', '😀']);
    expect(occurrences(ac, 'ushers 价格😀').sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(occurrences(ac, 'nothing here?')).toEqual([0]);
    expect(ac.test('abc')).toBe(false);
  });

  it('rejects empty keywords and accepts an empty dictionary', () => {
    expect(() => new AhoCorasick(['a', ''])).toThrow(RangeError);
    expect(occurrences(new AhoCorasick([]), 'anything')).toEqual([]);
  });

  it('agrees with modern-ahocorasick on random dictionaries and texts (differential)', () => {
    // Characters without combining marks or joiners, where code units and grapheme clusters agree.
    const char = fc.constantFrom('a', 'b', 'c', '价', '格', '优', '惠', '😀', ' ', '，');
    const word = fc.array(char, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 30 }),
        fc.array(char, { maxLength: 60 }).map((cs) => cs.join('')),
        (keywords, text) => {
          const ours = occurrences(new AhoCorasick(keywords), text).sort((x, y) => x - y);
          const theirs = new ModernAhoCorasick(keywords)
            .search(text)
            .map((m) => m.patternIndex)
            .sort((x, y) => x - y);
          expect(ours).toEqual(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });
});
