// The moderators' forms for the action portfolio: an action's fields, its commands and partners.
// Messages are locale keys. Tested without a database (tests/unit/domain/actions.test.ts).
import { z } from "zod";
import { ACTION_STATUSES, checkActionStatus, isActionArea, type ActionStatus } from "./actions";
import { FOCUS_AREAS } from "./focus-areas";
import { isInBoras } from "./geo";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
const date = (required: string) =>
  z.string({ required_error: required }).trim().refine(isRealDate, "actions.errors.dateInvalid");

/**
 * "12,5", "1 200 000" and "1\u00a0200" read as people write them in Swedish; an empty field is
 * missing (its own message), anything else that is not a number is NaN (the "invalid" message).
 */
const readableNumber = (value: unknown) => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return value;
  const plain = value.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return plain === "" ? undefined : /^[-+]?(\d+\.?\d*|\.\d+)$/.test(plain) ? Number(plain) : NaN;
};

const progress = z.preprocess(
  readableNumber,
  z
    .number({
      required_error: "actions.errors.progressRequired",
      invalid_type_error: "actions.errors.progressRange",
    })
    .int("actions.errors.progressRange")
    .min(0, "actions.errors.progressRange")
    .max(100, "actions.errors.progressRange"),
);

const optionalCoordinate = z.preprocess(
  readableNumber,
  z
    .number({ invalid_type_error: "validation.placeInvalid" })
    .finite("validation.placeInvalid")
    .optional(),
);

const id = z.coerce
  .number({ invalid_type_error: "validation.invalid" })
  .int("validation.invalid")
  .positive("validation.invalid")
  .max(Number.MAX_SAFE_INTEGER, "validation.invalid");

/** Ids repeated (`ideaId=1&ideaId=2`) or typed into one field ("1, 2 7"). */
function splitIds(value: unknown): unknown {
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v) => typeof v === "string")) return value;
  const ids = (values as string[]).flatMap((v) => v.split(/[\s,;]+/)).filter((v) => v !== "");
  return ids.length > 500 ? ids.slice(0, 501) : ids;
}

const actionFieldsShape = {
  title: z
    .string({ required_error: "validation.titleRequired" })
    .trim()
    .min(3, "validation.titleTooShort")
    .max(120, "validation.titleTooLong"),
  body: z
    .string({ required_error: "actions.errors.bodyRequired" })
    .trim()
    .min(10, "validation.bodyTooShort")
    .max(5000, "validation.bodyTooLong"),
  focusArea: z.enum(FOCUS_AREAS, {
    errorMap: () => ({ message: "validation.focusAreaRequired" }),
  }),
  // A role ("Projektledare, Trafikkontoret"), never a person's name: it is public.
  contactRole: z.string().trim().max(120, "actions.errors.contactRoleTooLong").default(""),
  partner: z
    .string({ required_error: "actions.errors.partnerRequired" })
    .trim()
    .min(1, "actions.errors.partnerRequired")
    .max(120, "actions.errors.partnerUnknown"),
  status: z.enum(ACTION_STATUSES, {
    errorMap: () => ({ message: "actions.errors.statusInvalid" }),
  }),
  statusReason: z.string().trim().max(1000, "validation.detailsTooLong").default(""),
  progress,
  co2eTonnesPerYear: z.preprocess(
    readableNumber,
    z
      .number({
        required_error: "actions.errors.tonnesRequired",
        invalid_type_error: "actions.errors.tonnesInvalid",
      })
      .finite("actions.errors.tonnesInvalid")
      .min(0, "actions.errors.tonnesInvalid")
      .max(10_000_000, "actions.errors.tonnesInvalid"),
  ),
  co2eMethod: z.string().trim().max(2000, "actions.errors.methodTooLong").default(""),
  budgetSek: z.preprocess(
    readableNumber,
    z
      .number({
        required_error: "actions.errors.budgetRequired",
        invalid_type_error: "actions.errors.budgetInvalid",
      })
      .int("actions.errors.budgetInvalid")
      .min(0, "actions.errors.budgetInvalid")
      .max(1e13, "actions.errors.budgetInvalid"),
  ),
  startDate: date("actions.errors.startRequired"),
  endDate: date("actions.errors.endRequired"),
  lat: optionalCoordinate,
  lng: optionalCoordinate,
  // "" is no area; the select offers nothing else than isActionArea's values.
  area: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || isActionArea(v), "actions.errors.areaUnknown")
    .transform((v) => (v === "" ? null : v)),
  groupId: z.preprocess(splitIds, z.array(id).max(50, "validation.invalid").default([])),
  ideaId: z.preprocess(splitIds, z.array(id).max(500, "validation.invalid").default([])),
  workshopId: z.preprocess(splitIds, z.array(id).max(50, "validation.invalid").default([])),
};

