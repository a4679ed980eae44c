import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

const FROM = 'AI GYM <no-reply@aigym.local>';

/** Without SMTP, mail lands as JSON files in DATA_DIR/outbox so invitations and resets work on a laptop. */
export class OutboxMailer implements Mailer {
  constructor(readonly dir: string) {}

  async send(mail: Mail): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const createdAt = new Date().toISOString();
    const file = path.join(this.dir, `${createdAt.replaceAll(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.json`);
    await writeFile(file, JSON.stringify({ from: FROM, ...mail, createdAt }, null, 2), { mode: 0o600 });
  }
}

export class SmtpMailer implements Mailer {
  /** nodemailer is loaded only by a server that sends mail over SMTP. */
  private readonly transport: Promise<Transporter>;

  constructor(url: string) {
    this.transport = import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url));
  }

  async send(mail: Mail): Promise<void> {
    await (await this.transport).sendMail({ from: FROM, ...mail });
  }
}

const escapeHtml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * A plain message with one call-to-action link, as text and HTML. Every part comes in the mail's
 * language from server/lib/email-i18n.ts, the footer included (`t('footer')`).
 */
export function linkMail(to: string, subject: string, intro: string, label: string, link: string, footer: string): Mail {
  return {
    to,
    subject,
    text: `${intro}\n\n${label}: ${link}\n\n${footer}`,
    html: `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(label)}</a></p><p>${escapeHtml(footer)}</p>`,
  };
}

/** A plain message of one paragraph, as text and HTML. */
export function textMail(to: string, subject: string, text: string): Mail {
  return { to, subject, text, html: `<p>${escapeHtml(text)}</p>` };
}
