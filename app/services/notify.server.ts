// E-mail about notifications, as each person chose on /me: comments on their ideas, replies to
// them and comments on ideas they follow — at once or as one digest a day — and news from
// moderators (stage changes, hiding) at once. Everything goes through the outbox: a request never
// waits for a mail server, and a timer here (not a request) turns notifications into mail.
import { notificationLine } from "~/domain/notification-text";
import {
  authorOfIdea,
  recordNotificationMail,
  unmailedNotifications,
  usersWantingUpdateMail,
  type UnmailedNotification,
} from "~/models/notifications.server";
import { queueMailToUsers } from "~/services/mail-outbox.server";
import { env } from "~/utils/env.server";
import { createI18n, DEFAULT_LANGUAGE, isLanguage, type Language } from "~/utils/i18n";
import { translations } from "~/utils/locale.server";
import type { Mail } from "~/utils/mailer.server";

/** News from moderators to the people told, unless they turned such e-mail off; returns how many. */
export function emailPeople(userIds: readonly number[], subject: string, text: string): number {
  return queueMailToUsers(usersWantingUpdateMail(userIds), subject, text);
}

export { notificationLine };

export function authorOf(ideaId: number): number | null {
  return authorOfIdea(ideaId);
}

/** The digest goes out once a day, after this hour in Borås. */
export const DIGEST_HOUR = 17;
export const DIGEST_TIME_ZONE = "Europe/Stockholm";
/** Items listed in one digest; the rest are counted and linked. */
export const DIGEST_ITEMS = 30;
const EXCERPT_CHARS = 300;
const ROUND = 1000;

const translators = new Map<Language, ReturnType<typeof createI18n>["t"]>();
function translatorFor(locale: string | null) {
  const language: Language = isLanguage(locale) ? locale : DEFAULT_LANGUAGE;
  let t = translators.get(language);
  if (!t) {
    const instance = createI18n(language, translations[language]);
    t = instance.t.bind(instance);
    translators.set(language, t);
  }
  return t;
}
function ideaUrl(n: UnmailedNotification): string {
  const base = env().PUBLIC_URL;
  if (!n.ideaId || !n.ideaTitle) return `${base}/me/notifications`;
  return `${base}/ideas/${n.ideaId}${n.commentId ? `#comment-${n.commentId}` : ""}`;
}

function excerpt(text: string | null): string {
  if (!text) return "";
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

function instantMail(n: UnmailedNotification & { email: string }): Mail {
  const t = translatorFor(n.locale);
  const line = notificationLine(t, n);
  const quoted = excerpt(n.commentBody);
  return {
    to: n.email,
    subject: line.replace(/[\u2068\u2069]/g, "").slice(0, 200),
    text: t("mail.notificationBody", {
      line,
      quote: quoted ? `\n\n“${quoted}”` : "",
      url: ideaUrl(n),
      settingsUrl: `${env().PUBLIC_URL}/me#email-settings`,
    }),
  };
}

function digestMail(items: (UnmailedNotification & { email: string })[]): Mail {
  const first = items[0];
  const t = translatorFor(first.locale);
  const listed = items.slice(0, DIGEST_ITEMS).map((n) => {
    const quoted = excerpt(n.commentBody);
    return `• ${notificationLine(t, n)}${quoted ? `\n  “${quoted}”` : ""}\n  ${ideaUrl(n)}`;
  });
  if (items.length > DIGEST_ITEMS) {
    listed.push(
      t("mail.digestMore", {
        number: items.length - DIGEST_ITEMS,
        url: `${env().PUBLIC_URL}/me/notifications`,
      }),
    );
  }
  return {
    to: first.email,
    subject: t("mail.digestSubject", { number: items.length }),
    text: t("mail.digestBody", {
      items: listed.join("\n\n"),
      settingsUrl: `${env().PUBLIC_URL}/me#email-settings`,
    }),
  };
}

// Made once: building a DateTimeFormat with a time zone is costly (ICU loads the zone: 21 ms the
// first time here), and a CPU profile of the server under load showed ~300 ms in this clock over
// 10 s when each 5-second round of the mailer built its own — time every other request waited.
let boråsHourFormat: Intl.DateTimeFormat | undefined;
function boråsHour(): Intl.DateTimeFormat {
  boråsHourFormat ??= new Intl.DateTimeFormat("en-GB", {
    timeZone: DIGEST_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  });
  return boråsHourFormat;
}

/** The day in Borås (YYYY-MM-DD), and whether the digest hour has come. */
export function digestClock(now: Date): { day: string; due: boolean } {
  const parts = Object.fromEntries(
    boråsHour()
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    due: Number(parts.hour) >= DIGEST_HOUR,
  };
}

export type NotificationMailReport = { instant: number; digests: number; passedOver: number };

/**
 * One round: queues a mail for each new notification of people on "at once", one digest for each
 * person on "once a day" when the digest hour has come and they had none that day (with the
 * notifications they have not read yet), and passes over what nobody asked to get by e-mail.
 */
export function mailNotifications(now: Date = new Date()): NotificationMailReport {
  const clock = digestClock(now);
  const report: NotificationMailReport = { instant: 0, digests: 0, passedOver: 0 };
  for (;;) {
    const rows = unmailedNotifications({ digestDay: clock.due ? clock.day : null, limit: ROUND });
    if (rows.length === 0) return report;
    const mails: Mail[] = [];
    const settledIds: number[] = [];
    const digestsSent: { userId: number; day: string }[] = [];
    const digests = new Map<number, (UnmailedNotification & { email: string })[]>();
    for (const n of rows) {
      settledIds.push(n.id);
      const email = n.email;
      if (!n.wanted || !email || (n.frequency === "daily" && n.readAt)) {
        report.passedOver += 1;
      } else if (n.frequency === "instant") {
        mails.push(instantMail({ ...n, email }));
        report.instant += 1;
      } else {
        digests.set(n.userId, [...(digests.get(n.userId) ?? []), { ...n, email }]);
      }
    }
    for (const [userId, items] of digests) {
      mails.push(digestMail(items));
      digestsSent.push({ userId, day: clock.day });
      report.digests += 1;
    }
    recordNotificationMail({ mails, settledIds, digestsSent });
    if (rows.length < ROUND) return report;
  }
}

// One timer per process, on globalThis like the mail worker (server.ts and the Remix build load
// this module twice).
const state = globalThis as unknown as { __notificationMailer?: () => void };

/** Runs `mailNotifications` every `intervalMs`; returns a function that stops it. */
export function startNotificationMailer(
  options: { intervalMs?: number; now?: () => Date } = {},
): () => void {
  state.__notificationMailer?.();
  const now = options.now ?? (() => new Date());
  const round = () => {
    try {
      mailNotifications(now());
    } catch (error) {
      console.error("[mail] notification mail failed a round:", error);
    }
  };
  const timer = setInterval(round, options.intervalMs ?? 5_000);
  timer.unref();
  const stop = () => {
    clearInterval(timer);
    if (state.__notificationMailer === stop) state.__notificationMailer = undefined;
  };
  state.__notificationMailer = stop;
  setImmediate(round);
  return stop;
}
