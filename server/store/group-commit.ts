import { Batcher, type Pending } from './batcher.ts';
import type { Database } from './db.ts';

type Statement = { text: string; params: unknown[] };

// SQLSTATE classes and socket codes after which a batch's commit may or may not have happened: its
// statements are not run again (each caller gets the error, as it would have alone: a 503).
const AMBIGUOUS = /^(08|57P0)/;
const isStatementError = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !AMBIGUOUS.test(code);
};

/**
 * Group commit for the comment writes (issue 16). A write that arrives while none is in flight runs
 * at once, as its own statement. Those that arrive while one is in flight wait for it, then go
 * together as one transaction of pipelined statements: one round trip and one commit (one WAL
 * flush) for all of them, where PostgreSQL's own group commit still pays a round trip, a commit
 * record and a wake-up per statement. Each statement is one comment's whole write, so a batch
 * changes what is written in no way, only how many commits carry it. If one statement fails, the
 * transaction rolls back whole and every statement of the batch runs again on its own, so each
 * caller gets its own answer; a lost connection fails the batch's callers as it would have failed
 * each of them (the commit may have happened, so nothing is run twice). A batch holds every
 * statement's row locks to its commit, where one statement held its own only, in the order every
 * writer takes them: so a batch can close a lock cycle with another transaction (another
 * instance's batch, a vote). It does not wait for the deadlock check: past 200 ms waiting for a lock
 * it gives up (Database.queryInTransaction), and its statements run one by one. Only one batch is
 * in flight per instance, so an instance's batches never wait for each other.
 */
export class GroupCommit {
  readonly #batcher: Batcher<Statement, unknown[]>;

  constructor(
    private readonly database: Pick<Database, 'query' | 'queryInTransaction'>,
    maxBatch = 32,
  ) {
    this.#batcher = new Batcher((batch) => this.#run(batch), maxBatch);
  }

  /** The `Database.query` of the writes that go through it. */
  query<T>(text: string, params: unknown[]): Promise<T[]> {
    return this.#batcher.call({ text, params }) as Promise<T[]>;
  }

  async #run(batch: Array<Pending<Statement, unknown[]>>): Promise<void> {
    const alone = (call: Pending<Statement, unknown[]>) => this.database.query<unknown>(call.input.text, call.input.params).then(call.resolve, call.reject);
    if (batch.length === 1) return alone(batch[0]!);
    try {
      const results = await this.database.queryInTransaction(batch.map((call) => call.input));
      batch.forEach((call, i) => call.resolve(results[i]!));
    } catch (error) {
      if (!isStatementError(error)) throw error;
      await Promise.all(batch.map(alone));
    }
  }
}
