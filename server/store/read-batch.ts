/**
 * Reads that arrive while one is in flight wait for it, then go together as one statement (the
 * post's read, store/comment-post.ts `readsForPost`): under load a statement's fixed cost (its round
 * trip, PostgreSQL's setup of every part of the plan) is paid once for several posts. Alone, a read
 * runs at once. A failed statement fails the reads that shared it; a read never changes anything,
 * so the callers' retries are safe.
 */
export class ReadBatch<I, O> {
  readonly #waiting: Array<{ input: I; resolve(out: O): void; reject(error: unknown): void }> = [];
  #isRunning = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 32,
  ) {}

  read(input: I): Promise<O> {
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
        try {
          const outs = await this.run(batch.map((job) => job.input));
          batch.forEach((job, i) => job.resolve(outs[i]!));
        } catch (error) {
          for (const job of batch) job.reject(error);
        }
      }
    } finally {
      this.#isRunning = false;
    }
  }
}
