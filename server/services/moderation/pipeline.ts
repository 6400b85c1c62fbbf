import type { ModerationSnapshot } from './phase.ts';
import { phases as defaultPhases } from './phases/index.ts';

export type Decision = { status: 'approved' | 'pending' | 'spam'; reasons: string[] };

/** Runs the phases in order: a rejection throws, spam stops the run, holds add up their reasons. */
export function runPipeline(snapshot: ModerationSnapshot, phases = defaultPhases): Decision {
  const reasons: string[] = [];
  for (const phase of phases) {
    const result = phase(snapshot);
    if (result.kind === 'pass') continue;
    reasons.push(result.reason);
    if (result.status === 'spam') return { status: 'spam', reasons };
  }
  return { status: reasons.length ? 'pending' : 'approved', reasons };
}
