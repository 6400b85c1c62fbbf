import type { CreatedComment, NewComment } from '../../contract/comment.ts';
import { AppError } from '../../errors.ts';
import { newCommentRow, writePost, type NewCommentFields, type PostWrite } from '../../store/comment-post.ts';
import type { PostRead } from '../../store/post-read.ts';
import { findActiveBans } from '../../store/bans.ts';
import { findComment, insertPlacedComment, type CommentRow } from '../../store/comments.ts';
import { ensurePage, updatePageInfo, type PageRow } from '../../store/pages.ts';
import { updateReaderProfile, type ReaderRow } from '../../store/readers.ts';
import type { RequestMeta, Services } from '../context.ts';
import type { ParleyEvent } from '../live/events.ts';
import { buildSnapshot, emailBanValue } from '../moderation/gather.ts';
import { runPipeline, type Decision } from '../moderation/pipeline.ts';
import { IP_SHARE, rateLimited } from '../moderation/phases/rate-limit.ts';
import { countRefusedAttempt, postRateKeys } from '../moderation/rate.ts';
import { hitRateLimits } from '../../store/rate-limits.ts';
import { askSpamChecker } from '../moderation/spam-checker.ts';
import type { KeepAnswer } from './idempotency.ts';
import { commentMailsSql, pendingAlertsSql } from '../notify/enqueue.ts';
import { enqueueNewCommentMail } from '../notify/new-comment.ts';
import { hashIp, sha256 } from '../readers/tokens.ts';
import { assertOriginAllowed } from '../sites/sites.ts';
import { countNewComment } from './comment-status.ts';
import { isPageClosed, toCommentView } from './comment-view.ts';
import { prepareBody } from './prepare-body.ts';

const unknownReader = () => new AppError('reader_unknown', 'This reader token is not known here; get a new one (POST /api/v1/readers)');

/**
 * A new comment or reply, named by the reader's bearer token. In the common case it costs two
 * statements: one read (the reader, page, parent, bans, recent comments and the rate-limit count)
 * and one write (comment, counters, outbox rows and the NOTIFY, atomically). A reply past the
 * deepest level, or one that asks to be notified of replies (a subscription with its own
 * confirmation mail), takes the general path: one transaction of several statements.
 */
export async function createComment(
  services: Services,
  token: string | undefined,
  input: NewComment,
  meta: RequestMeta,
  /** An Idempotency-Key's row, to keep the answer in the comment's own write. */
  keep: KeepAnswer | null = null,
): Promise<{ answer: CreatedComment; isKept: boolean }> {
  const { database, clock, config, sites } = services;
  if (!token) throw new AppError('reader_required', 'Sign in or get a guest token first (POST /api/v1/readers)');
  if (token.length > 200) throw unknownReader();
  const site = await sites.get(input.site);
  assertOriginAllowed(site, meta.origin, new URL(config.publicUrl).origin);
  const settings = site.resolved;
  const body = prepareBody(input.body, settings);
  const now = clock.now();
  const ipHash = hashIp(meta.ip, config.ipSalt);
  const guestEmail = input.author.email ? input.author.email.toLowerCase() : null;
  const rateKeys = postRateKeys(site.id, ipHash, now);

  const read = await services.postReads.call({
    tokenHash: sha256(token),
    siteId: site.id,
    pageKey: input.page,
    parentId: input.parentId ?? null,
    guestEmailBan: guestEmail ? emailBanValue(guestEmail) : null,
    ipHash,
    readerKeyPrefix: rateKeys.readerKeyPrefix,
    ipKey: rateKeys.ipKey,
    windowStart: rateKeys.windowStart,
    now,
  });
  const reader = read.reader;
  if (!reader) throw unknownReader();
  // Every attempt by a known reader counts, accepted or not (services/moderation/rate.ts): the
  // comment's write counts its own; one refused before it is counted here, before the answer.
  const limitKeys = { reader: `${rateKeys.readerKeyPrefix}${reader.id}`, ip: rateKeys.ipKey };
  const counted = { isCounted: false };
  try {
    return await judgeAndWrite(services, { input, meta, keep, site, body, now, ipHash, guestEmail, read, reader, limitKeys, rateKeys, counted });
  } catch (error) {
    if (!counted.isCounted) await countRefusedAttempt(database.db, limitKeys, rateKeys.windowStart).catch(() => {});
    throw error;
  }
}

type Attempt = {
  input: NewComment;
  meta: RequestMeta;
  keep: KeepAnswer | null;
  site: Awaited<ReturnType<Services['sites']['get']>>;
  body: ReturnType<typeof prepareBody>;
  now: Date;
  ipHash: string | null;
  guestEmail: string | null;
  read: PostRead;
  reader: ReaderRow;
  limitKeys: { reader: string; ip: string | null };
  rateKeys: ReturnType<typeof postRateKeys>;
  /** Set once the attempt is counted in the window. */
  counted: { isCounted: boolean };
};

