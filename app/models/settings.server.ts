// Settings the moderators and admins change at run time.
import { DEFAULT_THRESHOLD_RULE, type ThresholdRule } from "~/domain/official-answers";
import { logAction } from "~/models/audit.server";
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

/** The official-answer rule (issue 15): N supports within D days, answered within A days. */
export function getThresholdRule(): ThresholdRule {
  const rows = getDb()
    .prepare(
      "SELECT key, value FROM settings WHERE key IN ('threshold_supports', 'threshold_days', 'threshold_answer_days')",
    )
    .all() as { key: string; value: string }[];
  const map = new Map(rows.map((r) => [r.key, Number(r.value)]));
  const pick = (key: string, fallback: number) => {
    const value = map.get(key);
    return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    supports: pick("threshold_supports", DEFAULT_THRESHOLD_RULE.supports),
    days: pick("threshold_days", DEFAULT_THRESHOLD_RULE.days),
    answerDays: pick("threshold_answer_days", DEFAULT_THRESHOLD_RULE.answerDays),
  };
}

/**
 * Saves the rule with its audit line, in one transaction. The threshold trigger (migration 0018)
 * reads these rows: the next support on an idea is judged by the new rule; recorded deadlines stay.
 */
export function saveThresholdRule(rule: ThresholdRule, actorId: number) {
  const db = getDb();
  const upsert = db.prepare(
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  db.transaction(() => {
    const before = getThresholdRule();
    upsert.run("threshold_supports", String(rule.supports));
    upsert.run("threshold_days", String(rule.days));
    upsert.run("threshold_answer_days", String(rule.answerDays));
    logAction({
      actorId,
      action: "settings.thresholds",
      targetType: "setting",
      targetId: null,
      details: { before, after: rule },
    });
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
