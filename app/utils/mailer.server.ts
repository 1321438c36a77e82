// Sends e-mail through SMTP_URL (nodemailer); without it the message is written to the server log.
// MAIL_OUTBOX_DIR (for development and tests) also drops each message there as a JSON file, like a
// mail server's pickup directory, so that a test can follow a link from an e-mail.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";

export type Mail = { to: string; subject: string; text: string };

const state = globalThis as unknown as { __mailTransport?: Transporter | null; __sentMail?: Mail[] };

function transport(): Transporter | null {
  if (state.__mailTransport === undefined) {
    const url = process.env.SMTP_URL;
    state.__mailTransport = url ? nodemailer.createTransport(url) : null;
  }
  return state.__mailTransport;
}

export async function sendMail(mail: Mail) {
  const outbox = process.env.MAIL_OUTBOX_DIR;
  if (outbox) {
    fs.mkdirSync(outbox, { recursive: true });
    const name = `${Date.now()}-${crypto.randomBytes(4).toString("hex")}.json`;
    fs.writeFileSync(path.join(outbox, name), JSON.stringify({ ...mail, sentAt: new Date().toISOString() }));
  }
  const smtp = transport();
  if (!smtp) {
    console.log(`[mail] to ${mail.to}: ${mail.subject}\n${mail.text}\n[/mail]`);
    (state.__sentMail ??= []).push(mail);
    return;
  }
  try {
    await smtp.sendMail({ from: process.env.MAIL_FROM ?? "Samskapa Borås <noreply@samskapa.invalid>", ...mail });
  } catch (error) {
    // A failed e-mail must not fail the request (nor tell whether the address exists).
    console.error(`[mail] could not send to ${mail.to}:`, error);
  }
}

/** For tests: what was "sent" without SMTP. */
export function sentMail(): Mail[] {
  return state.__sentMail ?? [];
}
