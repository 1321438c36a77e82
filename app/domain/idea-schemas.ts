// The schemas of the idea forms and actions, shared by browser and server. Messages are locale keys.
import { z } from "zod";
import { FOCUS_AREAS } from "./focus-areas";
import { isInBoras } from "./geo";
import {
  BODY_MAX,
  BODY_MIN,
  COMMENT_MAX,
  REPORT_REASONS,
  TITLE_MAX,
  TITLE_MIN,
} from "./idea-limits";
import { withListedPlace } from "./places";

const coordinate = (min: number, max: number) =>
  z
    .number({
      required_error: "validation.placeRequired",
      invalid_type_error: "validation.placeInvalid",
    })
    .finite("validation.placeInvalid")
    .min(min, "validation.placeInvalid")
    .max(max, "validation.placeInvalid");

const ideaTitle = z
  .string({ required_error: "validation.titleRequired" })
  .trim()
  .min(TITLE_MIN, "validation.titleTooShort")
  .max(TITLE_MAX, "validation.titleTooLong");

const ideaBody = z
  .string({ required_error: "validation.bodyRequired" })
  .trim()
  .min(BODY_MIN, "validation.bodyTooShort")
  .max(BODY_MAX, "validation.bodyTooLong");

/**
 * The schema, accepting the place as a list choice (placeId) instead of coordinates: without
 * JavaScript there is no map. Typed as the inner schema's input, so forms keep their field types.
 */
export function acceptingListedPlace<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess(withListedPlace, schema) as unknown as z.ZodEffects<
    T,
    z.output<T>,
    z.input<T>
  >;
}

export const NewIdeaSchema = acceptingListedPlace(
  z
    .object({
      title: ideaTitle,
      body: ideaBody,
      focusArea: z.enum(FOCUS_AREAS, {
        errorMap: (issue) => ({
          message:
            issue.code === "invalid_type"
              ? "validation.focusAreaRequired"
              : "validation.focusAreaInvalid",
        }),
      }),
      lat: coordinate(-90, 90),
      lng: coordinate(-180, 180),
      website: z.string().max(0, "validation.honeypot").optional(),
    })
    .superRefine((value, ctx) => {
      const readable = Math.abs(value.lat) <= 90 && Math.abs(value.lng) <= 180; // else already reported
      if (readable && !isInBoras(value.lat, value.lng)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["lat"],
          message: "validation.placeOutsideBoras",
        });
      }
    }),
);

const id = z.coerce
  .number({ invalid_type_error: "validation.invalid" })
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER);

const commentBody = z
  .string({ required_error: "validation.commentRequired" })
  .trim()
  .min(1, "validation.commentRequired")
  .max(COMMENT_MAX, "validation.commentTooLong");

/** POST /ideas/:id — one schema per intent. */
export const IdeaActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("vote") }),
  z.object({ intent: z.literal("unvote") }),
  z.object({ intent: z.literal("follow") }),
  z.object({ intent: z.literal("unfollow") }),
  z.object({
    intent: z.literal("comment"),
    body: commentBody,
    parentId: id.optional(),
    website: z.string().max(0).optional(),
  }),
  z.object({ intent: z.literal("edit-comment"), commentId: id, body: commentBody }),
  z.object({ intent: z.literal("delete-comment"), commentId: id }),
  // The author's own idea: its words within the edit window, withdrawing it at any time.
  z.object({ intent: z.literal("edit-idea"), title: ideaTitle, body: ideaBody }),
  z.object({ intent: z.literal("withdraw-idea") }),
  z.object({
    intent: z.literal("flag"),
    reason: z.enum(REPORT_REASONS, { errorMap: () => ({ message: "validation.reasonRequired" }) }),
    details: z.string().trim().max(1000, "validation.detailsTooLong").optional(),
    commentId: id.optional(),
  }),
]);
export type IdeaAction = z.infer<typeof IdeaActionSchema>;
