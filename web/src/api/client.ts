/**
 * The portal's only way to the API: JSON over fetch with the session's bearer token. Errors
 * become ApiError with the contract's `{error: {code, message, details}}`; a 401 on an
 * authenticated call ends the session so the user is sent to the login page.
 */
export interface FieldIssue {
  field?: string;
  message?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field issues of a 400, when the server named fields (`body.title`, `body.partners.0.name`). */
  get fieldIssues(): FieldIssue[] {
    return Array.isArray(this.details) ? (this.details as FieldIssue[]).filter((item) => item && item.field) : [];
  }

  /** True when the route itself does not exist (yet): a feature this server lacks. */
  get routeMissing(): boolean {
    return this.status === 404 && /^Alamat /.test(this.message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  body?: unknown;
  form?: FormData;
  query?: Query;
  /** Sends an Idempotency-Key, so a repeated click is one action on the server. */
  idempotencyKey?: string;
  /** Returns the raw Response (downloads) instead of parsed JSON. */
  raw?: boolean;
}

let currentToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setToken(token: string | null) {
  currentToken = token;
}

export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();

  return text ? `${path}?${text}` : path;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (currentToken) headers.authorization = `Bearer ${currentToken}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method, headers, body });
  } catch {
    throw new ApiError(0, 'network_error', 'Tidak dapat menghubungi server. Periksa koneksi lalu coba lagi.');
  }
  if (response.ok && options.raw) return response as T;

  const payload = await readJson(response);
  if (!response.ok) {
    const error = (payload as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (response.status === 401 && currentToken) onUnauthenticated?.();
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `Server menjawab ${response.status}.`,
      error?.details,
    );
  }

  return payload as T;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  /** Every POST is one user action: a fresh Idempotency-Key unless the caller passes one, or null. */
  post: <T>(path: string, body: unknown, idempotencyKey: string | null = newKey()) =>
    request<T>('POST', path, { body, idempotencyKey: idempotencyKey ?? undefined }),
  /** PUT and PATCH replace or change a resource: repeating them gives the same state. */
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** A fresh Idempotency-Key for one user action. */
export function newKey(): string {
  return crypto.randomUUID();
}
