import type { QueueCounts } from './api.ts';

/** Every event the admin components send up, by name: `bubbles` and `composed`, per STYLE §7. */
export type AdminEvents = {
  'parley-admin-announce': { message: string; isError?: boolean };
  'parley-admin-counts': { counts: QueueCounts };
  'parley-admin-changed': Record<string, never>;
  /** From the header to the shell. */
  'parley-admin-site': { slug: string };
  'parley-admin-help': Record<string, never>;
  'parley-admin-sign-out': Record<string, never>;
  /** Asks the shell to undo the moderator's last action (any screen). */
  'parley-admin-undo': Record<string, never>;
  'parley-admin-signed-in': { me: import('./api.ts').AdminMe };
  /** From a queue row to its queue. */
  'parley-admin-item-action': { id: number; action: import('./api.ts').ModerationAction };
  'parley-admin-item-select': { id: number; isSelected: boolean };
  'parley-admin-item-ban': { id: number };
  'parley-admin-item-focus': { id: number };
  /** From the queue toolbar to its queue. */
  'parley-admin-select-all': { isSelected: boolean };
  'parley-admin-bulk': { action: import('./api.ts').ModerationAction };
  'parley-admin-filter': { text: string };
  /** From the outbox to the Email screen: a mail changed state (its counts are stale). */
  'parley-admin-mail-changed': Record<string, never>;
  /** From the ban dialog to its owner. */
  'parley-admin-ban-confirm': { commentId: number; reason: string; days: number | null; email: boolean; ip: boolean; pendingComments: 'reject' | 'keep' };
};

export function emit<K extends keyof AdminEvents>(from: EventTarget, name: K, detail: AdminEvents[K]): void {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** Listens on `target` for one of our events, handing over its detail. */
export function on<K extends keyof AdminEvents>(target: EventTarget, name: K, listener: (detail: AdminEvents[K]) => void): void {
  target.addEventListener(name, ((e: CustomEvent<AdminEvents[K]>) => listener(e.detail)) as EventListener);
}

/** True when a key press belongs to a text field or a dialog, so single-letter shortcuts must not fire. */
export function isTypingTarget(event: KeyboardEvent): boolean {
  const path = event.composedPath();
  if (path.some((el) => el instanceof HTMLDialogElement)) return true;
  const target = path[0] as HTMLElement | undefined;
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}
