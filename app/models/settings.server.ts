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

/** Verified residents (an e-ID sign-in, issue 16): what admins choose to make of them. */
export type VerificationSettings = {
  /** a "verified resident" badge beside their names on ideas and comments */
  verifiedBadge: boolean;
  /** supports toward the official-answer threshold count only from verified residents */
  verifiedSupportsOnly: boolean;
};

function settingOn(key: string): boolean {
  const row = getDb().prepare("SELECT value FROM settings WHERE key = ?").get(key) as
    { value: string } | undefined;
  return row?.value === "1";
}

export function getVerificationSettings(): VerificationSettings {
  return {
    verifiedBadge: settingOn("verified_badge"),
    verifiedSupportsOnly: settingOn("verified_supports_only"),
  };
}

export function saveVerificationSettings(settings: VerificationSettings) {
  const db = getDb();
  const upsert = db.prepare(
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  db.transaction(() => {
    upsert.run("verified_badge", settings.verifiedBadge ? "1" : "0");
    upsert.run("verified_supports_only", settings.verifiedSupportsOnly ? "1" : "0");
  }).immediate();
}

/**
 * Whether only verified residents' supports count toward the official-answer threshold (the
 * threshold's own code asks here; docs/decisions/014-oidc-sign-in.md).
 */
export function countsOnlyVerifiedSupports(): boolean {
  return settingOn("verified_supports_only");
}

/** Whether verified residents are shown with a badge beside their names. */
export function showsVerifiedBadge(): boolean {
  return settingOn("verified_badge");
}
