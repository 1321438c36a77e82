// Settings the moderators and admins change at run time.
import { getDb } from "~/utils/db.server";

export type Settings = { autoHideReports: number; premoderation: boolean };

export function getSettings(): Settings {
  const rows = getDb().prepare("SELECT key, value FROM settings").all() as {
    key: string;
    value: string;
  }[];
  const map = new Map(rows.map((r) => [r.key, r.value]));
  return {
    autoHideReports: Math.max(1, Number(map.get("auto_hide_reports") ?? 3) || 3),
    premoderation: map.get("premoderation") === "1",
  };
}

export function saveSettings(settings: Settings) {
  const db = getDb();
  const upsert = db.prepare(
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  db.transaction(() => {
    upsert.run("auto_hide_reports", String(settings.autoHideReports));
    upsert.run("premoderation", settings.premoderation ? "1" : "0");
  }).immediate();
}
