/**
 * File downloads from the API (CSV exports, document versions). They need the bearer token, so
 * a plain link will not do: the file is fetched, then saved under the server's file name.
 */
import { ApiError, request } from './client';

type Query = Record<string, string | number | undefined>;

export async function download(path: string, query: Query = {}, fallbackName = 'unduhan') {
  let response: Response;
  try {
    response = await request<Response>('GET', path, { query, raw: true });
  } catch (error) {
    if (error instanceof ApiError && error.routeMissing) {
      throw new ApiError(404, 'not_available', 'Unduhan ini belum tersedia di server ini.');
    }
    throw error;
  }
  save(await response.blob(), fileNameOf(response) ?? fallbackName);
}

function fileNameOf(response: Response): string | null {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) return decodeURIComponent(encoded);

  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

export function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
