/**
 * A refused decision reads in the words users know (src/domain/permissions.ts): stages,
 * decisions and roles by their Indonesian labels, never by the API's codes, which stay in the
 * refusal's machine-readable fields.
 */
import { describe, expect, it } from 'vitest';
import { checkDecision, refusalMessage, type Actor } from '../../src/domain/permissions.js';

const verifier: Actor = { username: 'verifikator', name: 'Verifikator', roles: ['verifier'], unitCode: 'PEM' };
const initiator: Actor = { username: 'pemrakarsa.dinkes', name: 'Staf', roles: ['initiator'], unitCode: 'DINKES' };

const refused = (input: Partial<Parameters<typeof checkDecision>[0]>) => {
  const refusal = checkDecision({
    currentStage: 'verification',
    seenStage: 'verification',
    decision: 'approve',
    actor: verifier,
    agreementUnitCode: 'DLH',
    ...input,
  });
  if (!refusal) throw new Error('the decision was not refused');

  return { refusal, message: refusalMessage(refusal) };
};

describe('refusal messages', () => {
  it('names the stage the user saw and the one it has moved to', () => {
    const { refusal, message } = refused({ seenStage: 'verification', currentStage: 'tkksd_review' });

    expect(refusal).toEqual({ code: 'stage_moved', expected: 'verification', actual: 'tkksd_review' });
    expect(message).toBe(
      'Tahap sudah berubah: Anda melihat tahap "Verifikasi berkas", kini "Telaah TKKSD". ' +
        'Muat ulang lalu putuskan lagi.',
    );
  });

  it('names a decision the stage does not take and those it does by their buttons', () => {
    const { refusal, message } = refused({ currentStage: 'legal_review', seenStage: 'legal_review', decision: 'end' });

    expect(refusal).toMatchObject({ code: 'decision_not_allowed', decision: 'end', allowed: ['approve', 'revise'] });
    expect(message).toBe(
      'Keputusan "Biarkan berakhir" tidak berlaku pada tahap "Telaah hukum" ' +
        '(yang berlaku: "Setujui", "Kembalikan untuk perbaikan").',
    );
  });

  it('says that no decision is taken at a stage without one, and quotes an unknown decision as sent', () => {
    const { message } = refused({ currentStage: 'implementation', seenStage: 'implementation', decision: 'fly' });

    expect(message).toBe('Keputusan "fly" tidak berlaku pada tahap "Pelaksanaan" (yang berlaku: tidak ada).');
  });

  it('names the role that decides the stage', () => {
    const { refusal, message } = refused({ actor: initiator });

    expect(refusal).toEqual({ code: 'role_not_allowed', stage: 'verification', role: 'verifier' });
    expect(message).toBe(
      'Tahap "Verifikasi berkas" diputuskan oleh peran Verifikator (Bagian Pemerintahan), yang tidak Anda miliki.',
    );
  });

  it('names the office whose initiators decide the stage', () => {
    const draft = { currentStage: 'draft', seenStage: 'draft' } as const;
    const { refusal, message } = refused({ ...draft, decision: 'submit', actor: initiator });

    expect(refusal).toEqual({ code: 'unit_not_allowed', stage: 'draft', unitCode: 'DLH' });
    expect(message).toBe('Hanya pemrakarsa dari unit DLH yang dapat memutuskan tahap "Penyusunan usulan".');
  });
});
