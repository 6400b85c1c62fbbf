import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export type ReceivedMail = { raw: string; parsed: ParsedMail; envelope: { from: string; to: string[] } };

/** How the sink answers: take mail, refuse it for now (4xx), be gone (connection refused), or stall mid-DATA. */
export type SinkMode = 'accept' | 'refuse' | 'down' | 'hang';

type SmtpError = Error & { responseCode?: number };
const smtpError = (code: number, text: string): SmtpError => Object.assign(new Error(text), { responseCode: code });

/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that parses what it receives with
 * `mailparser`. Its mode can be switched while tests run: `refuse` answers MAIL FROM with
 * `refusal` (a 4xx), `down` closes the port (ECONNREFUSED) and `accept` opens it again on the same
 * port, `hang` takes the message but never answers the DATA (a send stuck in flight).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** Every MAIL FROM the sink saw, accepted or not: counts attempts. */
  attempts = 0;
  refusal = { code: 451, text: '4.7.1 Greylisted, please try again later' };
  /** Addresses refused for good at RCPT TO (550), as a dead mailbox would be. */
  readonly deadAddresses = new Set<string>();
  /** With credentials set, AUTH is required and anything else gets `535 5.7.8 auth failed`. */
  credentials: { user: string; pass: string } | null = null;
  #mode: SinkMode = 'accept';
  #server: SMTPServer | null = null;
  #port = 0;
  #stalled: Array<() => void> = [];
  #openSessions = 0;
  readonly #closedSessions = new Set<string>();

  get port() {
    return this.#port;
  }

  get mode() {
    return this.#mode;
  }

  /** SMTP connections open now: 0 once a killed client's socket is gone. */
  get openSessions() {
    return this.#openSessions;
  }

  /** `smtp://127.0.0.1:<port>` for nodemailer, with the credentials if any. */
  url(auth?: { user: string; pass: string }): string {
    const creds = auth ?? this.credentials;
    return creds ? `smtp://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.pass)}@127.0.0.1:${this.#port}` : `smtp://127.0.0.1:${this.#port}`;
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await sink.#listen(0);
    return sink;
  }

  async setMode(mode: SinkMode): Promise<void> {
    if (mode === this.#mode) return;
    const wasDown = this.#mode === 'down';
    this.#mode = mode;
    if (mode !== 'hang') this.#releaseStalled();
    if (mode === 'down') await this.#close();
    else if (wasDown) await this.#listen(this.#port);
  }

  /** Mails received for `address` (To), in order. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.envelope.to.includes(address.toLowerCase()));
  }

  async stop(): Promise<void> {
    this.#releaseStalled();
    await this.#close();
  }

  #releaseStalled() {
    for (const release of this.#stalled.splice(0)) release();
  }

  #options(): SMTPServerOptions {
    return {
      logger: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      closeTimeout: 50,
      onConnect: (_session, callback) => {
        this.#openSessions++;
        callback();
      },
      onClose: (session) => {
        this.#openSessions--;
        this.#closedSessions.add(session.id);
      },
      onAuth: (auth, _session, callback) => {
        const c = this.credentials;
        if (c && auth.username === c.user && auth.password === c.pass) return callback(null, { user: auth.username });
        callback(smtpError(535, '5.7.8 auth failed'));
      },
      onMailFrom: (_address, session, callback) => {
        this.attempts++;
        if (this.credentials && !session.user) return callback(smtpError(530, '5.7.0 Authentication required'));
        if (this.#mode === 'refuse') return callback(smtpError(this.refusal.code, this.refusal.text));
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        if (this.deadAddresses.has(address.address.toLowerCase())) return callback(smtpError(550, '5.1.1 No such user here'));
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const finish = async () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            const parsed = await simpleParser(raw);
            this.received.push({
              raw,
              parsed,
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              },
            });
            callback(null, `Ok: queued as sink-${this.received.length}`);
          };
          // Hung: the client waits for an answer that comes only if the sink is switched back
          // (and then the message counts) or never (the client dies; the message never counts).
          if (this.#mode === 'hang') this.#stalled.push(() => !this.#closedSessions.has(session.id) && void finish());
          else void finish();
        });
      },
    };
  }

  async #listen(port: number): Promise<void> {
    const server = new SMTPServer(this.#options());
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#port = (server.server.address() as AddressInfo).port;
  }

  async #close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
