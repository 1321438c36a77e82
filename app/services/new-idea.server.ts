// Before a new idea is published: the ideas close enough to it that the writer should see them
// first, and "support this instead", which keeps the draft and updates the map.
import {
  discardIdeaDraft,
  ideaDraftFor,
  keepDraftAndSupport,
  type IdeaDraft,
} from "~/models/idea-drafts.server";
import { refreshIdeas } from "~/services/map-index.server";
import { admitIdeaPhoto, photoRefusalAnswer, type PhotoAdmission } from "~/services/photos.server";
import type { SimilarIdea } from "~/services/similarity.server";
import { findSimilarIdeas } from "~/services/similarity-worker.server";
import { getUser } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

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

/**
 * Text alone never makes a new-idea form this large (a title of 120 and a text of 5,000 characters
 * are at most ~21 KB): a bigger body carries a photo — or padding, counted the same.
 */
export const PHOTO_SIZED_BODY_BYTES = 64 * 1024;

/**
 * The door of a new idea with a photo, asked from the request's headers before its body is read
 * (server.ts): the person's photo limits are counted here (admitIdeaPhoto) and the action is handed
 * the admission, so the upload is counted once. A refusal is a short text in the person's language
 * with the body left unread — not the whole page rendered again, which forty parallel uploads from
 * one account made into seconds of main-thread work (issue 12). Only a document POST of the plain
 * form comes here (the page's script posts to /ideas/new.data, and its action applies the same
 * limits before decoding: acceptIdeaPhoto); null lets anything else through to the action
 * unchanged: no session (the action sends the person to sign in), another kind of body, a body
 * small enough to hold no photo.
 */
export async function admitNewIdeaUpload(input: {
  contentType: string | undefined;
  contentLength: string | undefined;
  request: () => Request;
}): Promise<null | { admission: PhotoAdmission } | { refusal: Response }> {
  if (!input.contentType?.toLowerCase().startsWith("multipart/form-data")) return null;
  const declared = input.contentLength === undefined ? NaN : Number(input.contentLength);
  // A chunked body does not say how big it is: it may carry a photo.
  if (Number.isFinite(declared) && declared <= PHOTO_SIZED_BODY_BYTES) return null;
  const request = input.request();
  const user = await getUser(request);
  if (!user) return null;
  const admitted = admitIdeaPhoto(user.id);
  if (admitted.ok) return { admission: admitted.admission };
  const refused = photoRefusalAnswer(admitted);
  const { t } = await getFixedT(request);
  return {
    refusal: new Response(t(refused.key), {
      status: refused.status,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        ...refused.headers,
        // The rest of the upload is not read: the connection is not reused.
        Connection: "close",
      },
    }),
  };
}

export { discardIdeaDraft, ideaDraftFor };
