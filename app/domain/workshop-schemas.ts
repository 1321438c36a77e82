// The live-workshop forms: the facilitator's console and the participant's phone.
import { z } from "zod";
import { FOCUS_AREAS } from "./focus-areas";
import { BODY_MAX, BODY_MIN, TITLE_MAX, TITLE_MIN } from "./idea-limits";
import { acceptingListedPlace } from "./idea-schemas";

const id = z.coerce
  .number({ invalid_type_error: "validation.invalid" })
  .int()
  .positive()
  .max(Number.MAX_SAFE_INTEGER);
const optionalFocus = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z.enum(FOCUS_AREAS, { errorMap: () => ({ message: "validation.focusAreaInvalid" }) }).optional(),
);
const coordinate = (min: number, max: number) =>
  z
    .number({
      required_error: "validation.placeRequired",
      invalid_type_error: "validation.placeInvalid",
    })
    .finite("validation.placeInvalid")
    .min(min, "validation.placeInvalid")
    .max(max, "validation.placeInvalid");

export const NewWorkshopSchema = z.object({
  title: z
    .string({ required_error: "validation.titleRequired" })
    .trim()
    .min(3, "validation.titleTooShort")
    .max(120, "validation.titleTooLong"),
  focusArea: optionalFocus,
  groupId: z.preprocess((v) => (v === "" ? undefined : v), id.optional()),
  dots: z.coerce
    .number({ invalid_type_error: "workshop.dotsRange" })
    .int("workshop.dotsRange")
    .min(1, "workshop.dotsRange")
    .max(20, "workshop.dotsRange")
    .default(3),
  /** a gazetteer place id to open the map on, or empty for all of Borås */
  place: z.string().max(60).optional(),
  publish: z.enum(["on-close", "immediately"]).default("on-close"),
});

const ideaFields = {
  title: z
    .string({ required_error: "validation.titleRequired" })
    .trim()
    .min(TITLE_MIN, "validation.titleTooShort")
    .max(TITLE_MAX, "validation.titleTooLong"),
  body: z
    .string({ required_error: "validation.bodyRequired" })
    .trim()
    .min(BODY_MIN, "validation.bodyTooShort")
    .max(BODY_MAX, "validation.bodyTooLong"),
  lat: coordinate(-90, 90),
  lng: coordinate(-180, 180),
  focusArea: optionalFocus,
};

// Without JavaScript an idea's place may come from the list (placeId) instead of the map.
/** POST /w/:code */
export const ParticipantActionSchema = acceptingListedPlace(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("join"),
      name: z.string().trim().max(60, "workshop.nameTooLong").optional(),
    }),
    z.object({ intent: z.literal("idea"), ...ideaFields }),
    z.object({ intent: z.literal("dot"), ideaId: id }),
    z.object({ intent: z.literal("undot"), ideaId: id }),
  ]),
);

/** POST /workshops/:id */
export const WorkshopControlSchema = acceptingListedPlace(
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("spotlight"),
      ideaId: z.preprocess((v) => (v === "" ? undefined : v), id.optional()),
    }),
    z.object({ intent: z.literal("freeze") }),
    z.object({ intent: z.literal("unfreeze") }),
    z.object({ intent: z.literal("hide-names") }),
    z.object({ intent: z.literal("show-names") }),
    z.object({
      intent: z.literal("timer"),
      minutes: z.coerce
        .number({ invalid_type_error: "workshop.timerRange" })
        .min(0.5, "workshop.timerRange")
        .max(180, "workshop.timerRange"),
      label: z.string().trim().max(80).default(""),
    }),
    z.object({ intent: z.literal("stop-timer") }),
    z.object({ intent: z.literal("close") }),
    z.object({ intent: z.literal("hide"), ideaId: id }),
    z.object({ intent: z.literal("capture"), ...ideaFields }),
  ]),
);
