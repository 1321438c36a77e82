// Sends e-mail through SMTP_URL (nodemailer); without it the message is written to the server log,
// which is what development and the tests read.
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
