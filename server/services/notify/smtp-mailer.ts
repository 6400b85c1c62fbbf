import nodemailer from 'nodemailer';
import { MailError, type Mailer } from './mailer.ts';

type NodemailerError = Error & { code?: string; response?: string; responseCode?: number; command?: string; rejectedErrors?: NodemailerError[] };

/** The SMTP server's answer if it gave one, else the socket or TLS error as Node tells it. */
export function describeSmtpError(error: unknown): MailError {
  const e = error as NodemailerError;
  const inner = e.rejectedErrors?.[0] ?? e;
  const text = (inner.response ?? e.response ?? e.message ?? String(error)).replace(/[\r\n]+/g, ' ').trim();
  const code = inner.responseCode ?? e.responseCode ?? null;
  const isAddressRefused = code !== null && code >= 500 && (e.code === 'EENVELOPE' || inner.command === 'RCPT TO');
  return new MailError(text, isAddressRefused, code);
}

/**
 * Nodemailer over one SMTP URL (`smtp://user:pass@host:587`, `smtps://…`). Timeouts are short:
 * a worker waiting on a dead server holds a lease, and the lease is what lets another instance retry.
 */
export function smtpMailer(url: string, options: { timeoutMs?: number } = {}): Mailer {
  const parsed = new URL(url);
  const timeout = options.timeoutMs ?? 20_000;
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    disableFileAccess: true,
    disableUrlAccess: true,
  } as nodemailer.TransportOptions);
  return {
    kind: 'smtp',
    description: `${parsed.protocol}//${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)}`,
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
        });
        return { response: String(info.response ?? '') };
      } catch (error) {
        throw describeSmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}