type ActionFieldsValue = {
  status: ActionStatus;
  statusReason: string;
  progress: number;
  co2eTonnesPerYear: number;
  startDate: string;
  endDate: string;
  lat?: number;
  lng?: number;
};

function refineActionFields(value: ActionFieldsValue, ctx: z.RefinementCtx) {
  if (value.endDate < value.startDate)
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "actions.errors.endBeforeStart" });
  if ((value.lat === undefined) !== (value.lng === undefined)) {
    ctx.addIssue({ code: "custom", path: ["lat"], message: "validation.placeInvalid" });
  } else if (value.lat !== undefined && value.lng !== undefined) {
    if (!isInBoras(value.lat, value.lng))
      ctx.addIssue({ code: "custom", path: ["lat"], message: "validation.placeOutsideBoras" });
  }
  const verdict = checkActionStatus(null, value.status, value.progress, value.statusReason);
  if (!verdict.ok)
    ctx.addIssue({
      code: "custom",
      path: [verdict.reason === "actions.errors.stoppedNeedsReason" ? "statusReason" : "status"],
      message: verdict.reason,
    });
}

/** POST /moderation/actions: a new action. */
export const NewActionSchema = z.object(actionFieldsShape).superRefine(refineActionFields);
export type ActionFields = z.output<typeof NewActionSchema>;

const updateMessage = z
  .string({ required_error: "actions.errors.messageRequired" })
  .trim()
  .min(1, "actions.errors.messageRequired")
  .max(5000, "validation.bodyTooLong");

/** POST /moderation/actions/:id with intent=edit: the fields of a new action. */
export const EditActionSchema = z
  .object({ intent: z.literal("edit"), ...actionFieldsShape })
  .superRefine(refineActionFields);

/** POST /moderation/actions/:id, every other intent. */
export const ActionCommandSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    progress,
    status: z.enum(ACTION_STATUSES, {
      errorMap: () => ({ message: "actions.errors.statusInvalid" }),
    }),
    message: updateMessage,
  }),
  z.object({
    intent: z.literal("add-milestone"),
    milestoneTitle: z
      .string({ required_error: "actions.errors.milestoneTitle" })
      .trim()
      .min(2, "actions.errors.milestoneTitle")
      .max(200, "actions.errors.milestoneTitle"),
    milestoneDate: date("actions.errors.dateInvalid"),
  }),
  z.object({ intent: z.literal("toggle-milestone"), milestoneId: id }),
  z.object({ intent: z.literal("delete-milestone"), milestoneId: id }),
]);

/** An admin adding or renaming a partner. */
export const PartnerSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add-partner"),
    name: z
      .string({ required_error: "actions.errors.partnerName" })
      .trim()
      .min(2, "actions.errors.partnerName")
      .max(120, "actions.errors.partnerName"),
  }),
  z.object({
    intent: z.literal("rename-partner"),
    partnerId: id,
    name: z
      .string({ required_error: "actions.errors.partnerName" })
      .trim()
      .min(2, "actions.errors.partnerName")
      .max(120, "actions.errors.partnerName"),
  }),
]);
