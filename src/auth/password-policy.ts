import { readFileSync } from 'node:fs';
import type { FieldProblem } from '../common/domain-error.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;
const MIN_DISTINCT_CHARACTERS = 5;

let common: Set<string> | undefined;

/** The list shipped beside this file (common-passwords.txt), read once. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#')),
  );
  return common;
}

/** Whether the characters run up or down one code point at a time (abcdefghij, 9876543210). */
function isRun(chars: string[]): boolean {
  const step = chars[1].codePointAt(0)! - chars[0].codePointAt(0)!;
  if (Math.abs(step) !== 1) return false;
  return chars.every((c, i) => i === 0 || c.codePointAt(0)! - chars[i - 1].codePointAt(0)! === step);
}

/**
 * Why a new password is refused, or nothing when it is acceptable: blank, short, one character or a short
 * group repeated, a run (abcdefghij), a common password (the shipped list, also with digits or symbols
 * added at either end: password2024!), or one that contains the username.
 */
export function passwordProblems(password: string, username: string | null, field = 'password'): FieldProblem[] {
  const problem = (reason: string) => [{ field, reason }];
  if (password.trim() === '') return problem('must not be blank or only spaces');
  // Code points, as a length rule counts them (a 4-byte character is one).
  const chars = Array.from(password);
  if (chars.length < MIN_PASSWORD_LENGTH) return problem(`must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (chars.length > MAX_PASSWORD_LENGTH) return problem(`must be at most ${MAX_PASSWORD_LENGTH} characters`);
  if (/^(.{1,4}?)\1+$/su.test(password)) return problem('must not be one character or a short group repeated');
  if (new Set(chars).size < MIN_DISTINCT_CHARACTERS)
    return problem(`must use at least ${MIN_DISTINCT_CHARACTERS} different characters`);
  if (isRun(chars)) return problem('must not be a run of consecutive characters');
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  const list = commonPasswords();
  if (list.has(lower) || (core.length >= 4 && list.has(core)))
    return problem('is too common: it is on the list of passwords that attackers try first');
  if (username && username.length >= 4 && lower.includes(username.toLowerCase()))
    return problem('must not contain the username');
  return [];
}
