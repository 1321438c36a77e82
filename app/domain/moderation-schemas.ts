// The moderation forms' schemas (moderators, admins). Messages are locale keys.
import { z } from "zod";
import { FOCUS_AREAS } from "./focus-areas";
import { ThresholdFields } from "./official-answer-schemas";
import { ROLES } from "./roles";

const id = z.coerce
  .number({ invalid_type_error: "validation.invalid" })
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER);
const reason = z
  .string({ required_error: "moderation.reasonRequired" })
  .trim()
  .min(1, "moderation.reasonRequired")
  .max(1000, "validation.detailsTooLong");

export const ModerateIdeaSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("hide"), reason }),
  z.object({ intent: z.literal("restore") }),
  z.object({ intent: z.literal("approve") }),
  z.object({ intent: z.literal("dismiss-reports") }),
  z.object({ intent: z.literal("merge"), intoId: id }),
]);

export const ModerateCommentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("hide"), reason }),
  z.object({ intent: z.literal("restore") }),
  z.object({ intent: z.literal("dismiss-reports") }),
]);

const groupFields = {
  title: z
    .string({ required_error: "validation.titleRequired" })
    .trim()
    .min(3, "validation.titleTooShort")
    .max(120, "validation.titleTooLong"),
  summary: z.string().trim().max(5000, "validation.bodyTooLong").default(""),
  focusArea: z.enum(FOCUS_AREAS, { errorMap: () => ({ message: "validation.focusAreaRequired" }) }),
};

/** POST /moderation/groups: a new group, optionally with its first ideas (from a suggestion). */
export const NewGroupSchema = z.object({
  ...groupFields,
  ideaId: z.array(id).max(500).default([]),
});

export const GroupActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add-ideas"),
    ideaId: z
      .array(id, { required_error: "moderation.chooseIdeas" })
      .min(1, "moderation.chooseIdeas")
      .max(500),
  }),
  z.object({ intent: z.literal("remove-idea"), ideaId: id }),
  z.object({
    intent: z.literal("set-stage"),
    stage: z.string({ required_error: "workflow.unknownStage" }),
    message: z
      .string({ required_error: "workflow.messageRequired" })
      .trim()
      .min(1, "workflow.messageRequired")
      .max(5000, "validation.bodyTooLong"),
  }),
  z.object({ intent: z.literal("edit"), ...groupFields }),
]);

export const AuditActionSchema = z.object({ intent: z.literal("undo-merge"), mergeId: id });

export const AdminActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("set-role"),
    userId: id,
    role: z.enum(ROLES),
  }),
  z.object({ intent: z.literal("block"), userId: id }),
  z.object({ intent: z.literal("unblock"), userId: id }),
  z.object({
    intent: z.literal("settings"),
    autoHideReports: z.coerce
      .number()
      .int()
      .min(1, "admin.thresholdRange")
      .max(50, "admin.thresholdRange"),
    premoderation: z.literal("on").optional(),
  }),
  // Verified residents (e-ID, issue 16): the badge, and whose supports count toward the threshold.
  z.object({
    intent: z.literal("verification"),
    verifiedBadge: z.literal("on").optional(),
    verifiedSupportsOnly: z.literal("on").optional(),
  }),
  z.object({ intent: z.literal("thresholds"), ...ThresholdFields }),
]);
