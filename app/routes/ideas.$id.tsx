// GET /ideas/:id: one idea with its place, focus area, supports, comments, group and stage.
// POST /ideas/:id: a signed-in person supports, follows, comments or reports (`intent`).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import { FocusBadge } from "~/components/FocusArea";
import { tIsolated } from "~/components/bidi";
import { formatDate } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import {
  CommentThread,
  FollowButton,
  ReportForm,
  SupportButton,
  CommentForm,
  OwnIdeaTools,
} from "~/components/IdeaActions";
import { Linkified } from "~/components/Linkified";
import { Notice } from "~/components/Notice";
import { VerifiedBadge } from "~/components/VerifiedBadge";
import { OfficialAnswerPanel } from "~/components/OfficialAnswer";
import { HiddenIdeaBanner } from "~/components/moderation/HiddenIdeaBanner";
import { HideForm } from "~/components/moderation/HideForm";
import {
  addComment,
  deleteOwnComment,
  editOwnComment,
  visibleCommentExists,
  visibleCommentsForIdea,
} from "~/models/comments.server";
import {
  coauthorNames,
  editOwnIdea,
  getIdeaForPage,
  IDEA_EDIT_WINDOW_MINUTES,
  withdrawOwnIdea,
} from "~/models/ideas.server";
import {
  absorbedIdeas,
  hiddenIdeaForModerator,
  hideIfReportedEnough,
  mergedInto,
} from "~/models/moderation.server";
import { verifiedAmong } from "~/models/oidc.server";
import { nearestImportedPlace } from "~/models/places.server";
import { showsVerifiedBadge } from "~/models/settings.server";
import { reportContent, reportedCommentIds } from "~/models/reports.server";
import { workshopCreditOf } from "~/models/workshops.server";
import { followIdea, unfollowIdea, viewerStateForIdea } from "~/models/supports.server";
import { useRootData } from "~/root";
import { refreshIdeas } from "~/services/map-index.server";
import { officialAnswerPanel } from "~/services/official-answers.server";
import { supportIdeaOnMap, withdrawSupportOnMap } from "~/services/supports.server";
import { getUser, requireUser } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { parseIdeaAction } from "~/utils/idea-form.server";
import { invariantResponse } from "~/utils/misc";
import { IdeaJourney } from "~/components/IdeaJourney";
import { ideaJourney } from "~/models/actions.server";
import { consume, LIMITS } from "~/utils/rate-limit.server";
import { retryAfterHeaders } from "~/utils/headers";
import { lazyMap } from "~/components/map/lazy-map";

