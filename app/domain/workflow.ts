// The Smart samskapande workflow: which stage moves are allowed, for whom, and why not.
// Pure: the routes and models ask it; tests call it without a database.
import { isStage, STAGES, type Stage } from "./focus-areas";

/** The forward path; `closed` can be reached from any stage and reopened to `collecting`. */
export const FORWARD: readonly Stage[] = ["collecting", "co-creation", "proposal", "decided", "in-progress", "done"];

export type Mover = { role: string };
export type Verdict = { ok: true } | { ok: false; reason: WorkflowRefusal };
export type WorkflowRefusal =
  | "workflow.notAllowed"
  | "workflow.unknownStage"
  | "workflow.sameStage"
  | "workflow.skipsStages"
  | "workflow.backwards"
  | "workflow.onlyReopen"
  | "workflow.messageRequired";

const MAY_MOVE = new Set(["moderator", "admin"]);

/** Whether `user` may move a group at `from` to `to`, and if not, why (a locale key). */
export function canTransition(group: { stage: Stage }, to: string, user: Mover): Verdict {
  if (!MAY_MOVE.has(user.role)) return { ok: false, reason: "workflow.notAllowed" };
  if (!isStage(to)) return { ok: false, reason: "workflow.unknownStage" };
  const from = group.stage;
  if (from === to) return { ok: false, reason: "workflow.sameStage" };
  if (from === "closed") return to === "collecting" ? { ok: true } : { ok: false, reason: "workflow.onlyReopen" };
  if (to === "closed") return { ok: true };
  const step = FORWARD.indexOf(to) - FORWARD.indexOf(from);
  if (step === 1) return { ok: true };
  return { ok: false, reason: step > 1 ? "workflow.skipsStages" : "workflow.backwards" };
}

/** The stages a group can move to now, in the order to offer them. */
export function availableTransitions(group: { stage: Stage }, user: Mover): Stage[] {
  return STAGES.filter((to) => canTransition(group, to, user).ok);
}

/** A stage change must tell residents what happened ("you said, we did"). */
export function checkStageMessage(message: string | undefined | null): Verdict {
  return message && message.trim().length > 0 ? { ok: true } : { ok: false, reason: "workflow.messageRequired" };
}
