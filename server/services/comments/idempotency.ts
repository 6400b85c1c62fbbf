import { createHash } from 'node:crypto';
import { AppError } from '../../errors.ts';
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  pruneIdempotencyKeys,
  releaseIdempotencyKey,
  saveIdempotentAnswer,
} from '../../store/idempotency-keys.ts';
import type { ReaderRow } from '../../store/readers.ts';
import type { Services } from '../context.ts';

/**
 * Safe retries for the reader's writes (POST /comments, PATCH /comments/:id, vote, flag): the first
 * request with an `Idempotency-Key` runs and its answer is kept; a retry with the same key by the
 * same reader gets that answer again and changes nothing. Keys are the reader's own (another
 * reader's same key is another key) and kept for RETENTION_MS.
 */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** A running request holds its key this long; past it (the process died) a retry runs it again. */
const CLAIM_MS = 60_000;
/** Expired keys are swept at most this often per instance, by a request that passes by. */
const PRUNE_EVERY_MS = 10 * 60 * 1000;
const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

export type Answer = { status: number; body: unknown };
/**
 * Where a write may keep its own answer, in its own transaction: then a crash between the write and
 * a separate save cannot leave a done write whose retry runs it again. A write that did keeps it
 * says so (`isKept`); otherwise the answer is saved after it.
 */
export type KeepAnswer = { readerId: number; key: string };
export type WriteAnswer = Answer & { isKept?: boolean };
export type IdempotentAnswer = Answer & { isReplay: boolean };
export type RequestFingerprint = { method: string; path: string; body: unknown };

let lastPrune = 0;

/** The header's value, checked: printable ASCII, at most 200 characters. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!KEY_SHAPE.test(value)) {
    throw new AppError('validation', 'Idempotency-Key must be 1 to 200 printable ASCII characters', 'Idempotency-Key');
  }
  return value;
}

const fingerprintOf = (request: RequestFingerprint) =>
  `${request.method} ${request.path} ${createHash('sha256').update(JSON.stringify(request.body ?? null)).digest('base64url')}`;

/** Runs `write` once per (reader, key); without a key it simply runs. */
export async function runIdempotent(
  services: Services,
  reader: ReaderRow,
  key: string | undefined,
  request: RequestFingerprint,
  write: (keep: KeepAnswer | null) => Promise<WriteAnswer>,
): Promise<IdempotentAnswer> {
  if (key === undefined) {
    const { status, body } = await write(null);
    return { status, body, isReplay: false };
  }
  const { db } = services.database;
  const now = services.clock.now();
  const fingerprint = fingerprintOf(request);
  await pruneNowAndThen(services, now);

  const isClaimed = await claimIdempotencyKey(db, {
    readerId: reader.id,
    key,
    fingerprint,
    now,
    claimedUntil: new Date(now.getTime() + CLAIM_MS),
    expiredBefore: new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS),
  });
  if (!isClaimed) {
    const kept = await findIdempotencyKey(db, reader.id, key);
    if (!kept) throw new AppError('idempotency_in_progress', 'The first request with this Idempotency-Key is still running; retry shortly', undefined, 1);
    if (kept.fingerprint !== fingerprint) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used for a different request', 'Idempotency-Key');
    }
    if (kept.status === null) {
      throw new AppError('idempotency_in_progress', 'The first request with this Idempotency-Key is still running; retry shortly', undefined, 1);
    }
    return { status: kept.status, body: kept.body, isReplay: true };
  }

  let answer: WriteAnswer;
  try {
    answer = await write({ readerId: reader.id, key });
  } catch (error) {
    // Nothing was done (a refusal, or a rolled-back transaction): the key is free for a retry.
    await releaseIdempotencyKey(db, reader.id, key).catch(() => {});
    throw error;
  }
  if (!answer.isKept) await saveIdempotentAnswer(db, reader.id, key, answer.status, answer.body);
  return { status: answer.status, body: answer.body, isReplay: false };
}

async function pruneNowAndThen(services: Services, now: Date): Promise<void> {
  if (now.getTime() - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now.getTime();
  await pruneIdempotencyKeys(services.database.db, new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS));
}
