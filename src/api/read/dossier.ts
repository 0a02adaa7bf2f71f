/**
 * The auditor's dossier of one agreement: everything needed to judge how it was handled, in
 * one JSON file, with what it takes to check it offline against the audit chain.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { canonicalJson, GENESIS_HASH, HASHED_FIELDS } from '../../audit/canonical.js';
import type { Database } from '../../db/client.js';
import { agreementEvents, auditLog, documents, documentVersions, tasks } from '../../db/schema.js';
import { publicEntry } from '../routes/audit.js';
import { agreementDetail, type AgreementRow } from './agreement-detail.js';
import { workflowHistorySummary } from './workflow-history.js';

const DECISION_EVENTS = ['created', 'decision', 'termination', 'deadline', 'imported'];

export async function buildDossier(db: Database, temporal: Client, row: AgreementRow, generatedBy: string) {
  const detail = await agreementDetail(db, row);
  const [events, documentRows, taskRows, entries, [head]] = await Promise.all([
    db
      .select()
      .from(agreementEvents)
      .where(and(eq(agreementEvents.agreementId, row.id), inArray(agreementEvents.type, DECISION_EVENTS)))
      .orderBy(asc(agreementEvents.seq)),
    db
      .select({ document: documents, version: documentVersions })
      .from(documentVersions)
      .innerJoin(documents, eq(documents.id, documentVersions.documentId))
      .where(eq(documents.agreementId, row.id))
      .orderBy(asc(documents.type), asc(documentVersions.version)),
    db.select().from(tasks).where(eq(tasks.agreementId, row.id)).orderBy(asc(tasks.startedAt)),
    db
      .select()
      .from(auditLog)
      .where(
        or(
          and(eq(auditLog.targetType, 'agreement'), eq(auditLog.targetId, row.id)),
          sql`${auditLog.data}->>'agreementId' = ${row.id}`,
        ),
      )
      .orderBy(asc(auditLog.seq)),
    db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1),
  ]);
  const history = await workflowHistorySummary(temporal, row.id);

  const content = {
    format: 'si-mbois-ker/dossier@1',
    generatedAt: new Date().toISOString(),
    generatedBy,
    agreement: detail,
    decisions: events.map((event) => ({
      seq: event.seq,
      at: event.at.toISOString(),
      type: event.type,
      /** The stage the decision was made at, and the stage it led to. */
      fromStage: event.fromStage,
      toStage: event.stage,
      decision: event.decision,
      /** The person who acted, and the office holder they acted for (Plt./Plh.), if any. */
      actor: { username: event.actorUsername, name: event.actorName, role: event.actorRole },
      actingFor: event.actingFor,
      note: event.note,
    })),
    documents: documentRows.map(({ document, version }) => ({
      documentId: document.id,
      type: document.type,
      version: version.version,
      sha256: version.sha256,
      size: version.size,
      mime: version.mime,
      filename: version.filename,
      uploadedBy: version.uploadedBy,
      uploadedAt: version.uploadedAt.toISOString(),
    })),
    deadlines: taskRows.map((task) => ({
      taskKey: task.taskKey,
      stage: task.stage,
      role: task.role,
      unitCode: task.unitCode,
      startedAt: task.startedAt.toISOString(),
      dueAt: task.dueAt?.toISOString() ?? null,
      sla: task.slaWorkingDays ? { workingDays: task.slaWorkingDays, basis: task.slaBasis } : null,
      calendarMissingForYears: task.uncoveredYears ?? [],
      remindersSent: task.remindersSent,
      escalatedTo: task.escalatedTo,
      escalatedAt: task.escalatedAt?.toISOString() ?? null,
      closedAt: task.closedAt?.toISOString() ?? null,
      closedBy: task.closedBy,
    })),
    workflowHistory: history,
    audit: {
      entries: entries.map(publicEntry),
      chainHeadAtGeneration: head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS_HASH },
    },
  };
  const contentSha256 = createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');

  return { ...content, verification: verificationBlock(contentSha256) };
}

function verificationBlock(contentSha256: string) {
  return {
    contentSha256,
    contentHashOf:
      'SHA-256 (hex) dari serialisasi kanonik seluruh berkas ini tanpa blok "verification": JSON tanpa spasi, ' +
      'kunci objek diurutkan di setiap tingkat. Pengunduhan berkas ini dicatat di jejak audit (action ' +
      '"agreement.dossier") dengan nilai yang sama.',
    auditEntryHash: {
      algorithm: 'sha256',
      fields: HASHED_FIELDS,
      genesisPrevHash: GENESIS_HASH,
      canonicalForm:
        'Objek JSON berisi tepat field di atas (nilai kosong = null; "at" ISO 8601 UTC dengan milidetik; ' +
        '"data" apa adanya), kunci diurutkan di setiap tingkat, tanpa spasi, UTF-8. hash = SHA-256 hex teks itu.',
    },
    steps: [
      'Untuk setiap entri di audit.entries: susun bentuk kanonik dari field yang disebut, hitung SHA-256, ' +
        'bandingkan dengan "hash" entri itu. Berbeda berarti entri diubah.',
      'Entri berurutan (seq berurutan) harus saling merujuk: prevHash entri seq n+1 = hash entri seq n.',
      'Cocokkan hash entri dengan rantai lengkap: GET /api/audit/verify (auditor) atau `npm run audit:verify` ' +
        'di server; keduanya menelusuri seluruh rantai dan menyebut entri pertama yang rusak.',
      'Simpan audit.chainHeadAtGeneration di luar sistem: rantai yang kemudian ditulis ulang tidak akan lagi ' +
        'memuat hash itu pada seq yang sama.',
      'Cocokkan SHA-256 setiap versi dokumen (documents[].sha256) dengan berkas yang diunduh.',
    ],
  };
}
