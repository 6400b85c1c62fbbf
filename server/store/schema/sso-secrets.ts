import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { sites } from './sites.ts';

// The key a site's own backend signs its users with (HMAC-SHA256). DESIGN §3 said "SSO secret hash"
// in site settings, but an HMAC key cannot be checked against a hash: verifying a signature needs
// the key itself. So it is kept as given, in a table of its own rather than in `sites.settings`,
// which the admin settings API, the audit log's before/after and the site cache all read whole:
// here no `select … from sites` can carry it anywhere by accident.
export const siteSsoSecrets = pgTable('site_sso_secrets', {
  siteId: integer('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  secret: text('secret').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
