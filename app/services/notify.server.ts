// E-mail for notifications, when SMTP_URL is set: to the people told, unless they turned it off.
import { getDb } from "~/utils/db.server";
import { sendMail } from "~/utils/mailer.server";

export async function emailPeople(userIds: readonly number[], subject: string, text: string) {
  if (!process.env.SMTP_URL || userIds.length === 0) return;
  const people = getDb()
    .prepare(
      `SELECT email FROM users WHERE id IN (SELECT value FROM json_each(?))
       AND email IS NOT NULL AND deleted_at IS NULL AND blocked_at IS NULL AND email_notifications = 1`,
    )
    .all(JSON.stringify(userIds)) as { email: string }[];
  for (const { email } of people) await sendMail({ to: email, subject, text });
}

export function authorOf(ideaId: number): number | null {
  const row = getDb().prepare("SELECT author_id AS authorId FROM ideas WHERE id = ?").get(ideaId) as { authorId: number | null } | undefined;
  return row?.authorId ?? null;
}
