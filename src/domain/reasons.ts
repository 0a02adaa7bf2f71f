/**
 * Why a proposal is sent back (revise) or refused (reject), and why a monitoring report is
 * returned: the office must learn what to fix, and a word like "kurang" does not tell it. So
 * these need a note with some substance, counted in characters other than white space. One
 * rule for the API (schemas) and the portal (checked before sending).
 */
import type { Decision } from './stages.js';

/** Characters other than white space that a reason needs at least. */
export const MIN_REASON_CHARS = 10;

/** Decisions that must say why. */
export const DECISIONS_NEEDING_REASON: readonly Decision[] = ['revise', 'reject'];

export const needsReason = (decision: Decision) => DECISIONS_NEEDING_REASON.includes(decision);

/** Characters other than white space, counted as code points (an emoji counts once). */
export function reasonLength(note: string): number {
  return Array.from(note.replace(/\s/gu, '')).length;
}

export const isReasonEnough = (note: string) => reasonLength(note) >= MIN_REASON_CHARS;

/** What the user reads when a reason is missing or too short; `got` is what they wrote. */
export function reasonMessage(what: 'decision' | 'report_return', got: number): string {
  const aim =
    what === 'decision'
      ? 'tuliskan apa yang harus diperbaiki atau alasan penolakan'
      : 'tuliskan apa yang harus dilengkapi dalam laporan';

  return `Catatan wajib diisi paling sedikit ${MIN_REASON_CHARS} karakter selain spasi (terisi ${got}): ${aim}.`;
}
