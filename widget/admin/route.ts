import type { QueueName } from './api.ts';

export type Screen = 'queue' | 'pages' | 'readers' | 'settings' | 'moderators' | 'audit' | 'import' | 'email';
export type Route = { screen: Screen; queue: QueueName; readerId?: number };

export const QUEUES: QueueName[] = ['pending', 'reported', 'spam', 'rejected', 'approved', 'all'];
export const SCREENS: Exclude<Screen, 'queue'>[] = ['pages', 'readers', 'settings', 'import', 'moderators', 'email', 'audit'];
/** Screens only admins see in the navigation (their API answers 403 to anyone else). */
export const ADMIN_SCREENS: ReadonlySet<Screen> = new Set(['moderators', 'email']);

/** `#/queue/spam`, `#/readers/12`, `#/settings`…; anything else is the Pending queue. */
export function parseRoute(hash: string): Route {
  const [screen, arg] = hash.replace(/^#\/?/, '').split('/');
  if (screen === 'queue' && QUEUES.includes(arg as QueueName)) return { screen: 'queue', queue: arg as QueueName };
  if (screen === 'readers' && arg && /^\d{1,12}$/.test(arg)) return { screen: 'readers', queue: 'pending', readerId: Number(arg) };
  if (SCREENS.includes(screen as Exclude<Screen, 'queue'>)) return { screen: screen as Screen, queue: 'pending' };
  return { screen: 'queue', queue: 'pending' };
}

export const routeHref = (route: { screen: Screen; queue?: QueueName; readerId?: number }): string =>
  route.screen === 'queue' ? `#/queue/${route.queue ?? 'pending'}` : route.readerId ? `#/${route.screen}/${route.readerId}` : `#/${route.screen}`;
