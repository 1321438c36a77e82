// GET /ideas/:id: one idea with its place, focus area, supports, comments, group and stage.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import leafletStyles from "leaflet/dist/leaflet.css";
import { FocusBadge } from "~/components/FocusArea";
import { formatDate, formatNumber } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { visibleCommentsForIdea, type PublicComment } from "~/models/comments.server";
import { getVisibleIdea } from "~/models/ideas.server";
import { useRootData } from "~/root";
import { getFixedT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/misc";

const IdeaLocationMap = lazy(() => import("~/components/map/IdeaLocationMap.client"));

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.idea.title} – ${data.siteName}` : "Samskapa Borås" },
  { name: "description", content: data?.idea.excerpt ?? "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  invariantResponse(Number.isSafeInteger(id), "Not found", { status: 404 });
  const idea = getVisibleIdea(id);
  invariantResponse(idea, "Not found", { status: 404 });
  const { t } = await getFixedT(request);
  return json({ idea, comments: visibleCommentsForIdea(id), siteName: t("site.name") });
}

export default function IdeaPage() {
  const { idea, comments } = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t, i18n } = useTranslation();
  const replies = new Map<number, PublicComment[]>();
  for (const c of comments) {
    if (c.parentId) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
  }
  const topLevel = comments.filter((c) => !c.parentId);

  return (
    <article className="page idea-page">
      <p>
        <Link to="/">{t("idea.backToMap")}</Link>
      </p>
      <header>
        <FocusBadge focusArea={idea.focusArea} />
        <h1>{idea.title}</h1>
        <p className="idea-meta">
          {t("idea.byline", {
            author: idea.authorName ?? t("idea.deletedUser"),
            date: formatDate(idea.createdAt, i18n.language),
          })}
        </p>
      </header>

      <div className="idea-layout">
        <div className="idea-text">
          {idea.body.split(/\n{2,}/).map((paragraph, n) => (
            <p key={n}>{paragraph}</p>
          ))}
          <p className="idea-stats">
            <strong>
              {t("idea.supports", {
                count: idea.supports,
                formatted: formatNumber(idea.supports, i18n.language),
              })}
            </strong>
          </p>
          <section aria-labelledby="group-heading" className="idea-group">
            <h2 id="group-heading">{t("idea.groupHeading")}</h2>
            {idea.groupId && idea.stage ? (
              <p>
                {t("idea.inGroup", { group: idea.groupTitle })}{" "}
                <span className="stage-badge" data-stage={idea.stage}>
                  {t(`stages.${idea.stage}`)}
                </span>
              </p>
            ) : (
              <p>{t("idea.notGrouped")}</p>
            )}
          </section>
        </div>
        <figure className="idea-place">
          <ClientOnly fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}>
            {() => (
              <Suspense fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}>
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
            {t("idea.coordinates", {
              lat: idea.lat.toLocaleString(i18n.language, { maximumFractionDigits: 5 }),
              lng: idea.lng.toLocaleString(i18n.language, { maximumFractionDigits: 5 }),
            })}
          </figcaption>
        </figure>
      </div>

      <section aria-labelledby="comments-heading" className="comments">
        <h2 id="comments-heading">
          {t("idea.comments", { count: comments.length, formatted: formatNumber(comments.length, i18n.language) })}
        </h2>
        {topLevel.length === 0 ? <p>{t("idea.noComments")}</p> : null}
        <ol className="comment-list">
          {topLevel.map((c) => (
            <li key={c.id}>
              <CommentView comment={c} />
              {replies.get(c.id)?.length ? (
                <ol className="comment-replies">
                  {replies.get(c.id)!.map((r) => (
                    <li key={r.id}>
                      <CommentView comment={r} />
                    </li>
                  ))}
                </ol>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

function CommentView({ comment }: { comment: PublicComment }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="comment" id={`comment-${comment.id}`}>
      <p className="comment-meta">
        <strong>{comment.authorName ?? t("idea.deletedUser")}</strong>{" "}
        <time dateTime={comment.createdAt}>{formatDate(comment.createdAt, i18n.language)}</time>
      </p>
      <p className="comment-body">{comment.body}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
