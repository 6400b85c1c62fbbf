import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';

export type LinkPurpose = 'confirm' | 'unsubscribe';

/**
 * The token in a confirm or unsubscribe link: an HMAC of the subscription id under the server
 * secret. Derived, not stored, so a mail rendered by any instance at any time carries a working
 * link, and the fan-out of one comment to many subscribers stays a single INSERT … SELECT.
 */
export function linkToken(secret: string, purpose: LinkPurpose, subscriptionId: number): string {
  return createHmac('sha256', secret).update(`${purpose}:${subscriptionId}`).digest('base64url').slice(0, 32);
}

export function isLinkToken(secret: string, purpose: LinkPurpose, subscriptionId: number, token: string): boolean {
  const expected = Buffer.from(linkToken(secret, purpose, subscriptionId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const link = (config: Config, path: string, purpose: LinkPurpose, id: number) =>
  `${config.publicUrl}/api/v1/${path}?s=${id}&t=${linkToken(config.secret, purpose, id)}`;

export const confirmUrl = (config: Config, id: number) => link(config, 'subscriptions/confirm', 'confirm', id);
export const unsubscribeUrl = (config: Config, id: number) => link(config, 'unsubscribe', 'unsubscribe', id);
