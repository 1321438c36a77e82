// Shared by the moderation routes: the moderator, where to go back to, and refusals.
import { json, redirect } from "@remix-run/node";
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
