// E-mail for notifications, when SMTP_URL is set: to the people told, unless they turned it off.
// Queued in the outbox (a group's stage change may tell dozens): the request never waits on SMTP.
import { getDb } from "~/utils/db.server";
import { queueMailToUsers } from "~/services/mail-outbox.server";

export function emailPeople(userIds: readonly number[], subject: string, text: string): number {
  if (!process.env.SMTP_URL || userIds.length === 0) return 0;
  return queueMailToUsers(userIds, subject, text);
}

export function authorOf(ideaId: number): number | null {
  const row = getDb().prepare("SELECT author_id AS authorId FROM ideas WHERE id = ?").get(ideaId) as { authorId: number | null } | undefined;
  return row?.authorId ?? null;
}
