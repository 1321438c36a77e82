// Moderators' commands on the action portfolio with all their side effects: the change (one
// transaction with its audit line and notifications, in the models) and the e-mail to everyone
// behind the action's ideas (through the outbox, as each person's settings allow). Routes parse and
// answer; they call these.
import type { TFunction } from "i18next";
import type { ActionFields } from "~/domain/action-schemas";
import { checkActionStatus, type ActionStatus } from "~/domain/actions";
import {
  addMilestone,
  createAction,
  deleteMilestone,
  editAction,
  getAction,
  partnerByName,
  postActionUpdate,
  toggleMilestone,
  type ActionInput,
} from "~/models/actions.server";
import { emailPeople } from "~/services/notify.server";
import { env } from "~/utils/env.server";

/** A refusal names the form field it belongs to and a locale key saying why. */
export type ActionCommandResult =
  { ok: true; id: number } | { ok: false; errors: Record<string, string[]> };

function toInput(fields: ActionFields): ActionInput | { errors: Record<string, string[]> } {
  const partner = partnerByName(fields.partner);
  if (!partner) return { errors: { partner: ["actions.errors.partnerUnknown"] } };
  return {
    title: fields.title,
    body: fields.body,
    focusArea: fields.focusArea,
    partnerId: partner.id,
    contactRole: fields.contactRole,
    status: fields.status,
    statusReason: fields.status === "stopped" ? fields.statusReason : "",
    progress: fields.progress,
    co2eTonnesPerYear: fields.co2eTonnesPerYear,
    co2eMethod: fields.co2eMethod,
    budgetSek: fields.budgetSek,
    startDate: fields.startDate,
    endDate: fields.endDate,
    lat: fields.lat ?? null,
    lng: fields.lng ?? null,
    area: fields.area,
    groupIds: fields.groupId,
    ideaIds: fields.ideaId,
    workshopIds: fields.workshopId,
  };
}

/** POST /moderation/actions: the action with its links to groups and ideas, or nothing at all. */
export function createActionFromForm(fields: ActionFields, actorId: number): ActionCommandResult {
  const input = toInput(fields);
  if ("errors" in input) return { ok: false, errors: input.errors };
  const result = createAction(input, actorId);
  if (!result.ok) return { ok: false, errors: { [result.field]: [result.reason] } };
  return { ok: true, id: result.id };
}

/** intent=edit: every field and link replaced; the status rule applies to the status it had. */
export function editActionFromForm(
  id: number,
  fields: ActionFields,
  actorId: number,
): ActionCommandResult {
  const current = getAction(id);
  if (!current) return { ok: false, errors: { "": ["actions.errors.notFound"] } };
  const verdict = checkActionStatus(
    current.status,
    fields.status,
    fields.progress,
    fields.statusReason,
  );
  if (!verdict.ok) return { ok: false, errors: { status: [verdict.reason] } };
  const input = toInput(fields);
  if ("errors" in input) return { ok: false, errors: input.errors };
  const result = editAction(id, input, actorId);
  if (!result.ok) return { ok: false, errors: { [result.field]: [result.reason] } };
  return { ok: true, id };
}

/**
 * intent=update: a progress update on the public timeline, a notification to everyone who wrote,
 * supported or follows an idea behind the action, and an e-mail to those of them who want news
 * from moderators. Returns how many people were told.
 */
export function postActionUpdateAndTell(
  actionId: number,
  update: { status: ActionStatus; progress: number; message: string },
  actorId: number,
  t: TFunction,
): { ok: true; told: number } | { ok: false; errors: Record<string, string[]> } {
  const result = postActionUpdate(actionId, update, actorId, (from) =>
    checkActionStatus(from, update.status, update.progress, update.message),
  );
  if (!result.ok) return { ok: false, errors: { status: [result.reason] } };
  const action = getAction(actionId);
  if (action) {
    const status = t(`actions.status.${update.status}`);
    emailPeople(
      result.told,
      t("actions.mail.subject", { action: action.title, status }),
      t("actions.mail.body", {
        action: action.title,
        status,
        progress: update.progress,
        message: update.message,
        url: `${env().PUBLIC_URL}/actions/${actionId}`,
      }),
    );
  }
  return { ok: true, told: result.told.length };
}

export function addMilestoneToAction(
  actionId: number,
  milestone: { title: string; dueDate: string },
  actorId: number,
) {
  return addMilestone(actionId, milestone, actorId);
}

export function toggleActionMilestone(actionId: number, milestoneId: number, actorId: number) {
  return toggleMilestone(actionId, milestoneId, actorId);
}

export function deleteActionMilestone(actionId: number, milestoneId: number, actorId: number) {
  return deleteMilestone(actionId, milestoneId, actorId);
}