/** The post once its attempt is counted: who posts, the moderation pipeline, then the write. */
async function judgeAndWrite(services: Services, attempt: Attempt): Promise<{ answer: CreatedComment; isKept: boolean }> {
  const { input, meta, keep, site, body, now, ipHash, guestEmail, read, reader, limitKeys, rateKeys } = attempt;
  const settings = site.resolved;
  const { database } = services;
  if (reader.siteId !== site.id) throw new AppError('unauthorized', 'This reader token belongs to another site');

  // A signed-in reader posts under the name and e-mail their site signed (POST /readers/sso): the
  // form's author fields are ignored, so nobody signed in can post as someone else. The site
  // vouches for them, so its name-length and e-mail rules are for guests only.
  const isSignedIn = reader.externalId !== null;
  const name = isSignedIn ? (reader.name ?? input.author.name) : input.author.name;
  if (!isSignedIn && name.length > settings.maxNameLength) throw new AppError('validation', `Name: at most ${settings.maxNameLength} characters`, 'author.name');
  const email = isSignedIn ? reader.email : guestEmail;
  if (!isSignedIn && settings.requireEmail && !email) throw new AppError('validation', 'E-mail: required on this site', 'author.email');
  // The tick asks for mail: with no address to send it to, say so rather than drop it silently.
  if (input.notifyReplies && !email) throw new AppError('validation', 'E-mail: needed to be notified of replies', 'author.email');

  const parent = read.parent;
  // A network call: asked before anything is written, never while a transaction holds locks.
  const externalSpam = await askSpamChecker(services.spamChecker, { body: body.markdown, authorName: name, email, ip: meta.ip, url: input.url ?? null });
  if (input.parentId && (!parent || !read.page || parent.pageId !== read.page.id || parent.status !== 'approved')) {
    throw new AppError('parent_not_found', 'The comment you reply to is not there any more', 'parentId');
  }
  // A page's first comment is judged as on a new page (open, not locked); the row is made only once
  // the comment passes, so a refused comment leaves nothing behind.
  const isClosed = read.page ? isPageClosed(read.page, settings, now) : false;

  const decision = runPipeline(
    buildSnapshot(
      {
        now,
        settings,
        isEdit: false,
        page: { isLocked: read.page?.isLocked ?? false, isClosed },
        reader,
        comment: {
          body: body.markdown,
          linkCount: body.linkCount,
          authorName: name,
          email,
          honeypot: input.honeypot,
          // The client's own measure from the first interaction with the form; `renderedAt` (the page
          // load, on a clock that may be off) told a quick reader they were a bot, so it is not used.
          elapsedMs: input.elapsedMs ?? null,
        },
        ipHash,
        // The stored counts and this attempt; the write checks the limits again as it counts.
        rate: { reader: read.rate.reader + 1, ip: read.rate.ip + 1, retryAfter: rateKeys.retryAfter },
        externalSpam,
      },
      await bansFor(services, read, reader, email, now),
      read.recent,
    ),
  );

  // Nearly every comment lands on a page that exists; the first one makes it.
  const page = read.page ?? (await ensurePage(database.db, { siteId: site.id, key: input.page, url: input.url, title: input.title }));
  const fields: PostFields = {
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
  };
  // Past the deepest level a reply joins an ancestor's level, as wpDiscuz does.
  const isTooDeep = parent !== null && parent.depth + 1 >= settings.maxDepth && parent.parentId !== null;
  const context: PostContext = {
    services,
    input,
    siteId: site.id,
    page,
    reader,
    name,
    email,
    isSignedIn,
    fields,
    now,
    pendingAlertMinutes: settings.pendingAlertMinutes,
    maxDepth: settings.maxDepth,
    rate: {
      keys: [
        { key: limitKeys.reader, limit: settings.rateLimitPerMinute },
        ...(limitKeys.ip ? [{ key: limitKeys.ip, limit: settings.rateLimitPerMinute * IP_SHARE }] : []),
      ],
      windowStart: rateKeys.windowStart,
    },
    counted: attempt.counted,
    retryAfter: rateKeys.retryAfter,
    hasSubscribers: read.hasSubscribers,
  };
  // The author is told which it is: published, waiting for a moderator, or held as spam. A
  // spammer learns no reasons, nothing that helps tune the next try.
  const answerFor = (row: CommentRow): CreatedComment => ({
    comment: toCommentView(row, 'author'),
    status: decision.status,
    reasons: decision.status === 'spam' ? [] : decision.reasons,
  });
  if (isTooDeep || input.notifyReplies) return { answer: answerFor(await postInTransaction(context)), isKept: false };
  return postInOneStatement(context, read.nextId, parent, answerFor, keep);
}

type PostFields = NewCommentFields & { status: Decision['status'] };

