/**
 * Documents with their versions and SHA-256 hashes, and the upload form. A server without the
 * documents endpoint answers the upload with 404: the form then gives way to a message.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { downloadDocument, uploadDocument } from '../../api/documents';
import type { AgreementDetail, DocumentEntry } from '../../api/types';
import { SelectField } from '../../components/Field';
import { shortDateTime } from '../../format';
import { DOCUMENT_TYPE_LABELS, DOCUMENT_TYPES, labelOf, mayUpload, suggestedDocumentType } from '../../labels';
import { useSession } from '../../session';
import { refusalOutcome, type Outcome } from './outcome';

interface Props {
  detail: AgreementDetail;
  canUpload: boolean;
  onOutcome(outcome: Outcome): void;
}

export function DocumentsSection({ detail, canUpload, onOutcome }: Props) {
  const [unavailable, setUnavailable] = useState(false);
  const [busy, setBusy] = useState(false);
  const { user } = useSession();
  const uploadable = DOCUMENT_TYPES.filter((candidate) => user && mayUpload(user, candidate, detail.unitCode));
  const [type, setType] = useState<string>(suggestedDocumentType(detail.stage, detail.instrument, uploadable));

  const upload = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const file = (form.elements.namedItem('document-file') as HTMLInputElement).files?.[0];
    if (!file) {
      onOutcome({ tone: 'error', text: 'Pilih berkas yang akan diunggah.' });
      return;
    }
    setBusy(true);
    try {
      const stored = await uploadDocument(detail.id, type, file);
      form.reset();
      onOutcome({
        tone: 'success',
        reload: true,
        text: `${labelOf(DOCUMENT_TYPE_LABELS, stored.type)} versi ${stored.version} terunggah.`,
      });
    } catch (error) {
      if (error instanceof ApiError && error.routeMissing) setUnavailable(true);
      else onOutcome(refusalOutcome(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Dokumen</h2>
      {detail.documents.length === 0 ? (
        <p className="muted">Belum ada dokumen.</p>
      ) : (
        <DocumentTable documents={detail.documents} />
      )}
      {canUpload && uploadable.length > 0 && unavailable ? (
        <p className="muted" role="status">
          Unggah dokumen belum tersedia di server ini.
        </p>
      ) : null}
      {canUpload && uploadable.length > 0 && !unavailable ? (
        <form className="upload-form" onSubmit={upload}>
          <SelectField
            id="document-type"
            label="Jenis dokumen"
            value={type}
            onChange={(event) => setType(event.target.value)}
            options={uploadable.map((code) => [code, DOCUMENT_TYPE_LABELS[code]])}
          />
          <div className="field">
            <label htmlFor="document-file">Berkas</label>
            <input id="document-file" name="document-file" type="file" accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg" />
          </div>
          <button type="submit" className="button secondary" disabled={busy}>
            {busy ? 'Mengunggah…' : 'Unggah'}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function DocumentTable({ documents }: { documents: DocumentEntry[] }) {
  const rows = documents.flatMap((document) => {
    const id = document.documentId ?? document.id ?? '';
    const versions = document.versions?.length ? document.versions : [document];
    return versions.map((version) => ({
      id,
      type: document.type,
      ...version,
      filename: version.filename ?? document.filename ?? 'dokumen',
    }));
  });

  return (
    <div className="table-wrap">
      <table className="responsive-table">
        <thead>
          <tr>
            <th scope="col">Jenis</th>
            <th scope="col">Berkas</th>
            <th scope="col">Versi</th>
            <th scope="col">Diunggah</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.id}-${row.version}`}>
              <td data-label="Jenis">{labelOf(DOCUMENT_TYPE_LABELS, row.type)}</td>
              <td data-label="Berkas">
                {row.id && row.version ? (
                  <button
                    type="button"
                    className="button link"
                    onClick={() => void downloadDocument(row.id, row.version!, row.filename)}
                  >
                    {row.filename}
                  </button>
                ) : (
                  row.filename
                )}
                {row.size !== undefined ? (
                  <span className="muted block">
                    {(row.size / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} KB
                  </span>
                ) : null}
                {row.sha256 ? (
                  <span className="block small">
                    SHA-256 <code className="hash">{row.sha256}</code>
                  </span>
                ) : null}
              </td>
              <td data-label="Versi">{row.version ?? '—'}</td>
              <td data-label="Diunggah">
                {row.uploadedAt ? shortDateTime(row.uploadedAt) : '—'}
                {row.uploadedBy ? <span className="muted block">{row.uploadedBy}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
