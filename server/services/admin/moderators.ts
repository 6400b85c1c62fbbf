import type { ModeratorUpdate, ModeratorView, NewModerator, NewModeratorResult } from '../../contract/accounts.ts';
import { AppError } from '../../errors.ts';
import { findModeratorById, insertModerator, listModerators, updateModerator, type ModeratorRow } from '../../store/moderators.ts';
import { deleteModeratorSessions } from '../../store/sessions.ts';
import { listSites } from '../../store/sites.ts';
import type { Services } from '../context.ts';
import { assertAdmin, type Actor } from './actor.ts';
import { newBatchId, recordAudit } from './audit.ts';
import { hashPassword } from './passwords.ts';
import { issueSignInToken, signInLink } from './sessions.ts';
import { toModeratorView } from './views.ts';

const auditView = (m: ModeratorRow) => ({ email: m.email, name: m.name, role: m.role, siteIds: m.siteIds, isDisabled: m.disabledAt !== null, isAlertedOfPending: m.isAlertedOfPending });

async function assertSitesExist(services: Services, siteIds: number[]) {
  const known = new Set((await listSites(services.database.db)).map((s) => s.id));
  if (siteIds.some((id) => !known.has(id))) throw new AppError('validation', 'No such site', 'siteIds');
}

export async function listAllModerators(services: Services, actor: Actor): Promise<ModeratorView[]> {
  assertAdmin(actor);
  return (await listModerators(services.database.db)).map(toModeratorView);
}

/** Creates an account; without a password it answers a one-time sign-in link to hand over. */
export async function addModerator(services: Services, actor: Actor | null, input: NewModerator): Promise<NewModeratorResult> {
  if (actor) assertAdmin(actor);
  await assertSitesExist(services, input.siteIds);
  const { database, clock } = services;
  const now = clock.now();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const moderator = await database.db.transaction(async (tx) => {
    const row = await insertModerator(tx, { email: input.email, name: input.name, role: input.role, siteIds: input.role === 'admin' ? [] : input.siteIds, passwordHash, createdAt: now });
    if (!row) throw new AppError('conflict', 'A moderator with this e-mail exists', 'email');
    if (actor) {
      await recordAudit(tx, actor, now, [{ siteId: null, action: 'moderator_add', targetType: 'moderator', targetId: String(row.id), batchId: newBatchId(), before: null, after: auditView(row) }]);
    }
    return row;
  });
  const link = passwordHash ? null : signInLink(services, await issueSignInToken(services, moderator.id));
  return { moderator: toModeratorView(moderator), signInLink: link };
}

/**
 * Admins edit accounts (a null actor: the CLI); nobody demotes or disables themselves, and the
 * last enabled admin stays one, so nobody can lock everyone out.
 */
export async function changeModerator(services: Services, actor: Actor | null, id: number, input: ModeratorUpdate): Promise<ModeratorView> {
  if (actor) assertAdmin(actor);
  if (actor && id === actor.moderator.id && (input.isDisabled === true || input.role === 'moderator')) {
    throw new AppError('conflict', 'You cannot demote or disable yourself', input.role ? 'role' : 'isDisabled');
  }
  if (input.siteIds) await assertSitesExist(services, input.siteIds);
  const { database, clock } = services;
  const now = clock.now();
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const after = await database.db.transaction(async (tx) => {
    const before = await findModeratorById(tx, id);
    if (!before) throw new AppError('not_found', 'No such moderator', 'id');
    const role = input.role ?? before.role;
    const losesAdmin = before.role === 'admin' && before.disabledAt === null && (role !== 'admin' || input.isDisabled === true);
    if (losesAdmin && (await listModerators(tx)).filter((m) => m.role === 'admin' && m.disabledAt === null).length <= 1) {
      throw new AppError('conflict', `${before.email} is the only active admin: make another admin first`, input.role ? 'role' : 'isDisabled');
    }
    const updated = (await updateModerator(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      role,
      siteIds: role === 'admin' ? [] : (input.siteIds ?? before.siteIds),
      ...(passwordHash ? { passwordHash } : {}),
      ...(input.isDisabled !== undefined ? { disabledAt: input.isDisabled ? (before.disabledAt ?? now) : null } : {}),
      ...(input.isAlertedOfPending !== undefined ? { isAlertedOfPending: input.isAlertedOfPending } : {}),
    }))!;
    if (updated.disabledAt !== null || passwordHash) await deleteModeratorSessions(tx, id);
    await recordAudit(tx, actor, now, [
      { siteId: null, action: 'moderator_update', targetType: 'moderator', targetId: String(id), batchId: newBatchId(), before: auditView(before), after: auditView(updated) },
    ]);
    return updated;
  });
  return toModeratorView(after);
}
