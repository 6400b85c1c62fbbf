import type { StoredMessage } from '../../store/schema/outbox.ts';

export type OutgoingMail = StoredMessage;

/** What the SMTP server answered when it took the message (`250 2.0.0 Ok: queued as …`). */
export type SendResult = { response: string };

/**
 * Where mail goes. `smtp`: a real server; `dev`: no SMTP configured, so the outbox keeps each
 * message for the admin's dev mailbox instead of losing it.
 */
export type Mailer = {
  readonly kind: 'smtp' | 'dev';
  /** For the admin screen and start-up output: host and port, never a password. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<SendResult>;
  close?(): void;
};

/**
 * A failed send, with the server's own words: `451 4.7.1 Try again later`, `535 5.7.8 auth failed`,
 * `connect ECONNREFUSED 127.0.0.1:2525`. `isAddressRefused`: the server refused the recipient for
 * good (5xx to RCPT TO), so retrying cannot help and the address is recorded as bounced.
 */
export class MailError extends Error {
  constructor(
    message: string,
    readonly isAddressRefused: boolean,
    readonly responseCode: number | null,
  ) {
    super(message);
    this.name = 'MailError';
  }
}

export const devMailbox: Mailer = {
  kind: 'dev',
  description: 'no SMTP configured: mails are kept in the dev mailbox (admin → Email)',
  send: async () => ({ response: 'kept in the dev mailbox' }),
};
