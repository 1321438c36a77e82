// The Smart samskapande workflow: which stage moves are allowed, for whom, and why not.
// Pure: the routes and models ask it; tests call it without a database.
import { isStage, STAGES, type Stage } from "./focus-areas";

/**
 * The forward path; `closed` can be reached from any stage and reopened to `collecting`. A group
 * can go back one step as a correction (a new, marked entry in its public history). A group
 * without ideas goes nowhere but `closed`: a stage move tells the people behind its ideas.
 */
export const FORWARD: readonly Stage[] = [
  "collecting",
  "co-creation",
  "proposal",
  "decided",
  "in-progress",
  "done",
];

export type Mover = { role: string };
export type Verdict = { ok: true } | { ok: false; reason: WorkflowRefusal };
export type WorkflowRefusal =
  | "workflow.notAllowed"
  | "workflow.unknownStage"
  | "workflow.sameStage"
  | "workflow.skipsStages"
  | "workflow.backwards"
  | "workflow.onlyReopen"
  | "workflow.messageRequired"
  | "workflow.emptyGroup";

const MAY_MOVE = new Set(["moderator", "admin"]);

/** A group as the workflow sees it: its stage and, when known, how many ideas it holds. */
export type WorkflowGroup = { stage: Stage; ideas?: number };

/** Whether `user` may move a group at `from` to `to`, and if not, why (a locale key). */
export function canTransition(group: WorkflowGroup, to: string, user: Mover): Verdict {
  if (!MAY_MOVE.has(user.role)) return { ok: false, reason: "workflow.notAllowed" };
  if (!isStage(to)) return { ok: false, reason: "workflow.unknownStage" };
  const from = group.stage;
  if (from === to) return { ok: false, reason: "workflow.sameStage" };
  if (to === "closed") return { ok: true };
  if (from === "closed") {
    if (to !== "collecting") return { ok: false, reason: "workflow.onlyReopen" };
  } else {
    const step = FORWARD.indexOf(to) - FORWARD.indexOf(from);
    if (step !== 1 && step !== -1)
      return { ok: false, reason: step > 1 ? "workflow.skipsStages" : "workflow.backwards" };
  }
  if (group.ideas === 0) return { ok: false, reason: "workflow.emptyGroup" };
  return { ok: true };
}

/** A move back along the path: published as a correction, with its reason, not as progress. */
export function isCorrection(from: Stage, to: Stage): boolean {
  return from !== "closed" && to !== "closed" && FORWARD.indexOf(to) < FORWARD.indexOf(from);
}

/** The stages a group can move to now, in the order to offer them. */
export function availableTransitions(group: WorkflowGroup, user: Mover): Stage[] {
  return STAGES.filter((to) => canTransition(group, to, user).ok);
}

/** A stage change must tell residents what happened ("you said, we did"). */
export function checkStageMessage(message: string | undefined | null): Verdict {
  return message && message.trim().length > 0
    ? { ok: true }
    : { ok: false, reason: "workflow.messageRequired" };
}
