/**
 * Public tracking codes (kode lacak): `KS-<year of creation>-<6 characters>`, e.g.
 * `KS-2025-7QX3MA`. The six characters carry 30 random bits in Crockford's base32, which has
 * no I, L, O or U, so a code read aloud or copied by hand survives. The caller supplies the
 * randomness (this module is pure); codes are random, never sequential, so they cannot be
 * enumerated from one another.
 */

/** Crockford base32: digits, then letters without I, L, O and U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 6;
const BITS_PER_CHAR = 5;

/** A well-formed, normalised code. */
export const TRACKING_CODE_PATTERN = /^KS-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/;

/**
 * Formats a code from the creation year and at least 4 random bytes; the first 30 bits of
 * the bytes (big-endian) become the six characters.
 */
export function formatTrackingCode(year: number, randomBytes: Uint8Array): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`year must be a four-digit year (got ${year})`);
  }
  if (randomBytes.length < 4) {
    throw new RangeError(`randomBytes must hold at least 4 bytes (got ${randomBytes.length})`);
  }
  const [b0, b1, b2, b3] = randomBytes;
  // 32 bits as an unsigned number, then the top 30 of them.
  const bits = ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 2;

  let chars = '';
  for (let i = RANDOM_CHARS - 1; i >= 0; i -= 1) {
    chars += ALPHABET[(bits >>> (i * BITS_PER_CHAR)) & 0b11111];
  }

  return `KS-${year}-${chars}`;
}

/**
 * The canonical form of a code typed by a person, or null when it cannot be one: surrounding
 * space is dropped, letters are upper-cased, and in the random part I and L read as 1 and O
 * as 0, as Crockford's decoding prescribes. U and any other character make it malformed.
 */
export function normalizeTrackingCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  // Case-insensitive without the u flag matches ASCII letters only (no ſ → S, ı → I).
  const match = /^KS-(\d{4})-([0-9A-Z]{6})$/i.exec(input.trim());
  if (!match) return null;

  const random = match[2].toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
  const code = `KS-${match[1]}-${random}`;

  return TRACKING_CODE_PATTERN.test(code) ? code : null;
}
