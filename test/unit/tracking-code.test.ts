import { describe, expect, it } from 'vitest';

import {
  formatTrackingCode,
  normalizeTrackingCode,
  TRACKING_CODE_PATTERN,
} from '../../src/domain/tracking-code.js';

/** Bytes from numbers, each taken modulo 256 as Uint8Array does. */
const bytes = (...values: number[]) => Uint8Array.from(values);

describe('formatTrackingCode', () => {
  it('writes KS-<year>-<6 Crockford base32 characters> from the first 30 random bits', () => {
    expect(formatTrackingCode(2025, bytes(0, 0, 0, 0))).toBe('KS-2025-000000');
    expect(formatTrackingCode(2025, bytes(0xff, 0xff, 0xff, 0xff))).toBe('KS-2025-ZZZZZZ');
    // 0x12345678 >>> 2 = 00010 01000 11010 00101 01100 11110 = 2 8 26 5 12 30 → 2 8 T 5 C Y
    expect(formatTrackingCode(2026, bytes(0x12, 0x34, 0x56, 0x78))).toBe('KS-2026-28T5CY');
  });

  it('ignores the two lowest bits and any bytes beyond the fourth', () => {
    const code = formatTrackingCode(2025, bytes(0x12, 0x34, 0x56, 0x7b, 0x99, 0x01));

    expect(code).toBe('KS-2025-28T5CY');
  });

  it('only ever uses the Crockford alphabet, without I, L, O or U', () => {
    for (let i = 0; i < 2000; i += 1) {
      const code = formatTrackingCode(2025, bytes(i, i * 7, i * 13, i >> 3));

      expect(code).toMatch(TRACKING_CODE_PATTERN);
      expect(code.slice(8)).not.toMatch(/[ILOU]/);
    }
  });

  it('gives different codes for different random bytes', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 1024; i += 1) {
      codes.add(formatTrackingCode(2025, bytes(i >> 2, i << 6, 0, 0)));
    }

    expect(codes.size).toBe(1024);
  });

  it('refuses fewer than 4 random bytes and a year that is not four digits', () => {
    expect(() => formatTrackingCode(2025, bytes(1, 2, 3))).toThrow(/at least 4 bytes/);
    expect(() => formatTrackingCode(25, bytes(1, 2, 3, 4))).toThrow(/four-digit year/);
    expect(() => formatTrackingCode(2025.5, bytes(1, 2, 3, 4))).toThrow(RangeError);
  });
});

describe('normalizeTrackingCode', () => {
  it('trims and upper-cases a code typed by a person', () => {
    expect(normalizeTrackingCode('  ks-2025-7qx3ma \n')).toBe('KS-2025-7QX3MA');
  });

  it('reads I and L as 1 and O as 0 in the random part', () => {
    expect(normalizeTrackingCode('KS-2025-IL0OAB')).toBe('KS-2025-1100AB');
    expect(normalizeTrackingCode('ks-2025-oil9zz')).toBe('KS-2025-0119ZZ');
  });

  it('returns every formatted code unchanged', () => {
    const code = formatTrackingCode(2025, bytes(0xde, 0xad, 0xbe, 0xef));

    expect(normalizeTrackingCode(code)).toBe(code);
  });

  it('rejects malformed codes', () => {
    const malformed = [
      '',
      'KS-2025-7QX3M', // five characters
      'KS-2025-7QX3MAB', // seven characters
      'KS-2025-7QX3MU', // U is not in the alphabet
      'KS-25-7QX3MA',
      'KX-2025-7QX3MA',
      'KS2025-7QX3MA',
      'KS-2025_7QX3MA',
      'KS-2025-7QX 3M',
      'KS-2025-7QX3MÄ',
      'Kſ-2025-7QX3MA', // long s upper-cases to S outside ASCII
      'KS-２０２５-7QX3MA', // full-width digits
      `KS-2025-7QX3MA${' '.repeat(100)}x`,
    ];
    for (const input of malformed) expect(normalizeTrackingCode(input)).toBeNull();
  });

  it('rejects input that is not a string', () => {
    expect(normalizeTrackingCode(undefined as unknown as string)).toBeNull();
    expect(normalizeTrackingCode(42 as unknown as string)).toBeNull();
  });
});

describe('TRACKING_CODE_PATTERN', () => {
  it('matches normalised codes only', () => {
    expect(TRACKING_CODE_PATTERN.test('KS-2025-7QX3MA')).toBe(true);
    expect(TRACKING_CODE_PATTERN.test('ks-2025-7qx3ma')).toBe(false);
    expect(TRACKING_CODE_PATTERN.test('KS-2025-7QX3MO')).toBe(false);
  });
});
