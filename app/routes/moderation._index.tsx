// GET /moderation: the queue — reported ideas and comments, items hidden by reports, new ideas.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/components/format";
import { HideForm } from "~/components/moderation/HideForm";
import { closeBarrierReport, openBarrierReports } from "~/models/barriers.server";
import { moderationQueue, type QueueItem } from "~/models/moderation.server";
import { getFixedT } from "~/utils/locale.server";
import { requireModerator } from "~/utils/moderation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireModerator(request);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("moderation.queue")} – ${t("site.name")}`,
    ...moderationQueue(),
    barriers: openBarrierReports(),
  });
}

/** POST /moderation: intent=barrier-done (barrierId) marks a reported barrier as fixed. */
export async function action({ request }: ActionFunctionArgs) {
  await requireModerator(request);
  const formData = await request.formData();
  const id = Number(formData.get("barrierId"));
  if (formData.get("intent") !== "barrier-done" || !Number.isSafeInteger(id) || id <= 0) {
    return json({ error: "validation.invalid" }, { status: 400 });
  }
  if (!closeBarrierReport(id)) return json({ error: "moderation.notFound" }, { status: 404 });
  return redirect("/moderation?notice=barrier-closed", 303);
}

export default function QueuePage() {
  const { reportedIdeas, reportedComments, newIdeas, barriers } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("moderation.queueTitle")}</h1>
      <QueueSection
        id="reported-ideas"
        title={t("moderation.reportedIdeas", { count: reportedIdeas.length })}
        items={reportedIdeas}
      />
      <QueueSection
        id="reported-comments"
        title={t("moderation.reportedComments", { count: reportedComments.length })}
        items={reportedComments}
      />
      <QueueSection
        id="new-ideas"
        title={t("moderation.newIdeas", { count: newIdeas.length })}
        items={newIdeas}
      />
      <section aria-labelledby="barriers" className="queue-section">
        <h2 id="barriers">{t("moderation.barriers", { count: barriers.length })}</h2>
        {barriers.length === 0 ? <p>{t("moderation.nothingHere")}</p> : null}
        <ul className="queue">
          {barriers.map((b) => (
            <li key={b.id} className="queue-card">
              <p className="queue-body">{b.description}</p>
              {b.page ? (
                <p>
                  {t("moderation.barrierPage")} {b.page}
                </p>
              ) : null}
              {b.contact ? (
                <p>
                  {t("moderation.barrierContact")} {b.contact}
                </p>
              ) : null}
              <Form method="post">
                <input type="hidden" name="intent" value="barrier-done" />
                <input type="hidden" name="barrierId" value={b.id} />
                <button type="submit" className="button secondary">
                  {t("moderation.barrierDone")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function QueueSection({ id, title, items }: { id: string; title: string; items: QueueItem[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id} className="queue-section">
      <h2 id={id}>{title}</h2>
      {items.length === 0 ? (
        <p>{t("moderation.nothingHere")}</p>
      ) : (
        <ul className="queue">
          {items.map((item) => (
            <QueueCard key={`${item.type}-${item.id}`} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function QueueCard({ item }: { item: QueueItem }) {
  const { t, i18n } = useTranslation();
  const action = `/moderation/${item.type === "idea" ? "ideas" : "comments"}/${item.id}`;
  const headingId = `q-${item.type}-${item.id}`;
  return (
    <li className="queue-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {item.type === "comment" ? `${t("moderation.commentOn")} ` : null}
        {item.status === "visible" ? (
          <Link to={`/ideas/${item.ideaId}`}>{item.title}</Link>
        ) : (
          item.title
        )}
      </h3>
      <p className="queue-status">
        <span className="status-badge" data-status={item.status}>
          {item.hiddenAutomatically
            ? t("moderation.status.autoHidden")
            : t(`moderation.status.${item.status}`)}
        </span>{" "}
        <span className="muted">{formatDate(item.createdAt, i18n.language)}</span>
      </p>
      <p className="queue-body">{item.body}</p>
      {item.reports > 0 ? (
        <p>
          <strong>{t("moderation.reports", { count: item.reports })}</strong>{" "}
          {item.reasons
            .split(",")
            .filter(Boolean)
            .map((r) => t(`report.reasons.${r}`))
            .join(", ")}
          {item.details ? <span className="muted"> — {item.details}</span> : null}
        </p>
      ) : null}
      {item.reporters.length ? (
        <p className="queue-reporters">
          {t("moderation.reportedBy")}{" "}
          {item.reporters.map((r, n) => (
            <span key={n}>
              {n > 0 ? ", " : null}
              <bdi>{r.name ?? t("idea.deletedUser")}</bdi>
              {r.name === null
                ? null
                : !r.confirmed
                  ? ` (${t("moderation.reporterUnconfirmed")})`
                  : r.newAccount
                    ? ` (${t("moderation.reporterNew")})`
                    : null}
            </span>
          ))}
        </p>
      ) : null}
      <div className="queue-actions">
        {item.status !== "hidden" || item.hiddenAutomatically ? (
          <HideForm action={action} redirectTo="/moderation" />
        ) : null}
        {item.status === "hidden" ? (
          <QueueButton action={action} intent="restore" label={t("moderation.restore")} />
        ) : null}
        {item.reports > 0 && item.status !== "hidden" ? (
          <QueueButton action={action} intent="dismiss-reports" label={t("moderation.dismiss")} />
        ) : null}
        {item.reports === 0 && item.type === "idea" && item.status !== "hidden" ? (
          <QueueButton
            action={action}
            intent="approve"
            label={item.status === "pending" ? t("moderation.publish") : t("moderation.approve")}
          />
        ) : null}
      </div>
    </li>
  );
}

/** One of the queue's one-click actions (restore, dismiss the reports, approve or publish). */
function QueueButton({ action, intent, label }: { action: string; intent: string; label: string }) {
  return (
    <Form method="post" action={action}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="redirectTo" value="/moderation" />
      <button type="submit" className="button secondary">
        {label}
      </button>
    </Form>
  );
}
