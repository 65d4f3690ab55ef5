import { hash, verify } from '@node-rs/argon2';
import { MIN_PASSWORD_LENGTH } from '../../../common/roles';
import { AppError } from '../http/app-error';

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when the password matches the argon2id hash. */
export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** Throws a translated 400 when a new password is too weak. */
export function assertPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new AppError('auth.password_too_short', { min: MIN_PASSWORD_LENGTH });
}

// A fixed hash to verify against when the account does not exist, so timing does not reveal accounts.
let dummy: Promise<string> | undefined;
/** Spends the same time as a real verification. */
export async function verifyDummy(password: string): Promise<void> {
  dummy ??= hashPassword('jisr-dummy-password-for-timing');
  await verifyPassword(await dummy, password);
}
