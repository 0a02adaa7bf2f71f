/** The wording of the emails, in Bahasa Indonesia. */
import { ROLE_LABELS, type Role } from '../domain/glossary.js';
import { STAGE_LABELS, type Stage } from '../domain/stages.js';

interface AgreementRef {
  id: string;
  title: string;
  trackingCode: string;
}

export function reminderEmail(input: {
  agreement: AgreementRef;
  stage: Stage;
  role: Role;
  dueText: string;
  lateness: string;
  reminderNo: number;
  link: string;
  escalation: boolean;
}) {
  const { agreement, stage } = input;
  const subject = input.escalation
    ? `[Si Mbois Ker] Eskalasi: ${STAGE_LABELS[stage]} "${agreement.title}" terlambat ${input.lateness}`
    : `[Si Mbois Ker] Pengingat: ${STAGE_LABELS[stage]} "${agreement.title}" terlambat ${input.lateness}`;
  const roleLabel = ROLE_LABELS[input.role];
  const opening = input.escalation
    ? `Tugas berikut sudah ${input.reminderNo} kali diingatkan dan belum diselesaikan oleh ${roleLabel}. ` +
      'Sebagai atasan, mohon Bapak/Ibu memastikan tugas ini segera diselesaikan.'
    : `Tugas berikut menunggu keputusan Anda sebagai ${roleLabel} dan telah melewati batas waktu.`;
  const body = [
    'Yth. Bapak/Ibu,',
    '',
    opening,
    '',
    `Kerja sama   : ${agreement.title}`,
    `Kode lacak   : ${agreement.trackingCode}`,
    `Tahap        : ${STAGE_LABELS[stage]}`,
    `Batas waktu  : ${input.dueText}`,
    `Keterlambatan: ${input.lateness}`,
    `Pengingat ke : ${input.reminderNo}`,
    '',
    `Buka tugas: ${input.link}`,
    '',
    'Pesan ini dikirim otomatis oleh Si Mbois Ker. Mohon tidak membalas email ini.',
  ].join('\n');

  return { subject, body };
}

export function termNoticeEmail(input: {
  agreement: AgreementRef;
  endDateText: string;
  daysBefore: number;
  link: string;
}) {
  const when = input.daysBefore === 0 ? 'berakhir hari ini' : `berakhir dalam ${input.daysBefore} hari`;
  const subject = `[Si Mbois Ker] Kerja sama "${input.agreement.title}" ${when}`;
  const body = [
    'Yth. Bapak/Ibu,',
    '',
    `Kerja sama berikut ${when} (${input.endDateText}). ` +
      'Mohon tentukan apakah akan diperpanjang, diubah dengan adendum, atau dibiarkan berakhir.',
    '',
    `Kerja sama : ${input.agreement.title}`,
    `Kode lacak : ${input.agreement.trackingCode}`,
    '',
    `Buka: ${input.link}`,
    '',
    'Pesan ini dikirim otomatis oleh Si Mbois Ker. Mohon tidak membalas email ini.',
  ].join('\n');

  return { subject, body };
}

export function reportDueEmail(input: { agreement: AgreementRef; period: string; link: string }) {
  const subject = `[Si Mbois Ker] Laporan monitoring "${input.agreement.title}" periode ${input.period} belum masuk`;
  const body = [
    'Yth. Bapak/Ibu,',
    '',
    `Laporan monitoring pelaksanaan kerja sama berikut untuk periode ${input.period} ` +
      'sudah jatuh tempo dan belum diterima.',
    '',
    `Kerja sama : ${input.agreement.title}`,
    `Kode lacak : ${input.agreement.trackingCode}`,
    '',
    `Ajukan laporan: ${input.link}`,
    '',
    'Pesan ini dikirim otomatis oleh Si Mbois Ker. Mohon tidak membalas email ini.',
  ].join('\n');

  return { subject, body };
}
