// Moderators' commands on ideas and groups with all their side effects: the change itself (one
// transaction with its audit line, in the models), the map index, the live workshop screens that
// show the ideas, and the e-mail to the people concerned. Routes parse and answer; they call these.
import type { TFunction } from "i18next";
import type { Stage } from "~/domain/focus-areas";
import { isCorrection } from "~/domain/workflow";
import { groupIdeas, moveGroupToStage } from "~/models/groups.server";
import {
  approveIdea,
  dismissReports,
  hideIdea,
  mergeIdeas,
  restoreIdea,
  undoMerge,
  type ModerationResult,
} from "~/models/moderation.server";
import { refreshIdeas } from "~/services/map-index.server";
import { authorOf, emailPeople } from "~/services/notify.server";
import { workshopIdeasChanged } from "~/services/workshop-hub.server";
import { env } from "~/utils/env.server";

/** The map and every live workshop screen showing these ideas draw them again. */
function ideasChanged(ideaIds: number[]) {
  refreshIdeas(ideaIds);
  workshopIdeasChanged(ideaIds);
}

export function hideIdeaAndTell(
  id: number,
  moderatorId: number,
  reason: string,
  t: TFunction,
): ModerationResult {
  const result = hideIdea(id, moderatorId, reason);
  if (result === "not-found") return result;
  ideasChanged([id]);
  const author = authorOf(id);
  if (author !== null)
    emailPeople([author], t("mail.hiddenSubject"), t("mail.hiddenBody", { reason }));
  return result;
}

export function restoreIdeaAndShow(id: number, moderatorId: number): ModerationResult {
  const result = restoreIdea(id, moderatorId);
  if (result !== "not-found") ideasChanged([id]);
  return result;
}

export function approveIdeaAndShow(id: number, moderatorId: number): ModerationResult {
  const result = approveIdea(id, moderatorId);
  if (result !== "not-found") ideasChanged([id]);
  return result;
}

export function dismissIdeaReports(id: number, moderatorId: number): ModerationResult {
  const result = dismissReports("idea", id, moderatorId);
  if (result === "ok") ideasChanged([id]);
  return result;
}

export function mergeIdeasAndShow(fromId: number, intoId: number, moderatorId: number) {
  const result = mergeIdeas(fromId, intoId, moderatorId);
  if (result.ok) ideasChanged([fromId, intoId]);
  return result;
}

export function undoMergeAndShow(mergeId: number, moderatorId: number) {
  const result = undoMerge(mergeId, moderatorId);
  if (result.ok) ideasChanged([result.fromId, result.intoId]);
  return result;
}

/**
 * Moves a group (the workflow has said yes and the moderator has confirmed): the public message
 * on its timeline (marked as a correction when it goes back), a notification and an e-mail to
 * everyone behind its ideas. Returns how many people were told.
 */
export function moveGroupAndTell(
  group: { id: number; title: string; stage: Stage },
  to: Stage,
  message: string,
  moderatorId: number,
  t: TFunction,
): number {
  const correction = isCorrection(group.stage, to);
  const told = moveGroupToStage(group.id, group.stage, to, message, moderatorId, correction);
  ideasChanged(groupIdeas(group.id).map((i) => i.id));
  const stage = t(`stages.${to}`);
  emailPeople(
    told,
    t(correction ? "mail.stageCorrectionSubject" : "mail.stageSubject", {
      group: group.title,
      stage,
    }),
    t(correction ? "mail.stageCorrectionBody" : "mail.stageBody", {
      group: group.title,
      stage,
      message,
      url: `${env().PUBLIC_URL}/groups/${group.id}`,
    }),
  );
  return told.length;
}
