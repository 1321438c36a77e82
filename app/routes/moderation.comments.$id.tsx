// POST /moderation/comments/:id: hide (reason), restore, dismiss-reports.
import type { ActionFunctionArgs } from "@remix-run/node";
import { Refusal } from "~/components/moderation/Refusal";
import { ModerateCommentSchema } from "~/domain/moderation-schemas";
import { dismissReports, hideComment, restoreComment } from "~/models/moderation.server";
import { backTo, parseModerationPost, refuse } from "~/utils/moderation.server";

// No loader redirect: a refused POST must render its 400/404 page (a loader redirect would
// turn the refusal into a 302). A plain GET shows the same page with the way back.
export async function loader() {
  return null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const post = await parseModerationPost(request, params, ModerateCommentSchema);
  if ("refusal" in post) return post.refusal;
  const { moderator, id, formData, value } = post;
  switch (value.intent) {
    case "hide":
      if (hideComment(id, moderator.id, value.reason) === "not-found")
        return refuse("moderation.notFound", 404);
      return backTo(formData, "/moderation", "hidden");
    case "restore":
      if (restoreComment(id, moderator.id) === "not-found")
        return refuse("moderation.notFound", 404);
      return backTo(formData, "/moderation", "restored");
    case "dismiss-reports":
      dismissReports("comment", id, moderator.id);
      return backTo(formData, "/moderation", "reports-dismissed");
  }
}

export default Refusal;
