import { createHash, randomBytes } from 'node:crypto';

/** 32 bytes from the OS CSPRNG as 64 hex characters, the same as `openssl rand -hex 32`. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

// The hub splits --static-auth-token on commas and the chart quotes it, so only a URL-safe alphabet is safe.
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]+$/;
export const MIN_TOKEN_LENGTH = 32;

/** Why a user-supplied token cannot be used, or undefined when it can. */
export function tokenProblem(token: string): string | undefined {
  if (token.includes(',')) return 'the token contains a comma, which the hub would split into two tokens';
  if (!TOKEN_PATTERN.test(token)) return 'the token may only contain A-Z a-z 0-9 . _ ~ -';
  if (token.length < MIN_TOKEN_LENGTH) return `the token is ${token.length} characters; at least ${MIN_TOKEN_LENGTH} are needed`;
  return undefined;
}

/** A short, non-reversible name for a token, safe to print and store: the first 12 hex of its SHA-256. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}
