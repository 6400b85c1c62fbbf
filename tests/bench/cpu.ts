import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU seconds spent over a window, split by who spent them: the server child, PostgreSQL's
 * processes, this bench process (autocannon) and the whole machine, read from /proc. On a shared
 * box whose speed drifts, CPU per request compares code where throughput alone cannot. Linux
 * only: elsewhere `cpuWindow` returns null and the bench prints no CPU figures.
 */
export type CpuSplit = { server: number; postgres: number; bench: number; machine: number; steal: number };

const TICK = 100; // USER_HZ on Linux

function processTicks(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

function postgresTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) ticks += processTicks(pid);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

function machineTicks(): { busy: number; steal: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number) as number[];
  return { busy: user! + nice! + system! + irq! + softirq!, steal: steal! };
}

/** Starts a window; the function it returns ends it. Null where /proc is not there. */
export function cpuWindow(serverPid: number): (() => CpuSplit) | null {
  try {
    readFileSync('/proc/stat');
  } catch {
    return null;
  }
  const start = { server: processTicks(serverPid), postgres: postgresTicks(), bench: process.cpuUsage(), machine: machineTicks() };
  return () => {
    const bench = process.cpuUsage(start.bench);
    const machine = machineTicks();
    return {
      server: (processTicks(serverPid) - start.server) / TICK,
      postgres: (postgresTicks() - start.postgres) / TICK,
      bench: (bench.user + bench.system) / 1e6,
      machine: (machine.busy - start.machine.busy) / TICK,
      steal: (machine.steal - start.machine.steal) / TICK,
    };
  };
}

/** "CPU per post: server 0.71 ms, PostgreSQL 0.52 ms, autocannon 0.20 ms, machine 1.50 ms". */
export function cpuNote(split: CpuSplit | undefined, requests: number): string {
  if (!split || requests <= 0) return '';
  const ms = (s: number) => ((1000 * s) / requests).toFixed(2);
  return `CPU per request: server ${ms(split.server)} ms, PostgreSQL ${ms(split.postgres)} ms, autocannon ${ms(split.bench)} ms, machine ${ms(split.machine)} ms${split.steal > 0.05 ? ` (steal ${split.steal.toFixed(1)} s)` : ''}`;
}
