import type { Services } from '../services/context.ts';
import { claimJobRun, dropIpHashesBefore, dropRateWindowsBefore } from '../store/retention.ts';

const DAY_MS = 86_400_000;
/** How often the sweep may run, across all instances together. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

export type RetentionRun = { ran: boolean; ipHashes: number; rateWindows: number };

/**
 * Keeps nothing longer than needed: IP hashes older than `config.ipRetentionDays` go, and
 * rate-limit windows (whose keys carry IP hashes) once a day has passed. Every instance wakes up
 * and asks; one claims the hour's run (store/retention.ts), the others do nothing.
 */
export async function runRetention(services: Services): Promise<RetentionRun> {
  const now = services.clock.now();
  const db = services.database.db;
  if (!(await claimJobRun(db, 'ip-retention', now, RETENTION_INTERVAL_MS))) return { ran: false, ipHashes: 0, rateWindows: 0 };
  const ipHashes = await dropIpHashesBefore(db, new Date(now.getTime() - services.config.ipRetentionDays * DAY_MS));
  const rateWindows = await dropRateWindowsBefore(db, new Date(now.getTime() - DAY_MS));
  return { ran: true, ipHashes, rateWindows };
}

/** Wakes every `everyMs` (and once at start); returns a stop function. Errors are logged, never thrown. */
export function startRetention(services: Services, everyMs = 10 * 60 * 1000, log: (message: string, error?: unknown) => void = console.error): () => void {
  const tick = () => {
    runRetention(services).then(
      (r) => r.ran && (r.ipHashes || r.rateWindows) && log(`[parley] retention: dropped ${r.ipHashes} IP hashes, ${r.rateWindows} rate windows`),
      (error) => log('[parley] retention failed; next try later', error),
    );
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
