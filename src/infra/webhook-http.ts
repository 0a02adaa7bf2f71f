/**
 * Sending a webhook: the address check, the signature and the POST. Every address a name
 * resolves to must be public unless WEBHOOK_ALLOW_PRIVATE; the check runs again inside the
 * connection's own DNS lookup, so a name that resolves elsewhere by the time of sending (DNS
 * rebinding) is still refused. Redirects are never followed.
 */
import { createHmac } from 'node:crypto';
import dns, { type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { classifyAddress, type AddressClass } from '../domain/ip-address.js';

/** A subscriber address that may not be used; the message is for users (Indonesian). */
export class WebhookAddressError extends Error {
  override name = 'WebhookAddressError';
}

/** `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, the X-SMK-Signature value. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Parses and checks a subscriber URL; throws WebhookAddressError saying why it is refused. */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookAddressError(`Alamat '${raw}' bukan URL yang valid.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookAddressError('Alamat webhook harus memakai http atau https.');
  }
  if (url.username || url.password) {
    throw new WebhookAddressError('Alamat webhook tidak boleh memuat nama pengguna atau sandi.');
  }
  if (allowPrivate) return url;

  const literal = refusal(url.hostname);
  if (literal !== undefined) {
    if (literal) throw new WebhookAddressError(literal);
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await withTimeout(dns.promises.lookup(url.hostname, { all: true, verbatim: true }));
  } catch {
    throw new WebhookAddressError(`Nama host '${url.hostname}' tidak dapat ditemukan (DNS).`);
  }
  const refused = addresses.map((entry) => refusal(entry.address)).find(Boolean);
  if (refused) throw new WebhookAddressError(`${refused} (hasil DNS untuk '${url.hostname}')`);

  return url;
}

export interface PostOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

/** POSTs the body once; resolves with the status code (3xx included: never followed). */
export async function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<number> {
  const literal = options.allowPrivate ? undefined : refusal(url.hostname);
  if (literal) throw new WebhookAddressError(literal);
  const client = url.protocol === 'https:' ? https : http;

  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'POST',
      agent: false,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      lookup: options.allowPrivate ? undefined : (guardedLookup as never),
      timeout: options.timeoutMs,
    });
    const timedOut = new Error(`no answer within ${options.timeoutMs} ms`);
    request.on('timeout', () => request.destroy(timedOut));
    request.on('error', reject);
    request.on('response', (response) => {
      // The answer's body is not needed; drain it so the socket closes.
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.end(body);
  });
}

/** A resolver that does not answer must not hold the admin's request (default 5 s). */
function withTimeout<T>(work: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`DNS gave no answer within ${ms} ms`)), ms);
  });

  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** dns.lookup that refuses to hand over any address outside the public internet. */
function guardedLookup(
  hostname: string,
  options: dns.LookupOptions,
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
) {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '');
    const refused = addresses.map((entry) => refusal(entry.address)).find(Boolean);
    if (refused) return callback(new WebhookAddressError(refused), '');
    if (options.all) return callback(null, addresses);

    return callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

const CLASS_WORDS: Record<Exclude<AddressClass, 'public'>, string> = {
  private: 'jaringan privat',
  loopback: 'loopback',
  link_local: 'link-local',
  reserved: 'rentang khusus/cadangan',
};

/** For an IP literal: why it is refused, or '' when public; undefined for a host name. */
function refusal(host: string): string | undefined {
  const kind = classifyAddress(host);
  if (kind === null) return undefined;

  if (kind === 'public') return '';

  return `Alamat ${host} berada di ${CLASS_WORDS[kind]} dan tidak diizinkan`;
}
