import { randomUUID } from 'node:crypto';
import type { Clock } from '../config.ts';
import type { Services } from '../services/context.ts';
import { composeMail } from '../services/notify/compose.ts';
import { MailError, type Mailer } from '../services/notify/mailer.ts';
import type { Database } from '../store/db.ts';
import { claimDueRows, finishRow, rescheduleRow, type OutboxRow } from '../store/outbox.ts';
import { markAddressBounced } from '../store/subscriptions.ts';

export type OutboxOptions = {
  /** How often an idle worker looks for due rows; a committed change wakes it sooner. */
  pollMs: number;
  /** How long a claimed row is ours; past it another instance may take it (we died mid-send). */
  leaseMs: number;
  batchSize: number;
  /** Attempts before a row is marked failed with the server's last answer. */
  maxAttempts: number;
  /** Back-off before attempt n+1: base·2^(n-1), capped, with jitter (half fixed, half random). */
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  clock?: Clock;
};

export const defaultOutboxOptions: OutboxOptions = {
  pollMs: 2_000,
  // Longer than any one send can take (three SMTP timeouts of 20 s), so a live worker keeps its rows.
  leaseMs: 5 * 60_000,
  batchSize: 20,
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  random: Math.random,
};

/** Exponential back-off with "equal jitter": never sooner than half the step, so a herd spreads without retrying at once. */
export function backoffMs(attempt: number, options: Pick<OutboxOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (step / 2) * options.random());
}

/**
 * The outbox sender, one per instance. Claims due rows under a lease (FOR UPDATE SKIP LOCKED, so
 * any number of instances drain one table without sending a row twice), renders each mail from
 * the current rows, sends it, and records the outcome: sent with the server's `250 …`, kept in
 * the dev mailbox, retried later with back-off, or failed with the server's own answer.
 */
export class OutboxWorker {
  readonly options: OutboxOptions;
  readonly #services: Services;
  readonly #database: Database;
  readonly #clock: Clock;
  #isRunning = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #pendingWake = false;
  #unsubscribe: (() => void) | null = null;

  constructor(
    services: Services,
    readonly mailer: Mailer,
    options: Partial<OutboxOptions> = {},
  ) {
    this.#services = services;
    this.#database = services.database;
    this.options = { ...defaultOutboxOptions, ...options };
    this.#clock = this.options.clock ?? services.clock;
  }

  start(): void {
    if (this.#isRunning) return;
    this.#isRunning = true;
    // A comment, an approval or a subscription on any instance may have written rows: look now.
    this.#unsubscribe = this.#services.events.subscribe((e) => {
      if ((e.type === 'comment' && e.hasMail !== false) || e.type === 'status' || e.type === 'outbox') this.wake();
    });
    this.#loop = this.#run();
  }

  /** Stops claiming; a send in flight finishes (or its lease simply expires). */
  async stop(): Promise<void> {
    this.#isRunning = false;
    this.#unsubscribe?.();
    this.wake();
    await this.#loop;
    this.#loop = null;
  }

  wake(): void {
    this.#pendingWake = true;
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (this.#isRunning) {
      this.#pendingWake = false;
      let claimed = 0;
      try {
        claimed = await this.drainOnce();
      } catch (error) {
        // The database is away: rows stay queued, try again after a pause.
        if (this.#isRunning) console.error('[parley] outbox:', (error as Error).message);
      }
      if (claimed > 0 || !this.#isRunning || this.#pendingWake) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        timer.unref?.();
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  /** One claim and the sends it took; returns how many rows were claimed. */
  async drainOnce(): Promise<number> {
    const now = this.#clock.now();
    const lease = { id: randomUUID(), until: new Date(now.getTime() + this.options.leaseMs) };
    const rows = await claimDueRows(this.#database.db, now, lease, this.options.batchSize);
    for (const row of rows) await this.#deliver(row, lease.id);
    return rows.length;
  }

  async #deliver(row: OutboxRow, leaseId: string): Promise<void> {
    const db = this.#database.db;
    const composed = await composeMail(this.#services, row);
    if ('cancel' in composed) {
      await finishRow(db, row.id, leaseId, { status: 'cancelled', response: composed.cancel, now: this.#clock.now() });
      return;
    }
    try {
      const result = await this.mailer.send(composed.mail);
      const isKept = this.mailer.kind === 'dev';
      await finishRow(db, row.id, leaseId, {
        status: isKept ? 'kept' : 'sent',
        response: result.response,
        error: null,
        message: composed.mail,
        now: this.#clock.now(),
      });
    } catch (error) {
      const failure = error instanceof MailError ? error : new MailError((error as Error).message ?? String(error), false, null);
      const now = this.#clock.now();
      if (failure.isAddressRefused || row.attempts >= this.options.maxAttempts) {
        await finishRow(db, row.id, leaseId, { status: 'failed', error: failure.message, message: composed.mail, now });
        if (failure.isAddressRefused && row.recipient) await markAddressBounced(db, row.recipient, failure.message, now);
        return;
      }
      await rescheduleRow(db, row.id, leaseId, new Date(now.getTime() + backoffMs(row.attempts, this.options)), failure.message);
    }
  }
}
