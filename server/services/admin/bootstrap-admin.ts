import { countModerators } from '../../store/moderators.ts';
import type { Services } from '../context.ts';
import { addModerator } from './moderators.ts';

export type FirstAdmin = { email: string; signInLink: string | null };

export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

/**
 * On a database without moderators, creates the first admin: with the bootstrap credentials from
 * the config when the operator gave them, else `admin@localhost` and a one-time sign-in link to
 * print. Null when moderators exist already.
 */
export async function ensureFirstAdmin(services: Services): Promise<FirstAdmin | null> {
  if ((await countModerators(services.database.db)) > 0) return null;
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
