import { describe, expect, it } from 'vitest';
import { containsPattern, MAX_SEARCH_WORDS, searchTerms } from '../../src/domain/search-terms.js';

describe('searchTerms', () => {
  it('matches every word of the search as a prefix', () => {
    expect(searchTerms('  Air   Baku ')).toEqual({
      words: ['air', 'baku'],
      prefixQuery: "'air':* & 'baku':*",
      phrase: 'Air   Baku',
    });
  });

  it('splits on punctuation and symbols but keeps letters of any script with their marks', () => {
    expect(searchTerms('ꦱꦸꦫꦧꦪ, الصحة; air-baku 2026!').words).toEqual([
      'ꦱꦸꦫꦧꦪ',
      'الصحة',
      'air',
      'baku',
      '2026',
    ]);
  });

  it('leaves no quote, operator or backslash of the input in the query', () => {
    const { prefixQuery } = searchTerms("x' | !y & (z) <-> \\w:*");
    expect(prefixQuery).toBe("'x':* & 'y':* & 'z':* & 'w':*");
  });

  it('gives no word query for text without words, keeping the phrase for a substring match', () => {
    expect(searchTerms('💧 %')).toEqual({ words: [], prefixQuery: null, phrase: '💧 %' });
  });

  it('keeps at most the first words, without repeats', () => {
    const words = searchTerms('a b a c d e f g h i j k').words;
    expect(words).toHaveLength(MAX_SEARCH_WORDS);
    expect(words.slice(0, 3)).toEqual(['a', 'b', 'c']);
  });
});

describe('containsPattern', () => {
  it('makes LIKE wildcards and the escape character literal', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
