// Supporting an idea and taking the support back: one home for the command and its side effect
// (the map index shows the new count), used by the idea page's action and by the form door in
// server.ts, which answers the plain support form before Remix (docs/decisions/010).
import { ideaIsOnItsPage } from "~/models/ideas.server";
import { supportIdea, withdrawSupport, type SupportState } from "~/models/supports.server";
import { refreshIdeas } from "~/services/map-index.server";
import { getUser } from "~/utils/auth.server";

/** Supports a visible idea (see supportIdea: "own" is refused, undefined when not visible). */
export function supportIdeaOnMap(userId: number, ideaId: number) {
  const outcome = supportIdea(userId, ideaId);
  if (outcome !== undefined && outcome !== "own") refreshIdeas([ideaId]);
  return outcome;
}

/** Takes a person's support back; the idea's count on the map follows. */
export function withdrawSupportOnMap(userId: number, ideaId: number): SupportState {
  const state = withdrawSupport(userId, ideaId);
  refreshIdeas([ideaId]);
  return state;
}

/**
 * The support button's own form (`intent=vote` or `intent=unvote` and nothing else, signed in, an
 * idea on its page), answered as the idea page's action answers it: 303 back to the button — or,
 * asked for JSON by the button's script, the new state (`{ supports, supported, held }`), so that
 * the page need not reload its data. Null for anything else — another field, no session, one's own
 * or a withdrawn or hidden idea — which the action then answers with its page or message. Nothing
 * has changed when it answers null.
 */
export async function answerSupportForm(input: {
  ideaId: string;
  body: Buffer | undefined;
  contentType: string | undefined;
  accept: string | undefined;
  request: () => Request;
}): Promise<Response | null> {
  if (!/^\d{1,15}$/.test(input.ideaId) || !input.body || input.body.length > 32) return null;
  if (!input.contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded"))
    return null;
  const intent = input.body.toString("latin1");
  if (intent !== "intent=vote" && intent !== "intent=unvote") return null;
  const ideaId = Number(input.ideaId);
  const user = await getUser(input.request());
  if (!user) return null;
  let state: SupportState;
  if (intent === "intent=vote") {
    const outcome = supportIdeaOnMap(user.id, ideaId);
    if (outcome === undefined || outcome === "own") return null;
    state = outcome;
  } else {
    if (!ideaIsOnItsPage(ideaId)) return null;
    state = withdrawSupportOnMap(user.id, ideaId);
  }
  if (input.accept?.includes("application/json"))
    return Response.json(state, { headers: { "Cache-Control": "no-store" } });
  return new Response(null, { status: 303, headers: { Location: `/ideas/${ideaId}#support` } });
}
