// The schemas of the threshold rule's fields and of an official answer (issue 15). Messages are
// locale keys.
import { z } from "zod";
import { ANSWER_TEXT_MAX, ANSWERED_FOR_MAX, THRESHOLD_LIMITS, VERDICTS } from "./official-answers";

const wholeNumber = (limits: { min: number; max: number }) =>
  z.coerce
    .number({
      invalid_type_error: "thresholds.wholeNumber",
      required_error: "thresholds.wholeNumber",
    })
    .int("thresholds.wholeNumber")
    .min(limits.min, "thresholds.range")
    .max(limits.max, "thresholds.range");

/** POST /admin intent=thresholds. */
export const ThresholdFields = {
  supports: wholeNumber(THRESHOLD_LIMITS.supports),
  days: wholeNumber(THRESHOLD_LIMITS.days),
  answerDays: wholeNumber(THRESHOLD_LIMITS.answerDays),
};

/** POST /moderation/answers/:ideaId. Messages are locale keys. */
export const OfficialAnswerSchema = z
  .object({
    verdict: z.enum(VERDICTS, {
      errorMap: (issue) => ({
        message:
          issue.code === "invalid_enum_value"
            ? "answers.unknownVerdict"
            : "answers.verdictRequired",
      }),
    }),
    text: z
      .string({ required_error: "answers.textRequired" })
      .trim()
      .min(1, "answers.textRequired")
      .max(ANSWER_TEXT_MAX, "answers.textTooLong"),
    answeredFor: z
      .string({ required_error: "answers.forRequired" })
      .trim()
      .min(1, "answers.forRequired")
      .max(ANSWERED_FOR_MAX, "answers.forTooLong"),
    // accepted: join this group, or (none chosen) a new group titled after the idea.
    groupId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    // already-planned: the action in the portfolio that carries it, when there is one.
    actionId: z.coerce
      .number({ invalid_type_error: "answers.actionIdInvalid" })
      .int("answers.actionIdInvalid")
      .positive("answers.actionIdInvalid")
      .max(Number.MAX_SAFE_INTEGER, "answers.actionIdInvalid")
      .optional(),
  })
  .transform((v) => ({
    ...v,
    groupId: v.verdict === "accepted" ? v.groupId : undefined,
    actionId: v.verdict === "already-planned" ? v.actionId : undefined,
  }));
