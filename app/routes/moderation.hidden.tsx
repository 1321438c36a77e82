// GET /moderation/hidden: every hidden idea and comment — why, when and by whom (or hidden by
// reports) — each with Restore, so that nothing a moderator hid is lost from sight. The Restore
// forms post to /moderation/ideas/:id and /moderation/comments/:id and come back here.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { tIsolated } from "~/components/bidi";
import { formatDate } from "~/components/format";
import { hiddenContent, type HiddenItem } from "~/models/moderation.server";
import { getFixedT } from "~/utils/locale.server";
import { requireModerator } from "~/utils/moderation.server";

const HERE = "/moderation/hidden";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireModerator(request);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("moderation.hiddenTitle")} – ${t("site.name")}`,
    items: hiddenContent(),
  });
}

export default function HiddenPage() {
  const { items } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const ideas = items.filter((i) => i.type === "idea");
  const comments = items.filter((i) => i.type === "comment");
  return (
    <>
      <h1>{t("moderation.hiddenTitle")}</h1>
      <p>{t("moderation.hiddenIntro")}</p>
      <HiddenSection
        id="hidden-ideas"
        title={t("moderation.hiddenIdeas", { count: ideas.length })}
        items={ideas}
      />
      <HiddenSection
        id="hidden-comments"
        title={t("moderation.hiddenComments", { count: comments.length })}
        items={comments}
      />
    </>
  );
}

function HiddenSection({ id, title, items }: { id: string; title: string; items: HiddenItem[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id} className="queue-section">
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? <p>{t("moderation.nothingHidden")}</p> : null}
      <ul className="queue">
        {items.map((item) => (
          <HiddenCard key={`${item.type}-${item.id}`} item={item} />
        ))}
      </ul>
    </section>
  );
}

function HiddenCard({ item }: { item: HiddenItem }) {
  const { t, i18n } = useTranslation();
  const headingId = `hidden-${item.type}-${item.id}`;
  const page =
    item.type === "idea" ? `/ideas/${item.id}` : `/ideas/${item.ideaId}#comment-${item.id}`;
  const date = formatDate(item.hiddenAt, i18n.language);
  return (
    <li className="queue-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {item.type === "comment" ? `${t("moderation.commentOn")} ` : null}
        <Link to={page}>
          <bdi>{item.title}</bdi>
        </Link>
      </h3>
      <p className="queue-status">
        <span className="status-badge" data-status="hidden">
          {item.hiddenAutomatically
            ? t("moderation.status.autoHidden")
            : t("moderation.status.hidden")}
        </span>{" "}
        <span className="muted">
          {item.hiddenAutomatically
            ? tIsolated(t, "moderation.hiddenByReportsOn", { date })
            : tIsolated(t, "moderation.hiddenByOn", {
                name: item.hiddenBy ?? t("idea.deletedUser"),
                date,
              })}
        </span>
      </p>
      <p className="queue-body" dir="auto">
        {item.body}
      </p>
      {item.reason ? (
        <p>
          <strong>{t("moderation.hiddenReason")}</strong> <span dir="auto">{item.reason}</span>
        </p>
      ) : null}
      <Form
        method="post"
        action={`/moderation/${item.type === "idea" ? "ideas" : "comments"}/${item.id}`}
      >
        <input type="hidden" name="intent" value="restore" />
        <input type="hidden" name="redirectTo" value={HERE} />
        <button type="submit" className="button secondary" aria-describedby={headingId}>
          {t("moderation.restore")}
        </button>
      </Form>
    </li>
  );
}
