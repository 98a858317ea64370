import bcrypt from 'bcrypt';
import { z } from 'zod';

/** At least 10 characters with letters and digits; no more than bcrypt can hash (72 bytes). */
export const PasswordSchema = z
  .string()
  .min(10, 'passwords need at least 10 characters')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, { message: 'passwords may be at most 72 bytes', params: { i18n: 'validation.rule.passwordBytes' } })
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), { message: 'passwords need letters and digits', params: { i18n: 'validation.rule.passwordMix' } });

export function hashPassword(password: string, cost: number): Promise<string> {
  if (cost < 10) throw new Error('bcrypt cost must be at least 10');
  return bcrypt.hash(password, cost);
}

// Compared against when the user does not exist, so unknown names take as long as wrong
// passwords: one dummy hash per cost, made at the configured cost (BCRYPT_COST).
const dummyHashes = new Map<number, Promise<string>>();

export function dummyHash(cost: number): Promise<string> {
  let hash = dummyHashes.get(cost);
  if (!hash) {
    hash = bcrypt.hash('no-such-user-dummy-password-1', cost);
    dummyHashes.set(cost, hash);
  }
  return hash;
}

/** True when the password matches; with no hash (unknown user) it does the same work and is false. */
export async function verifyPassword(password: string, hash: string | undefined, cost: number): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? (await dummyHash(cost)));
  return ok && hash !== undefined;
}
