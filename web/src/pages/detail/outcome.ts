/** How the detail page turns an API refusal into a sentence, and whether to reload after it. */
import { ApiError } from '../../api/client';
import type { AgreementDetail } from '../../api/types';
import { stageLabel } from '../../labels';

export interface Outcome {
  tone: 'success' | 'error' | 'warning' | 'info';
  text: string;
  /** Reload the agreement: it changed, or what the user saw is stale. */
  reload?: boolean;
  /** The agreement as the server returned it after the action: shown without another read. */
  detail?: AgreementDetail;
}

export function refusalOutcome(error: unknown): Outcome {
  if (!(error instanceof ApiError)) return { tone: 'error', text: String(error) };
  if (error.code === 'stage_moved' || (error.status === 409 && /tahap/i.test(error.message))) {
    return {
      tone: 'warning',
      reload: true,
      text: 'Tahap kerja sama ini sudah berubah sejak halaman dibuka, mungkin sudah diputuskan oleh orang lain. Data terbaru telah dimuat: periksa lalu putuskan lagi bila masih perlu.',
    };
  }
  if (error.code === 'idempotency_conflict') {
    return {
      tone: 'warning',
      reload: true,
      text: 'Tindakan Anda sebelumnya sudah tercatat. Data terbaru telah dimuat.',
    };
  }
  if (error.code === 'missing_document') {
    return { tone: 'error', text: `${error.message} Unggah dokumen itu di bagian Dokumen, lalu coba lagi.` };
  }
  if (error.status === 403) return { tone: 'error', text: `Tidak diizinkan: ${error.message}` };

  return { tone: 'error', text: error.message };
}

export function decidedOutcome(decisionLabel: string, after: AgreementDetail): Outcome {
  return {
    tone: 'success',
    detail: after,
    text: `Keputusan "${decisionLabel}" tercatat. Tahap sekarang: ${stageLabel(after.stage)}.`,
  };
}
