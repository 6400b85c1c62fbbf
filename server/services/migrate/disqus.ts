import type { CommentStatus } from '../../contract/comment.ts';
import { cleanBody, cleanEmail, cleanLine, cleanUrl, pageKeyOf, type SourceComment, type SourcePage } from './source.ts';
import { FIELD_CAP } from './wxr.ts';
import type { XmlReader } from './xml-stream.ts';

const THREAD_FIELDS = new Set(['link', 'title', 'isClosed', 'isDeleted']);
const POST_FIELDS = new Set(['message', 'createdAt', 'isDeleted', 'isSpam', 'isApproved']);
const AUTHOR_FIELDS = new Set(['name', 'email', 'username', 'link']);

type Thread = { id: string; fields: Record<string, string> };
type Post = { id: string; threadId: string | null; parentId: string | null; fields: Record<string, string>; author: Record<string, string> };

export function parseIsoDate(value: string | undefined): Date | null {
  const text = (value ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return null;
  const date = new Date(/Z|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Disqus XML export: every `<thread>` first, then every `<post>` naming its thread and parent by
 * `dsq:id`. Posts of one thread are scattered through the file, so they are grouped in memory and
 * the pages handed over at the end: memory grows with the number of posts (WXR stays per post).
 */
export class DisqusReader implements XmlReader<SourcePage> {
  #stack: string[] = [];
  #field: string | null = null;
  #text = '';
  #thread: Thread | null = null;
  #post: Post | null = null;
  #inAuthor = false;
  #threads = new Map<string, Record<string, string>>();
  #posts = new Map<string, SourceComment[]>();
  #orphans: SourcePage['skipped'] = [];

  open(name: string, attributes: Record<string, string>): void {
    const parent = this.#stack.at(-1);
    this.#stack.push(name);
    const dsqId = cleanLine(attributes['dsq:id'] ?? '', 40);
    if (this.#stack.length === 2 && name === 'thread') {
      this.#thread = { id: dsqId, fields: {} };
    } else if (this.#stack.length === 2 && name === 'post') {
      this.#post = { id: dsqId, threadId: null, parentId: null, fields: {}, author: {} };
    } else if (this.#post && parent === 'post' && name === 'thread') {
      this.#post.threadId = dsqId || null;
    } else if (this.#post && parent === 'post' && name === 'parent') {
      this.#post.parentId = dsqId || null;
    } else if (this.#post && parent === 'post' && name === 'author') {
      this.#inAuthor = true;
    } else if (
      (this.#thread && parent === 'thread' && THREAD_FIELDS.has(name)) ||
      (this.#post && parent === 'post' && POST_FIELDS.has(name)) ||
      (this.#inAuthor && parent === 'author' && AUTHOR_FIELDS.has(name))
    ) {
      this.#field = name;
      this.#text = '';
    }
  }

  text(text: string): void {
    if (this.#field !== null && this.#text.length < FIELD_CAP) this.#text += text.slice(0, FIELD_CAP + 1 - this.#text.length);
  }

  close(name: string): void {
    this.#stack.pop();
    if (this.#field === name) {
      const target = this.#inAuthor ? this.#post!.author : (this.#post?.fields ?? this.#thread?.fields);
      if (target) target[name] = this.#text;
      this.#field = null;
      return;
    }
    if (name === 'author' && this.#inAuthor) this.#inAuthor = false;
    else if (name === 'thread' && this.#thread && this.#stack.length === 1) {
      this.#threads.set(this.#thread.id, this.#thread.fields);
      this.#thread = null;
    } else if (name === 'post' && this.#post && this.#stack.length === 1) {
      this.#addPost(this.#post);
      this.#post = null;
    }
  }

  take(): SourcePage[] {
    return [];
  }

  finish(): SourcePage[] {
    const pages: SourcePage[] = [];
    for (const [threadId, comments] of this.#posts) {
      const thread = this.#threads.get(threadId);
      if (!thread) {
        for (const c of comments) this.#orphans.push({ id: c.sourceId, reason: 'missing_thread' });
        continue;
      }
      const link = cleanUrl(thread.link);
      pages.push({
        sourceId: `disqus:thread:${threadId}`,
        key: pageKeyOf(link) ?? '',
        url: link,
        title: cleanLine(thread.title ?? '', 300) || null,
        isLocked: thread.isClosed?.trim() === 'true' ? true : undefined,
        comments,
        skipped: [],
      });
    }
    // Posts whose thread is missing still appear in the report, on a page of their own that is never written.
    if (this.#orphans.length) pages.push({ sourceId: 'disqus:missing-threads', key: '', url: null, title: null, comments: [], skipped: this.#orphans });
    return pages;
  }

  #addPost(post: Post): void {
    const f = post.fields;
    const status: CommentStatus =
      f.isSpam?.trim() === 'true' ? 'spam' : f.isDeleted?.trim() === 'true' ? 'deleted' : f.isApproved?.trim() === 'false' ? 'pending' : 'approved';
    const comment: SourceComment = {
      sourceId: `disqus:post:${post.id}`,
      parentSourceId: post.parentId ? `disqus:post:${post.parentId}` : null,
      author: {
        name: cleanLine(post.author.name || post.author.username || '', 100),
        email: cleanEmail(post.author.email),
        url: cleanUrl(post.author.link),
      },
      createdAt: parseIsoDate(f.createdAt),
      status,
      body: cleanBody(f.message ?? ''),
      isPlainText: false,
    };
    const threadId = post.threadId ?? '';
    const list = this.#posts.get(threadId);
    if (list) list.push(comment);
    else this.#posts.set(threadId, [comment]);
  }
}
