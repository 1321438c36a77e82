// Sending e-mail without making anyone wait: a request queues the message (one INSERT) and the
// worker in this process sends it, right after (poked through setImmediate) or at the next poll,
// retrying with exponential backoff. Rows survive a restart; pending ones are sent when the worker
// starts again (at least once: a crash between sending and marking sends that message twice).
import {
  dueMails,
  enqueueMailToUsers,
  enqueueMails,
  markMailFailed,
  markMailRetry,
  markMailSent,
} from "~/models/mail-outbox.server";
import { deliverMail, type Mail } from "~/utils/mailer.server";

/** Attempts before a message is given up (about 15 minutes of retrying in all). */
export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;
const BATCH = 50;

/** How long to wait after the `attempt`-th failure (1, 2, …): 30 s, 1 min, 2 min, 4 min … */
export function retryDelayMs(attempt: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
}

type Deliver = (mail: Mail) => Promise<void>;
export type DeliveryReport = { sent: number; retried: number; failed: number };

/** Sends every message that is due now; never throws (a failure is recorded on its row). */
export async function deliverDueMail(
  options: { now?: () => Date; deliver?: Deliver } = {},
): Promise<DeliveryReport> {
  const now = options.now ?? (() => new Date());
  const deliver = options.deliver ?? deliverMail;
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const tried = new Set<number>();
  for (;;) {
    // A row retried in this round is due again only later; `tried` keeps a zero delay from looping.
    const batch = dueMails(now(), BATCH).filter((mail) => !tried.has(mail.id));
    if (batch.length === 0) return report;
    for (const mail of batch) {
      tried.add(mail.id);
      try {
        await deliver({ to: mail.to, subject: mail.subject, text: mail.text });
        markMailSent(mail.id);
        report.sent += 1;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const attempt = mail.attempts + 1;
        if (attempt >= MAX_ATTEMPTS) {
          markMailFailed(mail.id, message);
          report.failed += 1;
          console.error(
            `[mail] gave up on message ${mail.id} after ${attempt} attempts: ${message}`,
          );
        } else {
          markMailRetry(mail.id, message, new Date(now().getTime() + retryDelayMs(attempt)));
          report.retried += 1;
        }
      }
    }
  }
}

// The worker lives on globalThis: server.ts starts it from the sources while the routes that
// queue mail run from the Remix build, two copies of this module that must find one worker.
type Worker = { poke: () => void; stop: () => void };
const state = globalThis as unknown as { __mailWorker?: Worker };

/** Queues messages; the worker sends them moments later. Never waits for a mail server. */
export function queueMail(...mails: Mail[]) {
  if (enqueueMails(mails) > 0) state.__mailWorker?.poke();
}

/** Queues one message to each of these accounts that wants e-mail; returns how many. */
export function queueMailToUsers(
  userIds: readonly number[],
  subject: string,
  text: string,
): number {
  const queued = enqueueMailToUsers(userIds, subject, text);
  if (queued > 0) state.__mailWorker?.poke();
  return queued;
}

/**
 * Starts sending: what is pending now (left from before a restart), then whatever is queued —
 * at once when poked, and every `intervalMs` for retries. Returns a function that stops it.
 */
export function startMailWorker(
  options: { intervalMs?: number; deliver?: Deliver } = {},
): () => void {
  state.__mailWorker?.stop();
  let running = false;
  let again = false;
  let stopped = false;
  const run = async () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await deliverDueMail({ deliver: options.deliver });
      } while (again && !stopped);
    } catch (error) {
      console.error("[mail] the outbox worker failed a round:", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(run, options.intervalMs ?? 3_000);
  timer.unref();
  const worker: Worker = {
    poke: () => void setImmediate(run),
    stop: () => {
      stopped = true;
      clearInterval(timer);
      if (state.__mailWorker === worker) state.__mailWorker = undefined;
    },
  };
  state.__mailWorker = worker;
  worker.poke();
  return worker.stop;
}
