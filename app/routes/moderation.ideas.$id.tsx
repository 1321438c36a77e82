// POST /moderation/ideas/:id: hide (reason), restore, approve, dismiss-reports, merge (intoId).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Refusal } from "~/components/moderation/Refusal";
import { ModerateIdeaSchema } from "~/domain/moderation-schemas";
import type { MergeRefusal } from "~/models/moderation.server";
import {
  approveIdeaAndShow,
  dismissIdeaReports,
  hideIdeaAndTell,
  mergeIdeasAndShow,
  restoreIdeaAndShow,
} from "~/services/moderation.server";
import { getFixedT } from "~/utils/locale.server";
import { backTo, parseModerationPost, refuse } from "~/utils/moderation.server";

// No loader redirect: a refused POST must render its 400/404 page (a loader redirect would
// turn the refusal into a 302). A plain GET shows the same page with the way back.
export async function loader() {
  return null;
}

const MERGE_REFUSAL_STATUS: Record<MergeRefusal, number> = {
  "merge.same": 400,
  "merge.fromNotFound": 404,
  "merge.intoNotFound": 404,
  // Hidden or held back: the idea exists, but its state does not allow a merge.
  "merge.fromNotVisible": 409,
  "merge.intoNotVisible": 409,
};

export async function action({ request, params }: ActionFunctionArgs) {
  const post = await parseModerationPost(request, params, ModerateIdeaSchema);
  if ("refusal" in post) return post.refusal;
  const { moderator, id, formData, value } = post;
  switch (value.intent) {
    case "hide": {
      const { t } = await getFixedT(request);
      if (hideIdeaAndTell(id, moderator.id, value.reason, t) === "not-found")
        return refuse("moderation.notFound", 404);
      return backTo(formData, "/moderation", "hidden");
    }
    case "restore":
      if (restoreIdeaAndShow(id, moderator.id) === "not-found")
        return refuse("moderation.notFound", 404);
      return backTo(formData, "/moderation", "restored");
    case "approve":
      if (approveIdeaAndShow(id, moderator.id) === "not-found")
        return refuse("moderation.notFound", 404);
      return backTo(formData, "/moderation", "approved");
    case "dismiss-reports":
      dismissIdeaReports(id, moderator.id);
      return backTo(formData, "/moderation", "reports-dismissed");
    case "merge": {
      const result = mergeIdeasAndShow(id, value.intoId, moderator.id);
      if (!result.ok) return refuse(result.reason, MERGE_REFUSAL_STATUS[result.reason]);
      if (formData.get("redirectTo")) return backTo(formData, "/moderation", "merged");
      return redirect(`/ideas/${value.intoId}?notice=merged`, 303);
    }
  }
}

export default Refusal;
