// Mints the JWTs that hosted Supabase hands out (anon key, service_role key, a signed-in user's access
// token): HS256, signed with the project's JWT secret, the PostgreSQL role in the `role` claim.
import { randomBytes } from 'node:crypto';

import { SignJWT, jwtVerify, type JWTPayload } from 'jose';

const TEN_YEARS_SEC = 10 * 365 * 24 * 3600;

/** A fresh random JWT secret (hosted projects use ≥32 characters; PostgREST requires ≥32). */
export function newJwtSecret(): string {
  return randomBytes(32).toString('hex');
}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signJwt(secret: string, claims: JWTPayload, expiresInSec = TEN_YEARS_SEC): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresInSec)
    .sign(key(secret));
}

/** The project's `anon` (publishable) key. */
export function mintAnonKey(secret: string): Promise<string> {
  return signJwt(secret, { iss: 'supabase-test', role: 'anon' });
}

/** The project's `service_role` (secret) key: bypasses RLS. */
export function mintServiceKey(secret: string): Promise<string> {
  return signJwt(secret, { iss: 'supabase-test', role: 'service_role' });
}

/** A signed-in user's access token, as Supabase Auth issues it (`sub` = auth.uid()). */
export function mintUserKey(secret: string, userId: string, expiresInSec = 3600): Promise<string> {
  return signJwt(
    secret,
    { iss: 'supabase-test', sub: userId, role: 'authenticated', aud: 'authenticated', aal: 'aal1' },
    expiresInSec,
  );
}

/** Verifies an HS256 JWT signed with `secret`; throws (jose's errors) when bad or expired. */
export async function verifyJwt(secret: string, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'] });
  return payload;
}
