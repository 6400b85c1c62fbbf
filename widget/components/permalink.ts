import type { ThreadStore } from '../thread-store.ts';

const PERMALINK = /^#comment-(\d{1,15})$/;

/**
 * `#comment-123` in the address: the store loads whatever thread page and reply page hold the
 * comment and highlights it; `focus` scrolls to it and focuses it. Called on load and on every
 * hash change.
 */
export async function openPermalink(store: ThreadStore, focus: (id: number, block: ScrollLogicalPosition) => Promise<void>): Promise<void> {
  const id = Number(PERMALINK.exec(location.hash)?.[1] ?? NaN);
  if (!Number.isSafeInteger(id)) return;
  await store.run(async () => {
    if (await store.reveal(id)) await focus(id, 'center');
  });
}
