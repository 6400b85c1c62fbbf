import { migrationState, pingDatabase } from '../store/db.ts';
import type { Services } from './context.ts';

type Kind = Services['database']['kind'];
export type Health = { status: 'ok' | 'unavailable'; database: Kind };
export type Readiness =
  | { status: 'ready' | 'unavailable'; database: Kind }
  | { status: 'stopping' }
  | { status: 'migrating'; migrations: { expected: number; applied: number } };

/** Whether this process is up and its database answers a round trip. */
export async function checkHealth(services: Services): Promise<Health> {
  const { database } = services;
  try {
    await pingDatabase(database);
    return { status: 'ok', database: database.kind };
  } catch {
    return { status: 'unavailable', database: database.kind };
  }
}

/**
 * Whether this process should get traffic: not shutting down, every migration applied, and the
 * database answering. Once the migrations are seen applied they are not asked again.
 */
export function readinessCheck(services: Services): () => Promise<Readiness> {
  const { database } = services;
  let migrated = false;
  return async () => {
    if (services.ops.lifecycle.isStopping) return { status: 'stopping' };
    try {
      if (!migrated) {
        const state = await migrationState(database);
        if (state.applied < state.expected) return { status: 'migrating', migrations: state };
        migrated = true; // once applied, they stay applied for this process's code
      }
      await pingDatabase(database);
      return { status: 'ready', database: database.kind };
    } catch {
      return { status: 'unavailable', database: database.kind };
    }
  };
}
