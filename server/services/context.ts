import type { Clock, Config } from '../config.ts';
import type { Lifecycle } from '../ops/lifecycle.ts';
import type { Logger } from '../ops/logger.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { Database } from '../store/db.ts';
import type { GroupCommit } from '../store/group-commit.ts';
import type { PostRead, PostReadInput } from '../store/post-read.ts';
import type { Batcher } from '../store/batcher.ts';
import type { EventBus } from './live/events.ts';
import type { Mailer } from './notify/mailer.ts';
import type { PageMemo } from './threads/page-memo.ts';
import type { SiteDirectory } from './sites/sites.ts';
import type { ThreadAnswer } from './threads/thread-answer.ts';
import type { ThreadCache } from './threads/thread-cache.ts';
import type { SpamChecker } from './moderation/spam-checker.ts';
import type { ImportJobs } from './migrate/import-jobs.ts';

/** What every service gets: built once by `createApp`, never a request. */
export type Services = {
  database: Database;
  /** The comment writes, batched into shared commits while one is in flight (store/group-commit.ts). */
  writes: GroupCommit;
  /** The posts' reads, one statement for the posts that reach it while one is in flight (store/batcher.ts). */
  postReads: Batcher<PostReadInput, PostRead>;
  clock: Clock;
  config: Config;
  events: EventBus;
  sites: SiteDirectory;
  /** Thread pages as the bytes of their JSON answer (and those bytes compressed). */
  threadCache: ThreadCache<ThreadAnswer>;
  pages: PageMemo;
  spamChecker: SpamChecker | null;
  /** SMTP, or the dev mailbox when none is configured. */
  mailer: Mailer;
  /** Admin-view uploads being imported (issue 14). */
  imports: ImportJobs;
  /** Operations: the logger, Prometheus metrics and the shutdown signal (server/ops/). */
  ops: { logger: Logger; metrics: Metrics; lifecycle: Lifecycle };
};

/** Where a request came from, as the route saw it. */
export type RequestMeta = { ip: string | null; origin: string | undefined };
