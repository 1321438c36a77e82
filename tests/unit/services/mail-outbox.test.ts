// The e-mail outbox: queued in a request, sent by the worker, retried with backoff, kept across a restart.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { outboxRows } from "~/models/mail-outbox.server";
import {
  deliverDueMail,
  MAX_ATTEMPTS,
  queueMail,
  queueMailToUsers,
  retryDelayMs,
  startMailWorker,
} from "~/services/mail-outbox.server";
import { emailPeople } from "~/services/notify.server";
import { getDb } from "~/utils/db.server";
import { deliverMail, type Mail } from "~/utils/mailer.server";
import { action as forgotPassword } from "~/routes/forgot-password";
import { makeUser } from "../helpers";

function clearOutbox() {
  getDb().prepare("DELETE FROM mail_outbox").run();
}

async function until(check: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let stopWorker: (() => void) | undefined;
afterEach(() => {
  stopWorker?.();
  stopWorker = undefined;
  clearOutbox();
  vi.restoreAllMocks();
  delete process.env.MAIL_OUTBOX_DIR;
  delete process.env.SMTP_URL;
});

describe("the mail outbox", () => {
  it("queues without sending: nothing leaves during the request", () => {
    const deliver = vi.fn(async () => {});
    queueMail({ to: "a@example.se", subject: "Hej", text: "Länk: http://x/reset?token=t" });
    expect(deliver).not.toHaveBeenCalled();
    expect(outboxRows()).toMatchObject([{ to: "a@example.se", status: "pending", attempts: 0 }]);
  });

  it("retries a failing message with exponential backoff, then sends it and forgets its text", async () => {
    let clock = new Date("2026-12-01T10:00:00.000Z");
    const now = () => clock;
    const refusals = ["421 try later", "451 greylisted"];
    const delivered: Mail[] = [];
    const deliver = vi.fn(async (mail: Mail) => {
      const refusal = refusals.shift();
      if (refusal) throw new Error(refusal);
      delivered.push(mail);
    });
    getDb()
      .prepare(
        "INSERT INTO mail_outbox (to_address, subject, body, next_attempt_at) VALUES (?, ?, ?, ?)",
      )
      .run(
        "b@example.se",
        "Återställ",
        "https://samskapa.example/reset-password?token=secret",
        clock.toISOString(),
      );

    expect(await deliverDueMail({ now, deliver })).toEqual({ sent: 0, retried: 1, failed: 0 });
    let [row] = outboxRows();
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "421 try later" });
    expect(Date.parse(row.nextAttemptAt) - clock.getTime()).toBe(30_000);

    // Not due yet: nothing is tried before its time.
    clock = new Date(clock.getTime() + 29_000);
    expect(await deliverDueMail({ now, deliver })).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(deliver).toHaveBeenCalledTimes(1);

    clock = new Date(clock.getTime() + 1_000);
    expect(await deliverDueMail({ now, deliver })).toEqual({ sent: 0, retried: 1, failed: 0 });
    [row] = outboxRows();
    expect(row.attempts).toBe(2);
    expect(
      Date.parse(row.nextAttemptAt) - clock.getTime(),
      "the second wait is twice the first",
    ).toBe(60_000);

    clock = new Date(clock.getTime() + 60_000);
    expect(await deliverDueMail({ now, deliver })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(delivered).toEqual([
      {
        to: "b@example.se",
        subject: "Återställ",
        text: "https://samskapa.example/reset-password?token=secret",
      },
    ]);
    [row] = outboxRows();
    expect(row).toMatchObject({ status: "sent", attempts: 3, to: "", text: "" });

    // Sent is sent: a later round does not send it again.
    clock = new Date(clock.getTime() + 3_600_000);
    expect(await deliverDueMail({ now, deliver })).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it("gives a message up after the last attempt, without its text", async () => {
    let clock = new Date("2026-12-01T10:00:00.000Z");
    const deliver = vi.fn(async () => {
      throw new Error("550 no such mailbox");
    });
    vi.spyOn(console, "error").mockImplementation(() => {});
    queueMail({ to: "c@example.se", subject: "S", text: "T" });
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      clock = new Date(Date.now() + 48 * 3_600_000 * attempt);
      await deliverDueMail({ now: () => clock, deliver });
    }
    expect(deliver).toHaveBeenCalledTimes(MAX_ATTEMPTS);
    expect(outboxRows()).toMatchObject([
      {
        status: "failed",
        attempts: MAX_ATTEMPTS,
        to: "",
        text: "",
        lastError: "550 no such mailbox",
      },
    ]);
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it("sends after a restart what was queued before it, and new mail at once", async () => {
    const delivered: string[] = [];
    const deliver = async (mail: Mail) => void delivered.push(mail.to);
    // Queued while no worker runs (the process stopped before sending).
    queueMail(
      { to: "d@example.se", subject: "1", text: "1" },
      { to: "e@example.se", subject: "2", text: "2" },
    );
    expect(delivered).toEqual([]);
    // "Restart": a new worker with a long poll interval still picks them up at start.
    stopWorker = startMailWorker({ intervalMs: 60_000, deliver });
    await until(() => delivered.length === 2);
    expect(delivered).toEqual(["d@example.se", "e@example.se"]);
    // New mail is poked through at once, not at the next poll a minute later.
    queueMail({ to: "f@example.se", subject: "3", text: "3" });
    await until(() => delivered.length === 3);
    expect(outboxRows().map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("writes each sent message to MAIL_OUTBOX_DIR as { to, subject, text } with the link intact", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "outbox-"));
    process.env.MAIL_OUTBOX_DIR = dir;
    vi.spyOn(console, "log").mockImplementation(() => {});
    stopWorker = startMailWorker({ intervalMs: 60_000 });
    queueMail({
      to: "g@example.se",
      subject: "Återställ",
      text: "http://127.0.0.1:3000/reset-password?token=abc",
    });
    await until(() => fs.readdirSync(dir).some((f) => f.endsWith(".json")));
    const [file] = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))).toMatchObject({
      to: "g@example.se",
      subject: "Återställ",
      text: "http://127.0.0.1:3000/reset-password?token=abc",
    });
  });

  it("keeps nothing in memory for each mail sent without SMTP", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    for (let i = 0; i < 200; i++)
      await deliverMail({ to: `x${i}@example.se`, subject: "s", text: "t".repeat(1000) });
    const held = (globalThis as { __sentMail?: unknown[] }).__sentMail;
    expect(held?.length ?? 0).toBe(0);
  });

  it("queues a notification to those who want e-mail only, in one go", () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:9";
    const wants = makeUser({ email: "wants@example.se" });
    const off = makeUser({ email: "off@example.se" });
    getDb().prepare("UPDATE users SET email_notifications = 0 WHERE id = ?").run(off);
    expect(emailPeople([wants, off, wants], "Nytt skede", "Gruppen har gått vidare")).toBe(1);
    expect(outboxRows()).toMatchObject([
      { to: "wants@example.se", subject: "Nytt skede", status: "pending" },
    ]);
    expect(queueMailToUsers([], "x", "y")).toBe(0);
  });
});

