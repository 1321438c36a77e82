// GET /me/notifications: what happened to ideas I wrote, support or follow. POST `intent=open`
// (`id`) marks one read and leads to where it happened; any other POST marks them all read.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { notificationLine } from "~/domain/notification-text";
import {
  markAllNotificationsRead,
  notificationsFor,
  openNotification,
} from "~/models/notifications.server";
import { requireUser } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("notifications.title")} – ${t("site.name")}`,
    notifications: notificationsFor(user.id),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  if (formData.get("intent") !== "open") {
    markAllNotificationsRead(user.id);
    return redirect("/me/notifications", 303);
  }
  const id = String(formData.get("id") ?? "");
  const opened = /^\d{1,15}$/.test(id) ? openNotification(user.id, Number(id)) : null;
  // The error page says it in the person's language.
  if (!opened) throw new Response("Not found", { status: 404 });
  if (!opened.ideaId || !opened.ideaShown) return redirect("/me/notifications", 303);
  return redirect(
    `/ideas/${opened.ideaId}${opened.commentId ? `#comment-${opened.commentId}` : ""}`,
    303,
  );
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
              <span className="notification-line">{notificationLine(t, n)}</span>{" "}
              {n.ideaId && n.ideaTitle ? (
                // Opening is a change (it marks the notification read), so it is a POST styled as a link.
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={n.id} />
                  <button
                    type="submit"
                    className="link-button"
                    aria-label={n.readAt ? undefined : t("notifications.openLabel")}
                  >
                    {t("notifications.open")}
                  </button>
                </Form>
              ) : null}
              {n.message ? (
                <p className="notification-message" dir="auto">
                  {n.message}
                </p>
              ) : null}
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
