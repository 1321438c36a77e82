// Thresholds and official answers (issue 15), pure: the rule, an idea's progress toward it, due and
// overdue, the city's responsiveness per month. Time is a parameter. The forms' schemas are in
// official-answer-schemas.ts: this module is in the idea page's scripts, zod need not be.

export const VERDICTS = ["accepted", "already-planned", "not-now", "rejected"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The partners of Klimatneutrala Borås 2030, offered as suggestions for "answered for". */
export const PARTNERS = [
  "Borås Stad",
  "Science Park Borås",
  "Borås Energi och Miljö",
  "Navet",
  "Fristadbostäder/FRIBO",
] as const;

export type ThresholdRule = { supports: number; days: number; answerDays: number };
export const DEFAULT_THRESHOLD_RULE: ThresholdRule = { supports: 150, days: 90, answerDays: 60 };
export const THRESHOLD_LIMITS = {
  supports: { min: 1, max: 100_000 },
  days: { min: 1, max: 3650 },
  answerDays: { min: 1, max: 3650 },
} as const;

export const ANSWER_TEXT_MAX = 5000;
export const ANSWERED_FOR_MAX = 120;

const DAY_MS = 86_400_000;

/** The threshold's record on an idea, once reached. */
export type ThresholdRecord = { reachedAt: string; supportsAtThreshold: number; dueAt: string };

export type ThresholdProgress =
  | { state: "collecting"; supports: number; target: number; daysLeft: number; closesAt: string }
  | { state: "closed"; supports: number; target: number }
  | { state: "due"; dueAt: string; overdue: boolean; daysLeft: number }
  | { state: "answered"; dueAt: string; answeredAt: string; late: boolean };

/** Whole days from `now` until `until` (rounded up; 0 when it has passed). */
export function daysUntil(until: string | Date, now: Date): number {
  const ms = new Date(until).getTime() - now.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

export function addDays(iso: string, days: number): string {
  return new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();
}

export function isOverdue(dueAt: string, now: Date, answeredAt: string | null = null): boolean {
  return new Date(answeredAt ?? now).getTime() > new Date(dueAt).getTime();
}

/**
 * Where an idea stands: collecting supports (how many of how many, days left of the window), its
 * window closed without reaching the threshold, due an answer (by when, overdue), or answered.
 */
export function thresholdProgress(input: {
  supports: number;
  publishedAt: string;
  rule: ThresholdRule;
  reached: ThresholdRecord | null;
  answeredAt: string | null;
  now: Date;
}): ThresholdProgress {
  const { reached, answeredAt, now, rule } = input;
  if (reached && answeredAt)
    return {
      state: "answered",
      dueAt: reached.dueAt,
      answeredAt,
      late: isOverdue(reached.dueAt, now, answeredAt),
    };
  if (reached)
    return {
      state: "due",
      dueAt: reached.dueAt,
      overdue: isOverdue(reached.dueAt, now),
      daysLeft: daysUntil(reached.dueAt, now),
    };
  const closesAt = addDays(input.publishedAt, rule.days);
  const daysLeft = daysUntil(closesAt, now);
  if (daysLeft === 0) return { state: "closed", supports: input.supports, target: rule.supports };
  return {
    state: "collecting",
    supports: input.supports,
    target: rule.supports,
    daysLeft,
    closesAt,
  };
}

/** One row of /answers: an idea due an answer, answered or not. */
export type DueIdea = { dueAt: string; answeredAt: string | null };
export type MonthCount = { month: string; onTime: number; late: number; overdue: number };

/** "YYYY-MM" of an instant, in Borås (Europe/Stockholm). */
export function boråsMonth(iso: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}`;
}

/**
 * The city's responsiveness per month, newest first: answers given that month on time and late
 * (by the month they were given), and ideas still unanswered whose deadline passed that month.
 */
export function responsivenessByMonth(ideas: readonly DueIdea[], now: Date): MonthCount[] {
  const months = new Map<string, MonthCount>();
  const row = (month: string) => {
    let r = months.get(month);
    if (!r) {
      r = { month, onTime: 0, late: 0, overdue: 0 };
      months.set(month, r);
    }
    return r;
  };
  for (const idea of ideas) {
    if (idea.answeredAt) {
      const r = row(boråsMonth(idea.answeredAt));
      if (isOverdue(idea.dueAt, now, idea.answeredAt)) r.late += 1;
      else r.onTime += 1;
    } else if (isOverdue(idea.dueAt, now)) {
      row(boråsMonth(idea.dueAt)).overdue += 1;
    }
  }
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

export type OfficialAnswerInput = {
  verdict: Verdict;
  text: string;
  answeredFor: string;
  groupId?: number;
  actionId?: number;
};

/** The day (YYYY-MM-DD) of an instant in Borås: how deadlines are written ("senast 2027-02-01"). */
export function boråsDay(iso: string): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date(iso));
}

/** The columns of /open-data/answers.csv (contract.md). */
export const ANSWER_COLUMNS = [
  "idea_id",
  "verdict",
  "answered_for",
  "answered_at",
  "due_at",
  "supports_at_threshold",
] as const;
