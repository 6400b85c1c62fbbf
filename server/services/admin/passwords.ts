import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP's scrypt floor (N=2^17 is the recommendation for new systems; 2^15 keeps a sign-in near
// 50 ms on a small box). Parameters live in the hash, so raising them later needs no migration.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEMORY = 128 * PARAMS.N * PARAMS.r * 2;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, base64url parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

// Checked when the e-mail is unknown, so an unknown account costs the same scrypt as a known one.
const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

/** Timing-safe. A missing or malformed hash still does the work and answers false. */
export async function verifyPassword(password: string, encoded: string | null | undefined): Promise<boolean> {
  const parts = (encoded ?? DUMMY_HASH).split('$');
  const isWellFormed = parts.length === 6 && parts[0] === 'scrypt';
  const [, n, r, p, salt, hash] = isWellFormed ? parts : DUMMY_HASH.split('$');
  const expected = Buffer.from(hash!, 'base64url');
  const options = { N: Number(n), r: Number(r), p: Number(p) };
  if (options.N > 2 ** 20 || options.r > 32 || options.p > 16) return false;
  const actual = await derive(password, Buffer.from(salt!, 'base64url'), options).catch(() => Buffer.alloc(expected.length));
  const isSame = actual.length === expected.length && timingSafeEqual(actual, expected);
  return isSame && isWellFormed && encoded !== null && encoded !== undefined;
}
