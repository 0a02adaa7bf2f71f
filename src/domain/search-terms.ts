/**
 * Turns what a user typed into the search box into terms the database can match. Pure, so the
 * rules are tested without Postgres: words are runs of letters, combining marks and digits in
 * any script (Latin, Javanese, Arabic …); punctuation and symbols separate them.
 */

/** More words than this are ignored: a search is a few words, not a document. */
export const MAX_SEARCH_WORDS = 8;

export interface SearchTerms {
  /** The words, lower-cased (NFKC), at most MAX_SEARCH_WORDS, duplicates dropped. */
  words: string[];
  /**
   * A `to_tsquery('simple', …)` text matching every word as a prefix (`'air':* & 'bak':*`),
   * or null when the text holds no word (only symbols or emoji).
   */
  prefixQuery: string | null;
  /** The whole text, trimmed, for a substring match when there is no word. */
  phrase: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export function searchTerms(input: string): SearchTerms {
  const phrase = input.normalize('NFKC').trim();
  const words = [...new Set(phrase.toLowerCase().match(WORD) ?? [])].slice(0, MAX_SEARCH_WORDS);
  const prefixQuery =
    words.length === 0 ? null : words.map((word) => `${quoteLexeme(word)}:*`).join(' & ');

  return { words, prefixQuery, phrase };
}

/** `%text%` for LIKE/ILIKE, with the pattern characters of the text made literal. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Words hold no quotes by construction; quoting still keeps the query syntax closed. */
function quoteLexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
