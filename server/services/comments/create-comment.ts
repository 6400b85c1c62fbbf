import type { CreatedComment, NewComment } from '../../contract/comment.ts';
import { AppError } from '../../errors.ts';
import { findComment, insertPlacedComment } from '../../store/comments.ts';
import { ensurePage, updatePageInfo } from '../../store/pages.ts';
import { updateReaderProfile, type ReaderRow } from '../../store/readers.ts';
import type { RequestMeta, Services } from '../context.ts';
import { countPostAttempt } from '../moderation/rate.ts';
import { askSpamChecker } from '../moderation/spam-checker.ts';
import { enqueueNewCommentMail } from '../notify/new-comment.ts';
import { hashIp } from '../readers/tokens.ts';
import { assertOriginAllowed } from '../sites/sites.ts';
import { countNewComment } from './comment-status.ts';
import { toCommentView } from './comment-view.ts';
import { moderateBody, prepareBody } from './prepare-body.ts';

export async function createComment(services: Services, reader: ReaderRow, input: NewComment, meta: RequestMeta): Promise<CreatedComment> {
  const { database, clock, config, sites, events } = services;
  const site = await sites.get(input.site);
  assertOriginAllowed(site, meta.origin, new URL(config.publicUrl).origin);
  if (reader.siteId !== site.id) throw new AppError('unauthorized', 'This reader token belongs to another site');
  const settings = site.resolved;
  const body = prepareBody(input.body, settings);
  // A signed-in reader posts under the name and e-mail their site signed (POST /readers/sso): the
  // form's author fields are ignored, so nobody signed in can post as someone else. The site
  // vouches for them, so its name-length and e-mail rules are for guests only.
  const isSignedIn = reader.externalId !== null;
  const name = isSignedIn ? (reader.name ?? input.author.name) : input.author.name;
  if (!isSignedIn && name.length > settings.maxNameLength) throw new AppError('validation', `Name: at most ${settings.maxNameLength} characters`, 'author.name');
  const email = isSignedIn ? reader.email : input.author.email ? input.author.email.toLowerCase() : null;
  if (!isSignedIn && settings.requireEmail && !email) throw new AppError('validation', 'E-mail: required on this site', 'author.email');

  const now = clock.now();
  const ipHash = hashIp(meta.ip, config.ipSalt);
  // A network call: asked before the transaction opens, never while it holds locks.
  const externalSpam = await askSpamChecker(services.spamChecker, { body: body.markdown, authorName: name, email, ip: meta.ip, url: input.url ?? null });
  // The attempt is counted by a commit of its own, overlapping the transaction where the database can.
  const rating = await database.runAhead(() => countPostAttempt(database.db, reader, ipHash, now));

  const created = await database.db.transaction(async (tx) => {
    // Locks are taken bottom-up (the comment, its ancestors, then the page), as votes and deletes do.
    const page = await ensurePage(tx, { siteId: site.id, key: input.page, url: input.url, title: input.title });
    let parent = input.parentId ? await findComment(tx, input.parentId) : undefined;
    if (input.parentId && (!parent || parent.pageId !== page.id || parent.status !== 'approved')) {
      throw new AppError('parent_not_found', 'The comment you reply to is not there any more', 'parentId');
    }
    // Past the deepest level a reply joins its parent's level, as wpDiscuz does.
    while (parent && parent.depth + 1 >= settings.maxDepth && parent.parentId !== null) {
      parent = await findComment(tx, parent.parentId);
    }

    const decision = await moderateBody(tx, {
      now,
      settings,
      isEdit: false,
      rate: await rating(),
      page,
      reader,
      body,
      author: { name, email },
      honeypot: input.honeypot,
      // The client's own measure from the first interaction with the form; `renderedAt` (the page
      // load, on a clock that may be off) told a quick reader they were a bot, so it is not used.
      elapsedMs: input.elapsedMs ?? null,
      ipHash,
      externalSpam,
    });

    const row = await insertPlacedComment(tx, parent, {
      pageId: page.id,
      readerId: reader.id,
      authorName: name,
      isGuest: !isSignedIn,
      bodyMd: body.markdown,
      bodyHtml: body.html,
      status: decision.status,
      isVisible: decision.status === 'approved',
      reasons: decision.reasons,
      // The page key was checked against the page by the contract; the row's page_id keeps it.
      anchor: input.anchor ? { exact: input.anchor.exact, prefix: input.anchor.prefix, suffix: input.anchor.suffix, start: input.anchor.start, end: input.anchor.end } : null,
      ipHash,
      createdAt: now,
    });
    await countNewComment(tx, row);
    // After the page's counters: every writer locks the page before the reader (trust counts), and
    // a profile update first deadlocked two posts by one reader (tests/server/database-outage.test.ts).
    if (name !== reader.name || (email && email !== reader.email)) {
      await updateReaderProfile(tx, reader.id, { name, email: email ?? reader.email });
    }
    await updatePageInfo(tx, page, { url: input.url, title: input.title });
    const hasMail = await enqueueNewCommentMail(tx, {
      comment: row,
      siteId: site.id,
      readerId: reader.id,
      email,
      isSignedIn,
      notifyReplies: input.notifyReplies === true,
      pendingAlertMinutes: settings.pendingAlertMinutes,
      secret: config.secret,
      now,
    });
    return { row, decision, pageId: page.id, hasMail };
  });

  events.publish({ type: 'comment', siteId: site.id, pageId: created.pageId, commentId: created.row.id, status: created.row.status, hasMail: created.hasMail });
  // The author is told which it is: published, waiting for a moderator, or held as spam. A
  // spammer learns no reasons, nothing that helps tune the next try.
  const isSpam = created.decision.status === 'spam';
  return {
    comment: toCommentView(created.row, 'author'),
    status: created.decision.status,
    reasons: isSpam ? [] : created.decision.reasons,
  };
}
