/**
 * Optional single sign-on: a bearer JWT from the city's identity provider, checked against its
 * JWKS (signature, issuer, audience, expiry). Only asymmetric algorithms are accepted, so a key
 * published in the JWKS can never double as an HMAC secret. The token names the person; the
 * roles and unit come from the local user of the same `preferred_username`.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Config } from '../../config.js';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Returns the local username a valid token names, or null for any invalid token. */
export type OidcVerifier = (token: string) => Promise<string | null>;

export function looksLikeJwt(token: string): boolean {
  return token.length <= 8192 && JWT_SHAPE.test(token);
}

export function createOidcVerifier(config: Config): OidcVerifier | null {
  if (!config.OIDC_ISSUER || !config.OIDC_JWKS_URL || !config.OIDC_AUDIENCE) return null;
  const keys = createRemoteJWKSet(new URL(config.OIDC_JWKS_URL), { timeoutDuration: 5000 });
  const options = { issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, algorithms: ALGORITHMS };

  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, options);
      const username = payload.preferred_username;

      return typeof username === 'string' && username.length > 0 ? username.toLowerCase() : null;
    } catch {
      // Any failure (signature, expiry, audience, JWKS unreachable) is simply "not signed in".
      return null;
    }
  };
}