const IdeaLocationMap = lazyMap(() => import("~/components/map/IdeaLocationMap.client"));

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.idea.title} – ${data.siteName}` : "Samskapa Borås" },
  { name: "description", content: data?.idea.excerpt ?? "" },
];

function ideaIdFrom(params: { id?: string }): number {
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  invariantResponse(Number.isSafeInteger(id) && id > 0, "Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = ideaIdFrom(params);
  const page = getIdeaForPage(id);
  if (!page) {
    // An idea merged into another one lives on there.
    const into = mergedInto(id);
    if (into !== undefined) throw redirect(`/ideas/${into}?notice=merged-away`, 301);
  }
  const user = await getUser(request);
  // A moderator sees a hidden idea, why it is hidden and Restore; for everyone else it is a 404.
  const moderates = user?.role === "moderator" || user?.role === "admin";
  const hiddenIdea = !page && moderates ? hiddenIdeaForModerator(id) : undefined;
  const found = page ?? hiddenIdea;
  invariantResponse(found, "Not found", { status: 404 });
  const { authorId, ...idea } = found;
  const { t } = await getFixedT(request);
  const own = user !== null && user !== undefined && authorId === user.id;
  const editableUntil = new Date(
    new Date(idea.createdAt).getTime() + IDEA_EDIT_WINDOW_MINUTES * 60_000,
  ).toISOString();
  const comments = visibleCommentsForIdea(id);
  // Verified residents (e-ID) get a badge beside their names when admins show it.
  const verifiedAuthors = showsVerifiedBadge()
    ? verifiedAmong([authorId, ...comments.map((c) => c.authorId)])
    : [];
  return json({
    idea,
    authorVerified: authorId !== null && verifiedAuthors.includes(authorId),
    // Only ids the comments carry already: the idea's author id is not sent.
    verifiedAuthors: verifiedAuthors.filter((v) => comments.some((c) => c.authorId === v)),
    comments,
    absorbed: absorbedIdeas(id),
    coauthors: coauthorNames(id),
    // An idea put at an imported address (or right next to it) is said to be near it.
    nearAddress: nearestImportedPlace(idea.lat, idea.lng)?.name ?? null,
    workshop: workshopCreditOf(id) ?? null,
    viewer: user
      ? {
          id: user.id,
          ...viewerStateForIdea(user.id, id),
          // Until the address is confirmed, supports and reports are kept but not counted.
          held: !user.emailConfirmed,
          own,
          // The server decides again on saving; this only decides whether the form is offered.
          canEdit: own && idea.status === "visible" && Date.now() < Date.parse(editableUntil),
          reportedComments: reportedCommentIds(user.id, id),
          // A moderator can hide a visible idea from its page (the server checks the role again).
          canHide: moderates && idea.status === "visible",
        }
      : null,
    hiddenNote: hiddenIdea?.hidden ?? null,
    officialAnswer: hiddenIdea ? null : officialAnswerPanel(idea),
    siteName: t("site.name"),
    journey: ideaJourney(id),
  });
}

type ActionErrors = { intent: string; commentId?: number; errors: Record<string, string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = ideaIdFrom(params);
  const idea = getIdeaForPage(id);
  invariantResponse(idea, "Not found", { status: 404 });
  const submission = parseIdeaAction(await request.formData());
  if (submission.status !== "success") {
    const reply = submission.reply();
    return json<ActionErrors>(
      {
        intent: String(submission.payload.intent ?? ""),
        errors: (reply.error ?? {}) as Record<string, string[]>,
      },
      { status: 400 },
    );
  }
  const value = submission.value;
  const back = (hash = "", notice?: string) =>
    redirect(`/ideas/${id}${notice ? `?notice=${notice}` : ""}${hash}`, 303);
  const refuse = (status: 403 | 409, message: string, commentId?: number) =>
    json<ActionErrors>({ intent: value.intent, commentId, errors: { "": [message] } }, { status });
  // A withdrawn idea keeps its page and comments, but takes no new supports, comments or reports.
  if (
    idea.status === "withdrawn" &&
    ["vote", "follow", "comment", "flag", "edit-idea"].includes(value.intent)
  ) {
    return refuse(409, "validation.ideaWithdrawn");
  }
  const limited = (key: string, limit: (typeof LIMITS)[keyof typeof LIMITS]) => {
    const result = consume([[`${key}:${user.id}`, limit]]);
    return result.ok
      ? null
      : json<ActionErrors>(
          { intent: value.intent, errors: { "": ["auth.tooManyAttempts"] } },
          { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
        );
  };

  switch (value.intent) {
    case "vote":
      if (supportIdeaOnMap(user.id, id) === "own") return refuse(403, "validation.ownIdeaSupport");
      return back("#support");
    case "unvote":
      withdrawSupportOnMap(user.id, id);
      return back("#support");
    case "follow":
      followIdea(user.id, id);
      return back("#support");
    case "unfollow":
      unfollowIdea(user.id, id);
      return back("#support");
    case "comment": {
      if (value.website)
        return json<ActionErrors>(
          { intent: "comment", errors: { body: ["validation.honeypot"] } },
          { status: 400 },
        );
      const tooMany = limited("comment", LIMITS.commentsPerPerson);
      if (tooMany) return tooMany;
      const result = addComment({
        ideaId: id,
        authorId: user.id,
        body: value.body,
        parentId: value.parentId,
      });
      if (!result.ok)
        return json<ActionErrors>(
          { intent: "comment", errors: { parentId: ["validation.parentGone"] } },
          { status: 404 },
        );
      return back(`#comment-${result.id}`, "commented");
    }
    case "edit-comment":
    case "delete-comment": {
      const input = { commentId: value.commentId, ideaId: id, userId: user.id };
      const outcome =
        value.intent === "edit-comment"
          ? editOwnComment({ ...input, body: value.body })
          : deleteOwnComment(input);
      if (outcome === "not-found") throw new Response("Not found", { status: 404 });
      if (outcome === "forbidden") throw new Response("Forbidden", { status: 403 });
      if (outcome === "too-late") {
        return json<ActionErrors>(
          {
            intent: value.intent,
            commentId: value.commentId,
            errors: { body: ["validation.editTooLate"] },
          },
          { status: 409 },
        );
      }
      return value.intent === "edit-comment"
        ? back(`#comment-${value.commentId}`, "comment-edited")
        : back("#comments", "comment-deleted");
    }
    case "flag": {
      if (value.commentId && !visibleCommentExists(value.commentId, id))
        throw new Response("Not found", { status: 404 });
      const tooMany = limited("report", LIMITS.reportsPerPerson);
      if (tooMany) return tooMany;
      const targetType = value.commentId ? "comment" : "idea";
      const targetId = value.commentId ?? id;
      const reported = reportContent({
        targetType,
        targetId,
        reporterId: user.id,
        reason: value.reason,
        details: value.details ?? "",
      });
      if (reported === "own") return refuse(403, "validation.ownReport", value.commentId);
      if (hideIfReportedEnough(targetType, targetId) && targetType === "idea") {
        refreshIdeas([id]);
        // The idea is hidden now: its page would be a 404, so the thanks go on the map.
        return redirect("/?notice=reported", 303);
      }
      return back(value.commentId ? `#comment-${value.commentId}` : "", "reported");
    }
    case "edit-idea":
    case "withdraw-idea": {
      const input = { ideaId: id, userId: user.id };
      const outcome =
        value.intent === "edit-idea"
          ? editOwnIdea({ ...input, title: value.title, body: value.body })
          : withdrawOwnIdea(input);
      if (outcome === "not-found") throw new Response("Not found", { status: 404 });
      if (outcome === "forbidden") return refuse(403, "validation.notYourIdea");
      if (outcome === "too-late")
        return json<ActionErrors>(
          { intent: value.intent, errors: { body: ["validation.ideaEditTooLate"] } },
          { status: 409 },
        );
      if (outcome === "withdrawn") return refuse(409, "validation.ideaWithdrawn");
      refreshIdeas([id]);
      // A withdrawn idea's page says so itself.
      return value.intent === "edit-idea" ? back("", "saved") : back();
    }
  }
}

