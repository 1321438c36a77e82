import { describe, expect, it } from "vitest";
import { STAGES, type Stage } from "~/domain/focus-areas";
import {
  availableTransitions,
  canTransition,
  checkStageMessage,
  isCorrection,
} from "~/domain/workflow";

const moderator = { role: "moderator" };

describe("canTransition", () => {
  it("moves one step forward along the workflow", () => {
    const path: Stage[] = [
      "collecting",
      "co-creation",
      "proposal",
      "decided",
      "in-progress",
      "done",
    ];
    for (let i = 0; i < path.length - 1; i++) {
      expect(canTransition({ stage: path[i] }, path[i + 1], moderator)).toEqual({ ok: true });
    }
  });

  it("closes from any stage and reopens only to collecting", () => {
    for (const stage of STAGES.filter((s) => s !== "closed")) {
      expect(canTransition({ stage }, "closed", moderator).ok).toBe(true);
    }
    expect(canTransition({ stage: "closed" }, "collecting", moderator)).toEqual({ ok: true });
    expect(canTransition({ stage: "closed" }, "proposal", moderator)).toEqual({
      ok: false,
      reason: "workflow.onlyReopen",
    });
  });

  it("says why a move is refused", () => {
    expect(canTransition({ stage: "collecting" }, "decided", moderator)).toEqual({
      ok: false,
      reason: "workflow.skipsStages",
    });
    expect(canTransition({ stage: "proposal" }, "collecting", moderator)).toEqual({
      ok: false,
      reason: "workflow.backwards",
    });
    expect(canTransition({ stage: "proposal" }, "proposal", moderator)).toEqual({
      ok: false,
      reason: "workflow.sameStage",
    });
    expect(canTransition({ stage: "proposal" }, "finished", moderator)).toEqual({
      ok: false,
      reason: "workflow.unknownStage",
    });
  });

  it("lets only moderators and admins move groups", () => {
    for (const role of ["resident", "facilitator"]) {
      expect(canTransition({ stage: "collecting" }, "co-creation", { role })).toEqual({
        ok: false,
        reason: "workflow.notAllowed",
      });
    }
    expect(canTransition({ stage: "collecting" }, "co-creation", { role: "admin" }).ok).toBe(true);
  });
});

describe("corrections and empty groups", () => {
  it("moves a group back one step, as a correction, but not two", () => {
    expect(canTransition({ stage: "proposal" }, "co-creation", moderator)).toEqual({ ok: true });
    expect(isCorrection("proposal", "co-creation")).toBe(true);
    expect(isCorrection("co-creation", "proposal")).toBe(false);
    expect(isCorrection("proposal", "closed")).toBe(false);
    expect(isCorrection("closed", "collecting")).toBe(false);
    expect(canTransition({ stage: "decided" }, "co-creation", moderator)).toEqual({
      ok: false,
      reason: "workflow.backwards",
    });
  });

  it("keeps an empty group where it is (nobody to tell), except that it can be closed", () => {
    expect(canTransition({ stage: "collecting", ideas: 0 }, "co-creation", moderator)).toEqual({
      ok: false,
      reason: "workflow.emptyGroup",
    });
    expect(canTransition({ stage: "closed", ideas: 0 }, "collecting", moderator)).toEqual({
      ok: false,
      reason: "workflow.emptyGroup",
    });
    expect(canTransition({ stage: "collecting", ideas: 0 }, "closed", moderator)).toEqual({
      ok: true,
    });
    expect(availableTransitions({ stage: "proposal", ideas: 0 }, moderator)).toEqual(["closed"]);
    expect(canTransition({ stage: "collecting", ideas: 1 }, "co-creation", moderator)).toEqual({
      ok: true,
    });
  });
});

describe("availableTransitions", () => {
  it("offers the next stage and closing, or reopening a closed group", () => {
    expect(availableTransitions({ stage: "collecting" }, moderator)).toEqual([
      "co-creation",
      "closed",
    ]);
    expect(availableTransitions({ stage: "done" }, moderator)).toEqual(["in-progress", "closed"]);
    expect(availableTransitions({ stage: "closed" }, moderator)).toEqual(["collecting"]);
    expect(availableTransitions({ stage: "collecting" }, { role: "resident" })).toEqual([]);
  });
});

describe("checkStageMessage", () => {
  it("requires a message with words in it", () => {
    expect(checkStageMessage("Vi bjuder in till workshop den 12 mars.")).toEqual({ ok: true });
    for (const empty of ["", "   ", null, undefined]) {
      expect(checkStageMessage(empty)).toEqual({ ok: false, reason: "workflow.messageRequired" });
    }
  });
});
