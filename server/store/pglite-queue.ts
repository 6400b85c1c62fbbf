import { AppError } from '../errors.ts';

export type QueueLimits = {
  /** Statements (or whole transactions) waiting at most; past it a new one is refused with 503. */
  maxDepth: number;
  /** A statement that waited longer than this is refused unrun: its request's deadline has passed. */
  maxWaitMs: number;
};

/**
 * Defaults: far above what 50 readers and 10 writers keep waiting (one statement each), and above a
 * burst of a thousand requests at once (tests/server/concurrency.test.ts: 1,000 votes), far below
 * what fills memory (a job is a closure); the wait bound is what keeps answers timely.
 */
export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxDepth: 4096, maxWaitMs: 8000 };

type Job = { work: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void; queuedAt: number };

/**
 * The line in front of PGlite's one connection: statements and transactions run one at a time, in
 * the order they arrived, and the line has a bound.
 *
 * PGlite runs each statement synchronously in WebAssembly on this thread and resolves through
 * microtasks only, so without a turn of the event loop between statements no new request is read
 * while others keep the connection busy. Measured under 50 connections of uncached reads: every
 * read computed its own answer (the thread cache's single-flight never saw two at once), 100 req/s
 * with a p99 of 5–6 s and timeouts. Each job here starts on a fresh turn (`setImmediate`, after
 * the poll phase), so requests that arrived meanwhile queue behind it, in order, and identical
 * reads join the one already waiting.
 */
export class SerialQueue {
  readonly #jobs: Job[] = [];
  #head = 0;
  #isRunning = false;

  constructor(
    private readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Jobs waiting (not counting the one running). */
  get depth(): number {
    return this.#jobs.length - this.#head;
  }

  /**
   * Runs `work` when every job queued before it has finished. `isBounded: false` skips the depth
   * check, for work that must not be refused halfway through a request (a NOTIFY after a commit).
   */
  run<T>(work: () => Promise<T>, isBounded = true): Promise<T> {
    if (isBounded && this.depth >= this.limits.maxDepth) return Promise.reject(busy());
    return new Promise<T>((resolve, reject) => {
      this.#jobs.push({ work, resolve: resolve as (value: unknown) => void, reject, queuedAt: this.now() });
      if (!this.#isRunning) {
        this.#isRunning = true;
        this.#next();
      }
    });
  }

  #next(): void {
    const job = this.#jobs[this.#head];
    if (!job) {
      this.#jobs.length = 0;
      this.#head = 0;
      this.#isRunning = false;
      return;
    }
    this.#jobs[this.#head++] = undefined as never;
    // Drop the run-through prefix now and then, so the array does not grow for ever under load.
    if (this.#head > 1024 && this.#head * 2 > this.#jobs.length) {
      this.#jobs.splice(0, this.#head);
      this.#head = 0;
    }
    const settle = () => void setImmediate(() => this.#next());
    if (this.now() - job.queuedAt > this.limits.maxWaitMs) {
      job.reject(busy());
      return settle();
    }
    let running: Promise<unknown>;
    try {
      running = job.work();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(job.resolve, job.reject).finally(settle);
  }
}

const busy = () => new AppError('unavailable', 'The server is busy; try again shortly', undefined, 1);