type PostContext = {
  services: Services;
  input: NewComment;
  siteId: number;
  page: PageRow;
  reader: ReaderRow;
  name: string;
  email: string | null;
  isSignedIn: boolean;
  fields: PostFields;
  now: Date;
  pendingAlertMinutes: number;
  maxDepth: number;
  rate: PostWrite['rate'];
  counted: { isCounted: boolean };
  hasSubscribers: boolean;
  retryAfter: number;
};

/**
 * The read matched bans by reader, IP and the form's address; a signed-in reader's address is their
 * stored one, which the database hashed itself. Should its hash ever differ from ours (an address
 * PostgreSQL lower-cases differently), that address is looked up on its own.
 */
async function bansFor(services: Services, read: PostRead, reader: ReaderRow, email: string | null, now: Date) {
  if (reader.externalId === null || !email || read.storedEmailBan === emailBanValue(email)) return read.bans;
  const more = await findActiveBans(services.database.db, reader.siteId, [{ kind: 'email', value: emailBanValue(email) }], now);
  return [...read.bans, ...more];
}

/** The common case: one statement writes everything, and carries the event to other instances. */
async function postInOneStatement(
  context: PostContext,
  id: number,
  parent: PostRead['parent'],
  answerFor: (row: CommentRow) => CreatedComment,
  keep: KeepAnswer | null,
): Promise<{ answer: CreatedComment; isKept: boolean }> {
  const { services, fields, reader, siteId, now } = context;
  const row = newCommentRow(fields, id, parent);
  const answer = answerFor(row);
  const event: Extract<ParleyEvent, { type: 'comment' }> = { type: 'comment', siteId, pageId: row.pageId, commentId: id, status: row.status };
  const mailed = { id, siteId, pageId: row.pageId, parentId: row.parentId, readerId: reader.id, authorEmail: context.email };
  const written = await writePost(services.writes, {
    row,
    parent: parent ? { id: parent.id, rootId: parent.rootId } : null,
    reader,
    profile: { name: context.name, email: context.email ?? reader.email },
    pageInfo: { url: context.input.url ?? null, title: context.input.title ?? null },
    mail:
      row.status === 'approved'
        ? context.hasSubscribers
          ? (when) => commentMailsSql(mailed, now, when)
          : null
        : row.status === 'pending'
          ? (when) => pendingAlertsSql(siteId, context.pendingAlertMinutes, now, when)
          : null,
    notify: services.events.notification(event),
    keep: keep ? { ...keep, status: 201, body: answer } : null,
    rate: context.rate,
  });
  context.counted.isCounted = true;
  if (written.isOverLimit) throw rateLimited(context.retryAfter);
  if (!written.isWritten) throw new AppError('parent_not_found', 'The comment you reply to is not there any more', 'parentId');
  services.events.publishLocal({ ...event, hasMail: row.status === 'pending' || written.mails > 0 });
  return { answer, isKept: written.isKept };
}

/** The general path: a transaction of several statements, for the deep reply and the reply subscription. */
async function postInTransaction(context: PostContext): Promise<CommentRow> {
  const { services, input, fields, reader, page, name, email, now } = context;
  // Counted on its own, before the transaction, so a busy key's row is not held for all of it.
  const counts = await hitRateLimits(services.database.db, context.rate.keys.map((k) => k.key), context.rate.windowStart);
  context.counted.isCounted = true;
  if (context.rate.keys.some((k) => Number(counts[k.key] ?? 0) > k.limit)) throw rateLimited(context.retryAfter);
  const created = await services.database.db.transaction(async (tx) => {
    // Locks are taken bottom-up (the comment, its ancestors, then the page), as votes and deletes do.
    let parent = input.parentId ? await findComment(tx, input.parentId) : undefined;
    if (input.parentId && (!parent || parent.pageId !== page.id || parent.status !== 'approved')) {
      throw new AppError('parent_not_found', 'The comment you reply to is not there any more', 'parentId');
    }
    while (parent && parent.depth + 1 >= context.maxDepth && parent.parentId !== null) {
      parent = await findComment(tx, parent.parentId);
    }
    const row = await insertPlacedComment(tx, parent, fields);
    await countNewComment(tx, row);
    // After the page's counters: every writer locks the page before the reader (trust counts), and
    // a profile update first deadlocked two posts by one reader (tests/server/database-outage.test.ts).
    if (name !== reader.name || (email && email !== reader.email)) {
      await updateReaderProfile(tx, reader.id, { name, email: email ?? reader.email });
    }
    await updatePageInfo(tx, page, { url: input.url, title: input.title });
    const hasMail = await enqueueNewCommentMail(tx, {
      comment: row,
      siteId: context.siteId,
      readerId: reader.id,
      email,
      isSignedIn: context.isSignedIn,
      notifyReplies: input.notifyReplies === true,
      pendingAlertMinutes: context.pendingAlertMinutes,
      secret: services.config.secret,
      now,
    });
    return { row, hasMail };
  });
  services.events.publish({ type: 'comment', siteId: context.siteId, pageId: page.id, commentId: created.row.id, status: created.row.status, hasMail: created.hasMail });
  return created.row;
}
