import { randomUUID } from 'node:crypto';
import type { AuditPage } from '../../contract/admin.ts';
import { insertAudit, listAudit, type NewAuditRow } from '../../store/audit-log.ts';
import type { Queryable } from '../../store/db.ts';
import type { Services } from '../context.ts';
import { decodeCursor, encodeCursor } from '../threads/cursor.ts';
import { scopeSites, type Actor } from './actor.ts';
import { toAuditEntry } from './views.ts';

export const newBatchId = () => randomUUID();

export type AuditRecord = Omit<NewAuditRow, 'moderatorId' | 'createdAt' | 'id'>;

/**
 * Every moderator action writes its rows in the action's own transaction. A null actor is the
 * operator at the server's console (the CLI): recorded with no moderator.
 */
export function recordAudit(db: Queryable, actor: Actor | null, now: Date, rows: AuditRecord[]) {
  return insertAudit(
    db,
    rows.map((r) => ({ ...r, moderatorId: actor?.moderator.id ?? null, createdAt: now })),
  );
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

export async function listAuditEntries(
  services: Services,
  actor: Actor,
  query: { site?: string | undefined; moderatorId?: number | undefined; cursor?: string | undefined; limit: number },
): Promise<AuditPage> {
  const { siteIds } = await scopeSites(services, actor, query.site);
  const beforeId = decodeCursor(query.cursor, isId) ?? undefined;
  const rows = await listAudit(services.database.db, { siteIds, moderatorId: query.moderatorId, beforeId }, query.limit + 1);
  const shown = rows.slice(0, query.limit);
  return { entries: shown.map(toAuditEntry), nextCursor: rows.length > query.limit ? encodeCursor(shown.at(-1)!.id) : null };
}
