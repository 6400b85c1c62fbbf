import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Services } from '../services/context.ts';
import { parseIdempotencyKey, runIdempotent, type KeepAnswer, type WriteAnswer } from '../services/comments/idempotency.ts';
import type { requireReader } from '../services/readers/readers.ts';

type Reader = Awaited<ReturnType<typeof requireReader>>;

/**
 * A reader's write that honours `Idempotency-Key`: the first request's answer is kept and replayed
 * to its retries (with `Idempotent-Replayed: true`), so a double click or a lost response makes one
 * change. `body` is the validated input: a retry must send the same.
 */
export async function idempotent(c: Context, services: Services, reader: Reader, body: unknown, write: (keep: KeepAnswer | null) => Promise<WriteAnswer>) {
  const key = parseIdempotencyKey(c.req.header('idempotency-key'));
  const answer = await runIdempotent(services, reader, key, { method: c.req.method, path: c.req.path, body }, write);
  if (answer.isReplay) c.header('Idempotent-Replayed', 'true');
  return c.json(answer.body as object, answer.status as ContentfulStatusCode);
}
