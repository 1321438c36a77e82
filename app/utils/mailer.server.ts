// Delivers one e-mail through SMTP_URL (nodemailer); without it the message is written to the
// server log. MAIL_OUTBOX_DIR (for development and tests) also drops each message there as a JSON
// file, like a mail server's pickup directory, so that a test can follow a link from an e-mail.
// Only the outbox worker (services/mail-outbox.server.ts) calls this: requests queue mail, they
// never wait for SMTP.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";

export type Mail = { to: string; subject: string; text: string };

const state = globalThis as unknown as { __mailTransport?: Transporter | null };

function transport(): Transporter | null {
  if (state.__mailTransport === undefined) {
    const url = process.env.SMTP_URL;
    state.__mailTransport = url ? nodemailer.createTransport(url) : null;
  }
  return state.__mailTransport;
}

/** Sends one message now; throws when the SMTP server refuses it (the worker then retries). */
export async function deliverMail(mail: Mail): Promise<void> {
  const smtp = transport();
  if (smtp) {
    await smtp.sendMail({
      from: process.env.MAIL_FROM ?? "Samskapa Borås <noreply@samskapa.invalid>",
      ...mail,
    });
  } else {
    console.log(`[mail] to ${mail.to}: ${mail.subject}\n${mail.text}\n[/mail]`);
  }
  const outbox = process.env.MAIL_OUTBOX_DIR;
  if (outbox) {
    fs.mkdirSync(outbox, { recursive: true });
    const name = `${Date.now()}-${crypto.randomBytes(4).toString("hex")}.json`;
    // Written aside and renamed: whoever watches the directory never reads half a file.
    const file = path.join(outbox, name);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...mail, sentAt: new Date().toISOString() }));
    fs.renameSync(`${file}.tmp`, file);
  }
}
