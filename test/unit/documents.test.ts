import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPES,
  describeDocuments,
  mayUpload,
  missingDocuments,
  requiredDocuments,
} from '../../src/domain/documents.js';
import { loadConfig } from '../../src/config.js';
import { INSTRUMENTS } from '../../src/domain/glossary.js';
import { STAGE_RULES, type ActiveStage } from '../../src/domain/stages.js';

describe('required documents', () => {
  it('asks for the terms of reference before a proposal is submitted, whatever the instrument', () => {
    for (const instrument of INSTRUMENTS) expect(requiredDocuments('draft', 'submit', instrument)).toEqual(['kak']);
  });

  it('asks for the draft of the instrument itself when the text is submitted', () => {
    expect(requiredDocuments('drafting', 'submit', 'ksb')).toEqual(['draft_ksb']);
    expect(requiredDocuments('drafting', 'submit', 'pks')).toEqual(['draft_pks']);
    expect(requiredDocuments('drafting', 'submit', 'nk')).toEqual(['draft_nk']);
    expect(requiredDocuments('drafting', 'submit', 'addendum')).toEqual(['addendum']);
    expect(requiredDocuments('drafting', 'submit', 'loi')).toEqual(['draft_ksb']);
  });

  it('asks for the letter each approval records', () => {
    expect(requiredDocuments('offer', 'approve', 'pks')).toEqual(['tanggapan_mitra']);
    expect(requiredDocuments('dprd_approval', 'approve', 'ksb')).toEqual(['surat_dprd']);
    expect(requiredDocuments('ministry_approval', 'approve', 'ksb')).toEqual(['surat_kementerian']);
  });

  it('asks for the signed instrument before signing passes', () => {
    expect(requiredDocuments('signing', 'approve', 'ksb')).toEqual(['signed_ksb']);
    expect(requiredDocuments('signing', 'approve', 'pks')).toEqual(['signed_pks']);
    expect(requiredDocuments('signing', 'approve', 'nk')).toEqual(['signed_nk']);
    expect(requiredDocuments('signing', 'approve', 'loi')).toEqual(['signed_ksb']);
    expect(requiredDocuments('signing', 'approve', 'addendum')).toEqual(['addendum']);
  });

  it('asks for nothing to refuse, withdraw, send back or decide at any other stage', () => {
    const gated = new Set([
      'draft:submit',
      'drafting:submit',
      'offer:approve',
      'dprd_approval:approve',
      'ministry_approval:approve',
      'signing:approve',
    ]);
    for (const [stage, rule] of Object.entries(STAGE_RULES)) {
      for (const decision of rule!.decisions) {
        const required = requiredDocuments(stage as ActiveStage, decision, 'pks');
        expect(required.length > 0, `${stage}:${decision}`).toBe(gated.has(`${stage}:${decision}`));
      }
    }
  });

  it('names what is missing in the order it was required, with its Indonesian label', () => {
    expect(missingDocuments(['kak', 'kajian'], ['kajian', 'lainnya'])).toEqual(['kak']);
    expect(missingDocuments(['kak'], ['kak'])).toEqual([]);
    expect(describeDocuments(['kak', 'surat_dprd'])).toBe(
      'Kerangka Acuan Kerja (KAK) (kak), Surat persetujuan DPRD (surat_dprd)',
    );
  });

  it('has an Indonesian label for every document type', () => {
    expect(Object.keys(DOCUMENT_TYPE_LABELS).sort()).toEqual([...DOCUMENT_TYPES].sort());
    expect(DOCUMENT_TYPES).toHaveLength(17);
  });
});

describe('who may upload', () => {
  const initiator = { roles: ['initiator' as const], unitCode: 'DLH' };
  const verifier = { roles: ['verifier' as const], unitCode: 'PEM' };

  it('lets the initiating office upload every type to its own agreements only', () => {
    for (const type of DOCUMENT_TYPES) expect(mayUpload(initiator, type, 'DLH')).toBe(true);
    expect(mayUpload(initiator, 'kak', 'DINKES')).toBe(false);
  });

  it('lets the verifier record the letters and signed texts it receives, not the office’s own papers', () => {
    const letters = ['tanggapan_mitra', 'surat_dprd', 'surat_kementerian', 'signed_pks', 'surat_penawaran'] as const;
    for (const type of letters) {
      expect(mayUpload(verifier, type, 'DLH'), type).toBe(true);
    }
    for (const type of ['kak', 'kajian', 'draft_pks', 'laporan_monitoring'] as const) {
      expect(mayUpload(verifier, type, 'DLH'), type).toBe(false);
    }
  });

  it('lets reviewers, heads, auditors and admins upload nothing', () => {
    for (const role of ['unit_head', 'legal', 'tkksd', 'approver', 'head', 'auditor', 'admin'] as const) {
      const reader = { roles: [role], unitCode: 'DLH' };
      expect(DOCUMENT_TYPES.some((type) => mayUpload(reader, type, 'DLH')), role).toBe(false);
    }
  });
});

describe('the upload size limit', () => {
  it('defaults to 20 MiB and can be set, but not to nonsense', () => {
    expect(loadConfig({}).DOCUMENT_MAX_BYTES).toBe(20 * 1024 * 1024);
    expect(loadConfig({ DOCUMENT_MAX_BYTES: '1048576' }).DOCUMENT_MAX_BYTES).toBe(1048576);
    expect(() => loadConfig({ DOCUMENT_MAX_BYTES: '0' })).toThrow(/DOCUMENT_MAX_BYTES/);
  });
});
