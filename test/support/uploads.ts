/**
 * Multipart uploads and binary downloads for API tests. The multipart body is written by hand
 * so a test controls every byte of it (file names with NUL, backslashes, several files).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HttpClient, HttpResponse } from './system.js';

export interface FormPart {
  name: string;
  value?: string;
  filename?: string;
  content?: Buffer;
  contentType?: string;
}

export function multipartBody(parts: FormPart[]): { body: Buffer; contentType: string } {
  const boundary = `simk-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\n`;
    if (part.content) head += `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n`;
    const content = part.content ?? Buffer.from(part.value ?? '', 'utf8');
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), content, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));

  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST /api/agreements/:id/documents with `type` and one `file`. */
export function uploadDocument(
  http: HttpClient,
  agreementId: string,
  token: string,
  type: string,
  content: Buffer,
  filename = `${type}.pdf`,
): Promise<HttpResponse> {
  const form = multipartBody([
    { name: 'type', value: type },
    { name: 'file', filename, content, contentType: 'application/pdf' },
  ]);

  return http.request('POST', `/api/agreements/${agreementId}/documents`, {
    token,
    raw: new Uint8Array(form.body),
    headers: { 'content-type': form.contentType },
  });
}

/** GET a download as bytes (the JSON-minded HttpClient would decode them as text). */
export async function download(baseUrl: string, url: string, token?: string) {
  const response = await fetch(`${baseUrl}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await response.arrayBuffer());

  return { status: response.status, headers: response.headers, bytes };
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
