import autocannon from 'autocannon';

export type LoadResult = { rps: number; p99: number; total: number; statuses: Record<string, number>; errors: number };

/** One bounded autocannon run: fixed connections, fixed seconds, loopback only. */
/** Connections per load run (the bench's figures are at this concurrency unless a run says otherwise). */
export const CONNECTIONS = 10;

export async function load(options: autocannon.Options): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+/.test(options.url as string)) throw new Error('bench targets loopback only');
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  const statuses: Record<string, number> = {};
  for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx'] as const) if (result[k]) statuses[k] = result[k];
  return { rps: result.requests.average, p99: result.latency.p99, total: result.requests.total, statuses, errors: result.errors + result.timeouts };
}

/** Seconds per run: `BENCH_SECONDS` to shorten a local try, 6 by default (a full bench stays under ~4 min). */
export const SECONDS = Math.min(30, Math.max(1, Number(process.env.BENCH_SECONDS ?? 6)));

/** A short note of what the statuses were, when any answer was not the expected one. */
export function statusNote(r: LoadResult, expected: '2xx' | '3xx'): string {
  const off = Object.entries(r.statuses).filter(([k]) => k !== expected);
  const parts = off.map(([k, n]) => `${n} × ${k}`);
  if (r.errors) parts.push(`${r.errors} errors`);
  return parts.join(', ');
}
