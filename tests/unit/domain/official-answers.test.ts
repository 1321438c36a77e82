import { describe, expect, it } from "vitest";
import {
  boråsDay,
  daysUntil,
  DEFAULT_THRESHOLD_RULE,
  responsivenessByMonth,
  thresholdProgress,
} from "~/domain/official-answers";
import { OfficialAnswerSchema } from "~/domain/official-answer-schemas";

const now = new Date("2026-12-02T10:00:00.000Z");
const rule = DEFAULT_THRESHOLD_RULE;

describe("progress toward the threshold", () => {
  it("counts supports and the days left of the window from publication", () => {
    const p = thresholdProgress({
      supports: 112,
      publishedAt: "2026-10-26T10:00:00.000Z", // 37 days ago: 53 of 90 left
      rule,
      reached: null,
      answeredAt: null,
      now,
    });
    expect(p).toMatchObject({ state: "collecting", supports: 112, target: 150, daysLeft: 53 });
  });

  it("says the window closed when it passed without reaching the threshold", () => {
    const p = thresholdProgress({
      supports: 40,
      publishedAt: "2026-08-01T10:00:00.000Z",
      rule,
      reached: null,
      answeredAt: null,
      now,
    });
    expect(p).toEqual({ state: "closed", supports: 40, target: 150 });
  });

  it("is due once reached, overdue after the deadline, and answered late or on time", () => {
    const reached = {
      reachedAt: "2026-09-01T10:00:00.000Z",
      supportsAtThreshold: 150,
      dueAt: "2026-12-05T10:00:00.000Z",
    };
    const base = { supports: 160, publishedAt: "2026-08-20T10:00:00.000Z", rule, reached };
    expect(thresholdProgress({ ...base, answeredAt: null, now })).toEqual({
      state: "due",
      dueAt: reached.dueAt,
      overdue: false,
      daysLeft: 3,
    });
    const later = new Date("2026-12-06T00:00:00.000Z");
    expect(thresholdProgress({ ...base, answeredAt: null, now: later })).toMatchObject({
      state: "due",
      overdue: true,
      daysLeft: 0,
    });
    expect(
      thresholdProgress({ ...base, answeredAt: "2026-12-04T09:00:00.000Z", now: later }),
    ).toMatchObject({ state: "answered", late: false });
    expect(
      thresholdProgress({ ...base, answeredAt: "2026-12-05T10:00:01.000Z", now: later }),
    ).toMatchObject({ state: "answered", late: true });
  });

  it("rounds days left up and never below zero", () => {
    expect(daysUntil("2026-12-02T10:00:00.001Z", now)).toBe(1);
    expect(daysUntil("2026-12-01T10:00:00.000Z", now)).toBe(0);
  });

  it("writes deadlines as the day in Borås", () => {
    // 23:30 UTC on 31 January is already 1 February in Sweden.
    expect(boråsDay("2027-01-31T23:30:00.000Z")).toBe("2027-02-01");
  });
});

describe("responsiveness per month", () => {
  it("counts answers on time and late by the month given, and unanswered ones by the month they fell overdue", () => {
    const months = responsivenessByMonth(
      [
        { dueAt: "2026-11-20T00:00:00.000Z", answeredAt: "2026-11-10T00:00:00.000Z" },
        { dueAt: "2026-10-20T00:00:00.000Z", answeredAt: "2026-11-03T00:00:00.000Z" },
        { dueAt: "2026-10-05T00:00:00.000Z", answeredAt: null },
        { dueAt: "2026-12-20T00:00:00.000Z", answeredAt: null }, // not overdue yet: not counted
      ],
      now,
    );
    expect(months).toEqual([
      { month: "2026-11", onTime: 1, late: 1, overdue: 0 },
      { month: "2026-10", onTime: 0, late: 0, overdue: 1 },
    ]);
  });
});

describe("the answer form", () => {
  const ok = { verdict: "not-now", text: "Budgeten räcker inte i år.", answeredFor: "Borås Stad" };
  const errorsOf = (input: Record<string, unknown>) => {
    const result = OfficialAnswerSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it("needs a known verdict, a reason and whom it answers for", () => {
    expect(errorsOf(ok)).toEqual([]);
    expect(errorsOf({ ...ok, verdict: undefined })).toEqual(["answers.verdictRequired"]);
    expect(errorsOf({ ...ok, verdict: "maybe" })).toEqual(["answers.unknownVerdict"]);
    expect(errorsOf({ ...ok, text: "   " })).toEqual(["answers.textRequired"]);
    expect(errorsOf({ ...ok, text: "x".repeat(5001) })).toEqual(["answers.textTooLong"]);
    expect(errorsOf({ ...ok, answeredFor: undefined })).toEqual(["answers.forRequired"]);
  });

  it("keeps a group only for accepted and an action only for already-planned", () => {
    expect(OfficialAnswerSchema.parse({ ...ok, groupId: "3", actionId: "4" })).toMatchObject({
      groupId: undefined,
      actionId: undefined,
    });
    expect(
      OfficialAnswerSchema.parse({ ...ok, verdict: "accepted", groupId: "3", actionId: "4" }),
    ).toMatchObject({ groupId: 3, actionId: undefined });
    expect(
      OfficialAnswerSchema.parse({ ...ok, verdict: "already-planned", actionId: "4" }),
    ).toMatchObject({ actionId: 4 });
  });
});
