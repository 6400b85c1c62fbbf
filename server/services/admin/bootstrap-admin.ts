import { countModerators, findModeratorByEmail } from '../../store/moderators.ts';
import type { Services } from '../context.ts';
import { addModerator } from './moderators.ts';
import { issueSignInToken, signInLink } from './sessions.ts';

export type FirstAdmin = { email: string; signInLink: string | null };

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/**
 * On a database without moderators, creates the first admin: with the bootstrap credentials from
 * the config when the operator gave them, else `admin@localhost` and a one-time sign-in link to
 * print. While that default admin still has no password, each start prints a fresh link (the
 * first one may have scrolled away). Null when there is nothing to say.
 */
export async function ensureFirstAdmin(services: Services): Promise<FirstAdmin | null> {
  if ((await countModerators(services.database.db)) > 0) {
    const first = await findModeratorByEmail(services.database.db, DEFAULT_ADMIN_EMAIL);
    if (!first || first.passwordHash !== null || first.disabledAt !== null) return null;
    return { email: first.email, signInLink: signInLink(services, await issueSignInToken(services, first.id)) };
  }
  const given = services.config.bootstrapAdmin;
  const email = given?.email ?? DEFAULT_ADMIN_EMAIL;
  try {
    const { signInLink } = await addModerator(services, null, {
      email,
      name: 'Admin',
      role: 'admin',
      siteIds: [],
      ...(given ? { password: given.password } : {}),
    });
    return { email, signInLink };
  } catch {
    // Another instance starting at the same moment created it first.
    return null;
  }
}
