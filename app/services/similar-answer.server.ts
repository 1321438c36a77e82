// GET /api/ideas/similar, answered once for two doors: the Remix route
// (app/routes/api.ideas.similar.ts) and the fast path in server.ts, which answers before Remix's
// per-request work (route matching alone is ~0.5 ms here; a person typing asks every pause —
// docs/decisions/010-fast-paths.md). Parameters are checked here, the look-ups are rate-limited per
// address, and the look-up itself runs in the similarity worker (docs/decisions/012).
import { z } from "zod";
import { findSimilarIdeas } from "~/services/similarity-worker.server";
import { LIMITS, limitLookupsByAddress } from "~/utils/rate-limit.server";

const MAX_TEXT_LENGTH = 5000;
const MIN_LETTERS = 3;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const letterCount = (text: string) => text.match(/\p{L}/gu)?.length ?? 0;

/** An optional coordinate in decimal degrees; an empty value counts as absent. */
const coordinate = (name: string, limit: number) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z
      .string()
      .trim()
      .regex(DECIMAL, `${name} must be a number in decimal degrees`)
      .transform(Number)
      .refine(
        (v) => Number.isFinite(v) && Math.abs(v) <= limit,
        `${name} must be between -${limit} and ${limit}`,
      )
      .optional(),
  );

const SimilarIdeasQuery = z
  .object({
    text: z
      .string({ required_error: "text is required" })
      .refine(
        (t) => [...t].length <= MAX_TEXT_LENGTH,
        `text may be at most ${MAX_TEXT_LENGTH} characters`,
      )
      .refine((t) => letterCount(t) >= MIN_LETTERS, `text needs at least ${MIN_LETTERS} letters`),
    lat: coordinate("lat", 90),
    lng: coordinate("lng", 180),
  })
  .superRefine((query, ctx) => {
    if ((query.lat === undefined) === (query.lng === undefined)) return;
    const missing = query.lat === undefined ? "lat" : "lng";
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [missing],
      message: "lat and lng must be given together",
    });
  });

export type SimilarQuestion = {
  params: URLSearchParams;
  clientIp: string;
  /** the request as a Fetch Request, made only when a message must be translated (429) */
  request: () => Request;
};

export type SimilarReply = { status: number; headers: Record<string, string>; body: string };

const NO_STORE = { "Cache-Control": "no-store" };
const JSON_TYPE = { "Content-Type": "application/json; charset=utf-8" };
const reply = (status: number, value: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { ...JSON_TYPE, ...NO_STORE, ...headers },
  body: JSON.stringify(value),
});

export async function answerSimilarQuestion(question: SimilarQuestion): Promise<SimilarReply> {
  const limited = await limitLookupsByAddress(
    question.request,
    "similar",
    LIMITS.similarLookupsPerAddress,
    question.clientIp,
  );
  if (limited) return limited;

  const { params } = question;
  const parsed = SimilarIdeasQuery.safeParse({
    text: params.get("text") ?? undefined,
    lat: params.get("lat") ?? undefined,
    lng: params.get("lng") ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reply(400, { error: issue.message, parameter: String(issue.path[0]) });
  }

  const ideas = await findSimilarIdeas(parsed.data);
  if (ideas === "busy")
    return reply(
      429,
      { error: "too many look-ups are waiting; try again in a moment" },
      { "Retry-After": "2" },
    );
  return reply(200, { ideas });
}
