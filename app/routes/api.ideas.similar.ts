// GET /api/ideas/similar?text=…&lat=…&lng=…: ideas that already say what a resident is writing,
// near where they put the pin, so that they can support one instead of posting a duplicate.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
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

const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const limited = await limitLookupsByAddress(
    request,
    "similar",
    LIMITS.similarLookupsPerAddress,
    context.clientIp,
  );
  if (limited) return limited;

  const params = new URL(request.url).searchParams;
  const parsed = SimilarIdeasQuery.safeParse({
    text: params.get("text") ?? undefined,
    lat: params.get("lat") ?? undefined,
    lng: params.get("lng") ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return json(
      { error: issue.message, parameter: String(issue.path[0]) },
      { status: 400, headers: NO_STORE },
    );
  }

  const ideas = await findSimilarIdeas(parsed.data);
  if (ideas === "busy") {
    return json(
      { error: "too many look-ups are waiting; try again in a moment" },
      { status: 429, headers: { ...NO_STORE, "Retry-After": "2" } },
    );
  }
  return json({ ideas }, { headers: NO_STORE });
}
