// GET /me/notifications: what happened to ideas I wrote, support or follow. POST marks them read.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { markNotificationsRead, notificationsFor } from "~/models/me.server";
import { requireUser } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getFixedT(request);
  return json({ title: `${t("notifications.title")} – ${t("site.name")}`, notifications: notificationsFor(user.id) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  markNotificationsRead(user.id);
  return redirect("/me/notifications", 303);
}

export default function NotificationsPage() {
  const { notifications } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <div className="page narrow">
      <h1>{t("notifications.title")}</h1>
      <p>{t("notifications.unread", { count: unread })}</p>
      {unread > 0 ? (
        <Form method="post">
          <button type="submit" className="button secondary">
            {t("notifications.markRead")}
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <ol className="notification-list">
          {notifications.map((n) => (
            <li key={n.id} className={n.readAt ? "read" : "unread"}>
              {!n.readAt ? <span className="unread-dot">{t("notifications.new")}</span> : null}{" "}
              {t(`notifications.kinds.${n.kind}`, { idea: n.ideaTitle ?? t("notifications.removedIdea") })}{" "}
              {n.ideaId && n.ideaTitle ? (
                <Link to={`/ideas/${n.ideaId}${n.commentId ? `#comment-${n.commentId}` : ""}`}>{t("notifications.open")}</Link>
              ) : null}
              {n.message ? <p className="notification-message">{n.message}</p> : null}
              <p className="muted">{formatDate(n.createdAt, i18n.language)}</p>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
