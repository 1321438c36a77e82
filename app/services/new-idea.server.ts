// Before a new idea is published: the ideas close enough to it that the writer should see them
// first, and "support this instead", which keeps the draft and updates the map.
import {
  discardIdeaDraft,
  ideaDraftFor,
  keepDraftAndSupport,
  type IdeaDraft,
} from "~/models/idea-drafts.server";
import { refreshIdeas } from "~/services/map-index.server";
import type { SimilarIdea } from "~/services/similarity.server";
import { findSimilarIdeas } from "~/services/similarity-worker.server";

/**
 * A similar idea at least this close asks "support one instead?" before publishing. Measured on
 * the demo data: rewordings of an idea at its place score 0.38–0.69; the same words 4 km away, or
 * a different idea at the same place (a bicycle repair stand beside a bicycle garage), 0.29–0.32;
 * merely nearby or loosely related ideas 0.12–0.24.
 */
export const CLOSE_MATCH_SCORE = 0.35;
export const CLOSE_MATCHES_SHOWN = 5;

export async function closeMatches(draft: {
  title: string;
  body: string;
  lat: number;
  lng: number;
}): Promise<SimilarIdea[]> {
  // A form being posted waits its turn for the worker rather than skip the step.
  const similar = await findSimilarIdeas(
    { text: `${draft.title} ${draft.body}`, lat: draft.lat, lng: draft.lng },
    { mayRefuse: false },
  );
  return (similar === "busy" ? [] : similar)
    .filter((idea) => idea.score >= CLOSE_MATCH_SCORE)
    .slice(0, CLOSE_MATCHES_SHOWN);
}

/** "Support this instead": the draft is kept for later, the support counts on the map at once. */
export function supportInsteadOfPosting(userId: number, ideaId: number, draft: IdeaDraft) {
  const outcome = keepDraftAndSupport(userId, ideaId, draft);
  if (outcome !== undefined && outcome !== "own") refreshIdeas([ideaId]);
  return outcome;
}

export { discardIdeaDraft, ideaDraftFor };
