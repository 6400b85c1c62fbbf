import { pingDatabase } from '../store/db.ts';
import type { Services } from './context.ts';

export type Health = { status: 'ok' | 'unavailable'; database: 'postgres' | 'pglite' };

/** Whether this instance can serve: its database answers a round trip. */
export async function checkHealth(services: Services): Promise<Health> {
  const { database } = services;
  try {
    await pingDatabase(database);
    return { status: 'ok', database: database.kind };
  } catch {
    return { status: 'unavailable', database: database.kind };
  }
}