describe("/forgot-password with a slow mail server", () => {
  it("answers as fast for an address with an account as for one without, and queues the link", async () => {
    // An SMTP server that accepts connections and never says hello: a request that waited for
    // it would hang.
    const sockets: net.Socket[] = [];
    const smtp = net.createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    process.env.SMTP_URL = `smtp://127.0.0.1:${(smtp.address() as net.AddressInfo).port}`;
    (globalThis as { __mailTransport?: unknown }).__mailTransport = undefined;
    makeUser({ email: "known@example.se" });
    const ask = async (email: string, ip: string) => {
      const request = new Request("http://localhost/forgot-password", {
        method: "POST",
        body: new URLSearchParams({ email }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
      const started = performance.now();
      const answer = await Promise.race([
        forgotPassword({ request, context: { clientIp: ip, cspNonce: "" }, params: {} }),
        new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 3_000)),
      ]);
      return { answer, ms: performance.now() - started };
    };
    try {
      const known = await ask("known@example.se", "203.0.113.1");
      const unknown = await ask("nobody@example.se", "203.0.113.2");
      expect(known.answer, "the request did not wait for the mail server").not.toBe("hung");
      expect((known.answer as Response).status).toBe(200);
      expect((unknown.answer as Response).status).toBe(200);
      expect(known.ms).toBeLessThan(500);
      expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(150);
      const rows = outboxRows();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ to: "known@example.se", status: "pending" });
      expect(rows[0].text).toMatch(/\/reset-password\?token=[\w-]{20,}/);
    } finally {
      for (const socket of sockets) socket.destroy();
      smtp.close();
      (globalThis as { __mailTransport?: unknown }).__mailTransport = undefined;
    }
  });
});
