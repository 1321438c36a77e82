// Shared by the moderation routes: the moderator, where to go back to, and refusals.
import { parseWithZod } from "@conform-to/zod";
import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs } from "@remix-run/node";
import type { z } from "zod";
import { requireRole, safeRedirect } from "./auth.server";

export function requireModerator(request: Request) {
  return requireRole(request, ["moderator"]);
}

/** Back to the page the form came from (same site only), with a notice. */
export function backTo(formData: FormData, fallback: string, notice: string) {
  const target = safeRedirect(formData.get("redirectTo"), fallback);
  const url = new URL(target, "http://x");
  url.searchParams.set("notice", notice);
  return redirect(url.pathname + url.search + url.hash, 303);
}

/** A refused action: status and a locale key the page shows in words. */
export function refuse(error: string, status = 400, back = "/moderation") {
  return json({ error, back }, { status });
}

/**
 * The start of every POST on one moderated thing (/moderation/ideas/:id, /moderation/comments/:id):
 * the moderator, the id from the URL and the form parsed with `schema`. Either those, or the
 * refusal to return (404 for an id that cannot exist, 400 with the first error of the form).
 */
export async function parseModerationPost<Schema extends z.ZodTypeAny>(
  request: Request,
  params: ActionFunctionArgs["params"],
  schema: Schema,
) {
  const moderator = await requireModerator(request);
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  if (!Number.isSafeInteger(id)) return { refusal: refuse("moderation.notFound", 404) } as const;
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    const first = Object.values(submission.reply().error ?? {}).flat()[0];
    return { refusal: refuse(first ?? "validation.invalid") } as const;
  }
  return { moderator, id, formData, value: submission.value as z.output<Schema> } as const;
}

/** The answers queue and answering (issue 15): moderators and officials (and admins). */
export function requireAnswerer(request: Request) {
  return requireRole(request, ["moderator", "official"]);
}
