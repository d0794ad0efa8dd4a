import { hash, verify } from '@node-rs/argon2';

/** argon2id, the library's defaults. */
export const hashPassword = (password: string): Promise<string> => hash(password);

let dummy: Promise<string> | undefined;

/** Verifies a password; without a stored hash it verifies against a dummy one, so both failures take as long. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    await verify(await (dummy ??= hash('not-a-password-of-anyone')), password);
    return false;
  }
  return verify(storedHash, password);
}
