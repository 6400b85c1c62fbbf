import type { MeView } from '../../contract/comment.ts';
import { listReaderComments } from '../../store/comments.ts';
import { listPageFlags } from '../../store/flags.ts';
import { findPage } from '../../store/pages.ts';
import type { ReaderRow } from '../../store/readers.ts';
import { listPageVotes } from '../../store/votes.ts';
import { toCommentView } from '../comments/comment-view.ts';
import type { Services } from '../context.ts';
import { editDeadline } from '../comments/own-comment.ts';

const EMPTY: Omit<MeView, 'reader'> = { votes: {}, flagged: [], pending: [], editable: {}, sources: {} };

/** The viewer-specific part of a page, kept out of the cached thread. */
export async function getMe(services: Services, reader: ReaderRow | null, siteSlug: string, pageKey: string): Promise<MeView> {
  const site = await services.sites.get(siteSlug);
  if (!reader || reader.siteId !== site.id) return { reader: null, ...EMPTY };
  const me = { id: reader.id, name: reader.name, email: reader.email };
  const db = services.database.db;
  const page = await findPage(db, site.id, pageKey);
  if (!page) return { reader: me, ...EMPTY };
  const now = services.clock.now();
  const windowStart = new Date(now.getTime() - site.resolved.editWindowMinutes * 60_000);
  const [votes, flagged, held, recent] = await Promise.all([
    listPageVotes(db, reader.id, page.id),
    listPageFlags(db, reader.id, page.id),
    listReaderComments(db, reader.id, page.id, ['pending', 'spam']),
    listReaderComments(db, reader.id, page.id, ['pending', 'spam', 'approved'], windowStart),
  ]);
  return {
    reader: me,
    votes: Object.fromEntries(votes.map((v) => [String(v.commentId), v.value as 1 | -1])),
    flagged,
    // Held comments, each labelled truthfully (waiting for a moderator, or held as spam); the
    // reasons stay with the moderators.
    pending: held.map((c) => toCommentView(c, 'author')),
    editable: Object.fromEntries(recent.map((c) => [String(c.id), editDeadline(c, site.resolved).toISOString()])),
    sources: Object.fromEntries(recent.map((c) => [String(c.id), c.bodyMd])),
  };
}
