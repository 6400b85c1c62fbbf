import { randomBytes } from 'node:crypto';
import { insertPlacedComment, type CommentRow } from '../../store/comments.ts';
import { insertPageIfAbsent } from '../../store/pages.ts';
import { insertReader, updateReaderProfile } from '../../store/readers.ts';
import { findSiteBySlug } from '../../store/sites.ts';
import { countNewComment } from '../comments/comment-status.ts';
import { renderMarkdown } from '../comments/render-markdown.ts';
import type { Services } from '../context.ts';
import { sha256 } from '../readers/tokens.ts';

/** The demo article's page: embed.js keys a page by its path. */
export const DEMO_PAGE_KEY = '/';
export const DEMO_TITLE = 'Council approves riverside cycle path after two-year debate';

/**
 * The discussion the demo article's old comment section showed (routes/demo-article.ts), so the
 * first thing a newcomer sees is Parley working on it: four comments, one a reply.
 */
const SEED: Array<{ name: string; body: string; hoursAgo: number; replyTo?: number }> = [
  { name: 'Margaret H.', body: 'About time. I have cycled that stretch of Mill Road for twenty years and it has only ever got worse.', hoursAgo: 30 },
  { name: 'Dev Patel', body: 'Agreed, though the parking question on Quay Street is not settled at all.', hoursAgo: 27, replyTo: 0 },
  { name: 'Old Town Traders', body: 'Our members were not consulted on the loading bays. We will raise this at the next meeting.', hoursAgo: 20 },
  { name: 'J. Okafor', body: '£4.2m for two miles seems steep. What does the **maintenance** budget look like?', hoursAgo: 6 },
];

/**
 * Seeds the demo article's discussion once: only when its page does not exist yet, so a restart,
 * a second instance starting at the same moment, or a moderator who deleted the seed never
 * brings it back. Only the `demo` site, only its article.
 */
export async function ensureDemoDiscussion(services: Services): Promise<boolean> {
  const { database, clock, config } = services;
  const site = await findSiteBySlug(database.db, 'demo');
  if (!site) return false;
  const now = clock.now().getTime();
  return database.db.transaction(async (tx) => {
    const page = await insertPageIfAbsent(tx, { siteId: site.id, key: DEMO_PAGE_KEY, url: `${config.publicUrl}/`, title: DEMO_TITLE });
    if (!page) return false;
    const rows: CommentRow[] = [];
    for (const seed of SEED) {
      // A guest identity nobody holds the token of: the seeded authors cannot be impersonated.
      const reader = await insertReader(tx, site.id, sha256(randomBytes(32).toString('hex')));
      await updateReaderProfile(tx, reader.id, { name: seed.name, email: null });
      const parent = seed.replyTo === undefined ? undefined : rows[seed.replyTo];
      const rendered = renderMarkdown(seed.body);
      const row = await insertPlacedComment(tx, parent, {
        pageId: page.id,
        readerId: reader.id,
        authorName: seed.name,
        isGuest: true,
        bodyMd: seed.body,
        bodyHtml: rendered.html,
        status: 'approved',
        isVisible: true,
        reasons: [],
        anchor: null,
        ipHash: null,
        createdAt: new Date(now - seed.hoursAgo * 3_600_000),
      });
      await countNewComment(tx, row);
      rows.push(row);
    }
    return true;
  });
}
