/**
 * File names from clients are for people only: shown in lists and offered on download. They
 * never become a path (the store addresses bytes by their hash), yet they are cleaned so that
 * no directory part, control or direction-changing character survives into a header or a page.
 */
import type { FileKind } from './file-type.js';

const MAX_LENGTH = 200;
/** Control, format (incl. bidi overrides, zero-width), lone surrogates, line/paragraph breaks. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
/** Characters that Windows refuses in names; a downloaded file must save everywhere. */
const RESERVED = /["*:<>?|]/g;

/**
 * The display name of an upload: the client's base name, cleaned, ending in an extension of
 * the kind its bytes showed (appended when the name says otherwise), at most 200 characters.
 */
export function displayFilename(
  clientName: string | undefined,
  kind: FileKind,
  fallbackStem: string,
): string {
  const base = (clientName ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? cleaned.slice(dot).toLowerCase() : '';
  const known = (kind.extensions as readonly string[]).includes(extension);
  const stem = known ? cleaned.slice(0, dot) : cleaned;
  const ending = known ? extension : kind.extensions[0]!;
  const room = MAX_LENGTH - ending.length;
  const shortStem = Array.from(stem || fallbackStem).slice(0, room).join('').trimEnd();

  return `${shortStem}${ending}`;
}

/**
 * A Content-Disposition value that every browser reads: an ASCII `filename` fallback and the
 * exact UTF-8 name as `filename*` (RFC 6266 with RFC 5987 encoding).
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );

  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