export default function IdeaPage() {
  const {
    idea,
    comments,
    viewer,
    absorbed,
    coauthors,
    workshop,
    hiddenNote,
    nearAddress,
    authorVerified,
    verifiedAuthors,
    officialAnswer,
    journey,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const root = useRootData();
  const location = useLocation();
  const { t, i18n } = useTranslation();
  const loginLink = `/login?${new URLSearchParams({ redirectTo: location.pathname })}`;
  // A hidden idea (only a moderator sees it) takes no supports, comments or reports either.
  const withdrawn = idea.status === "withdrawn" || hiddenNote !== null;
  // Refusals that belong to no form on the page (supporting or reporting oneself, a withdrawn idea).
  const pageErrors =
    actionData &&
    (["vote", "unvote", "follow", "unfollow", "edit-idea", "withdraw-idea", "flag"].includes(
      actionData.intent,
    ) ||
      (withdrawn && actionData.intent === "comment"))
      ? actionData.errors[""]
      : undefined;

  return (
    <article className="page idea-page">
      <p>
        <Link to="/">{t("idea.backToMap")}</Link>
      </p>
      <Notice />
      {hiddenNote ? <HiddenIdeaBanner ideaId={idea.id} note={hiddenNote} /> : null}
      {viewer?.canHide ? (
        <section className="moderator-tools" aria-labelledby="moderator-tools-heading">
          <h2 id="moderator-tools-heading">{t("moderation.onIdeaPage")}</h2>
          <HideForm action={`/moderation/ideas/${idea.id}`} redirectTo={`/ideas/${idea.id}`} />
        </section>
      ) : null}
      {idea.status === "withdrawn" ? (
        <p className="notice notice-withdrawn" role="status">
          {t("idea.withdrawnNotice")}
        </p>
      ) : null}
      {pageErrors?.length ? (
        <p className="notice notice-error" role="alert">
          {pageErrors.map((key) => t(key)).join(" ")}
        </p>
      ) : null}
      <header>
        <FocusBadge focusArea={idea.focusArea} />
        <h1 dir="auto">{idea.title}</h1>
        <p className="idea-meta">
          {workshop
            ? // An idea from a workshop is the room's: the participant's chosen name or "a participant",
              // and a facilitator's sticky note is the workshop's alone.
              tIsolated(
                t,
                workshop.byWorkshop ? "idea.bylineWorkshopNote" : "idea.bylineWorkshop",
                {
                  workshop: workshop.title,
                  author: workshop.name ?? t("idea.aParticipant"),
                  date: formatDate(idea.createdAt, i18n.language),
                },
              )
            : tIsolated(t, "idea.byline", {
                author: idea.authorName ?? t("idea.deletedUser"),
                date: formatDate(idea.createdAt, i18n.language),
              })}
          {!workshop && authorVerified ? (
            <>
              {" "}
              <VerifiedBadge />
            </>
          ) : null}
          {coauthors.length ? (
            <> {tIsolated(t, "idea.withCoauthors", { names: coauthors.join(", ") })}</>
          ) : null}
        </p>
        {workshop ? (
          <p className="idea-workshop">
            <Link to={`/workshops/${workshop.workshopId}/results`}>
              {t("idea.workshopResults")}
            </Link>
          </p>
        ) : null}
      </header>

      <div className="idea-layout">
        <div className="idea-text">
          {idea.photoPath ? (
            <img
              className="idea-photo"
              src={`/photos/${idea.photoPath}`}
              alt={t("idea.photoAlt", { title: idea.title })}
            />
          ) : null}
          {idea.body.split(/\n{2,}/).map((paragraph, n) => (
            <p key={n} dir="auto">
              <Linkified text={paragraph} />
            </p>
          ))}
          <div className="idea-actions" id="support">
            <SupportButton
              ideaId={idea.id}
              supports={idea.supports}
              supported={viewer?.supported ?? false}
              signedIn={Boolean(viewer)}
              loginLink={loginLink}
              closed={withdrawn || Boolean(viewer?.own)}
              held={viewer?.held ?? false}
            />
            {viewer && !withdrawn ? (
              <FollowButton ideaId={idea.id} following={viewer.following} />
            ) : null}
          </div>
          {viewer?.own && !withdrawn ? (
            <OwnIdeaTools
              idea={idea}
              canEdit={viewer.canEdit}
              errors={actionData?.intent === "edit-idea" ? actionData.errors : undefined}
            />
          ) : null}
          {officialAnswer ? <OfficialAnswerPanel panel={officialAnswer} /> : null}
          <IdeaJourney journey={journey} />
          {absorbed.length ? (
            <section aria-labelledby="absorbed-heading">
              <h2 id="absorbed-heading">{t("idea.absorbedHeading")}</h2>
              <ul className="plain-list">
                {absorbed.map((a) => (
                  <li key={a.id} dir="auto">
                    {a.title}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {viewer && !viewer.own && !withdrawn ? (
            <ReportForm
              ideaId={idea.id}
              alreadyReported={viewer.reported}
              held={viewer.held}
              errors={
                actionData?.intent === "flag" && !actionData.commentId
                  ? actionData.errors
                  : undefined
              }
            />
          ) : null}
        </div>
        <figure className="idea-place">
          {/* Without JavaScript there is no map to wait for: the box is hidden (app.css) and the caption remains. */}
          <ClientOnly
            fallback={
              <div className="location-map map-placeholder">
                <p className="map-placeholder-loading">{t("map.loading")}</p>
              </div>
            }
          >
            {() => (
              <Suspense
                fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
              >
                <IdeaLocationMap
                  lat={idea.lat}
                  lng={idea.lng}
                  focusArea={idea.focusArea}
                  tileUrl={root.map.tileUrl}
                  tileAttribution={root.map.tileAttribution}
                />
              </Suspense>
            )}
          </ClientOnly>
          <figcaption>
            {nearAddress ? (
              <span className="idea-near-address">
                {tIsolated(t, "idea.nearAddress", { place: nearAddress })}{" "}
              </span>
            ) : null}
            {/* Not "lng": i18next reads that as the language to translate into. */}
            {t("idea.coordinates", {
              latitude: idea.lat.toLocaleString(i18n.language, { maximumFractionDigits: 5 }),
              longitude: idea.lng.toLocaleString(i18n.language, { maximumFractionDigits: 5 }),
            })}
          </figcaption>
        </figure>
      </div>

      <section aria-labelledby="comments-heading" className="comments" id="comments">
        <h2 id="comments-heading">{t("idea.commentsHeading", { count: idea.comments })}</h2>
        <CommentThread
          comments={comments}
          ideaId={idea.id}
          viewerId={viewer?.id ?? null}
          reportedComments={viewer?.reportedComments ?? []}
          closed={withdrawn}
          actionData={actionData}
          reportsHeld={viewer?.held ?? false}
          verifiedAuthors={verifiedAuthors}
        />
        {withdrawn ? null : viewer ? (
          <CommentForm
            ideaId={idea.id}
            errors={actionData?.intent === "comment" ? actionData.errors : undefined}
          />
        ) : (
          <p>
            <Link to={loginLink}>{t("idea.loginToComment")}</Link>
          </p>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
