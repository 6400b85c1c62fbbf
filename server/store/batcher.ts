/** A call waiting in a batch: what it asked and how to answer it. */
export type Pending<I, O> = { input: I; resolve(out: O): void; reject(error: unknown): void };

/**
 * Calls that arrive while a batch is in flight wait for it, then go together as the next batch (at
 * most `maxBatch`); a call that finds nothing in flight goes at once, alone. One batch is in flight
 * at a time, so under load a statement's fixed cost (its round trip, PostgreSQL's setup of its plan,
 * a commit) is paid once for several calls, and with no load nothing waits. `run` answers every
 * call of its batch; should it throw, the calls it left unanswered get its error. Used for the
 * post's read (store/post-read.ts `readsForPost`) and its write (store/group-commit.ts).
 */
export class Batcher<I, O> {
  readonly #waiting: Array<Pending<I, O>> = [];
  #isRunning = false;

  constructor(
    private readonly run: (batch: Array<Pending<I, O>>) => Promise<void>,
    private readonly maxBatch = 32,
  ) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (!this.#isRunning) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#isRunning = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.maxBatch);
        // Settling a promise twice does nothing: the calls `run` answered keep their answer.
        await this.run(batch).catch((error: unknown) => batch.forEach((call) => call.reject(error)));
      }
    } finally {
      this.#isRunning = false;
    }
  }
}
