// Notifications: what happened to ideas a person wrote, follows or commented on.
import { getDb } from "~/utils/db.server";

export function unreadNotificationCount(userId: number): number {
  return (
    getDb().prepare("SELECT count(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL").get(userId) as {
      n: number;
    }
  ).n;
}
