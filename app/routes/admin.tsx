// GET/POST /admin: accounts (roles, blocking) and moderation settings. Admins only.
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, SearchForm } from "~/components/forms";
import { ThresholdsForm } from "~/components/ThresholdsForm";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { Notice } from "~/components/Notice";
import { AdminActionSchema } from "~/domain/moderation-schemas";
import { logAction } from "~/models/audit.server";
import {
  getSettings,
  getThresholdRule,
  getVerificationSettings,
  saveSettings,
  saveThresholdRule,
  saveVerificationSettings,
} from "~/models/settings.server";
import { ROLES } from "~/domain/roles";
import { listUsers, setBlocked, setRole } from "~/models/users.server";
import { requireRole } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, ["admin"]);
  const q = new URL(request.url).searchParams.get("q")?.slice(0, 200) ?? "";
  const { t } = await getFixedT(request);
  return json({
    title: `${t("admin.title")} – ${t("site.name")}`,
    users: listUsers(q),
    q,
    settings: getSettings(),
    verification: getVerificationSettings(),
    thresholds: getThresholdRule(),
    me: admin.id,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, ["admin"]);
  const submission = parseWithZod(await request.formData(), { schema: AdminActionSchema });
  if (submission.status !== "success") {
    return json(
      { errors: (submission.reply().error ?? {}) as Record<string, string[]> },
      { status: 400 },
    );
  }
  const value = submission.value;
  if (value.intent === "thresholds") {
    saveThresholdRule(
      { supports: value.supports, days: value.days, answerDays: value.answerDays },
      admin.id,
    );
    return redirect("/admin?notice=saved", 303);
  }
  if (value.intent === "settings") {
    const settings = {
      autoHideReports: value.autoHideReports,
      premoderation: value.premoderation === "on",
    };
    saveSettings(settings);
    logAction({
      actorId: admin.id,
      action: "settings.change",
      targetType: "setting",
      targetId: null,
      details: settings,
    });
    return redirect("/admin?notice=saved", 303);
  }
  if (value.intent === "verification") {
    const verification = {
      verifiedBadge: value.verifiedBadge === "on",
      verifiedSupportsOnly: value.verifiedSupportsOnly === "on",
    };
    saveVerificationSettings(verification);
    logAction({
      actorId: admin.id,
      action: "settings.change",
      targetType: "setting",
      targetId: null,
      details: verification,
    });
    return redirect("/admin?notice=saved", 303);
  }
  if (value.userId === admin.id)
    return json({ errors: { userId: ["admin.notYourself"] } }, { status: 400 });
  const ok =
    value.intent === "set-role"
      ? setRole(value.userId, value.role, admin.id)
      : setBlocked(value.userId, value.intent === "block", admin.id);
  if (!ok) return json({ errors: { userId: ["admin.userNotFound"] } }, { status: 404 });
  return redirect("/admin?notice=saved", 303);
}

export default function AdminPage() {
  const { users, q, settings, verification, thresholds, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors;
  const { t } = useTranslation();
  return (
    <div className="page">
      <p>
        <Link to="/moderation">{t("moderation.queue")}</Link>
      </p>
      <Notice />
      <h1>{t("admin.title")}</h1>
      <ErrorList errors={errors ? Object.values(errors).flat() : undefined} />

      <section aria-labelledby="settings-heading" className="panel">
        <h2 id="settings-heading">{t("admin.settings")}</h2>
        <Form method="post" className="stack-form">
          <input type="hidden" name="intent" value="settings" />
          <div className="field">
            <label htmlFor="auto-hide">{t("admin.autoHide")}</label>
            <input
              id="auto-hide"
              name="autoHideReports"
              type="number"
              min={1}
              max={50}
              defaultValue={settings.autoHideReports}
              required
            />
          </div>
          <label className="checkbox">
            <input type="checkbox" name="premoderation" defaultChecked={settings.premoderation} />
            {t("admin.premoderation")}
          </label>
          <button type="submit" className="button secondary">
            {t("moderation.save")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="verification-heading" className="panel">
        <h2 id="verification-heading">{t("identity.adminHeading")}</h2>
        <p>{t("identity.adminIntro")}</p>
        <Form method="post" className="stack-form">
          <input type="hidden" name="intent" value="verification" />
          <label className="checkbox">
            <input
              type="checkbox"
              name="verifiedBadge"
              defaultChecked={verification.verifiedBadge}
            />
            {t("identity.adminBadge")}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              name="verifiedSupportsOnly"
              defaultChecked={verification.verifiedSupportsOnly}
            />
            {t("identity.adminSupportsOnly")}
          </label>
          <button type="submit" className="button secondary">
            {t("moderation.save")}
          </button>
        </Form>
      </section>
      <ThresholdsForm rule={thresholds} errors={errors} />

      <section aria-labelledby="users-heading">
        <h2 id="users-heading">{t("admin.users")}</h2>
        <SearchForm label={t("admin.searchUsers")} defaultValue={q} />
        <table className="data-table">
          <caption className="visually-hidden">{t("admin.users")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("auth.name")}</th>
              <th scope="col">{t("auth.email")}</th>
              <th scope="col">{t("admin.role")}</th>
              <th scope="col">{t("admin.access")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  {u.id === me ? (
                    t(`roles.${u.role}`)
                  ) : (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="set-role" />
                      <input type="hidden" name="userId" value={u.id} />
                      <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                        {t("admin.roleFor", { name: u.name })}
                      </label>
                      <select id={`role-${u.id}`} name="role" defaultValue={u.role}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {t(`roles.${r}`)}
                          </option>
                        ))}
                      </select>{" "}
                      <button type="submit" className="button secondary small">
                        {t("moderation.save")}
                      </button>
                    </Form>
                  )}
                </td>
                <td>
                  {u.id === me ? null : (
                    <Form method="post" className="inline">
                      <input
                        type="hidden"
                        name="intent"
                        value={u.blockedAt ? "unblock" : "block"}
                      />
                      <input type="hidden" name="userId" value={u.id} />
                      <button
                        type="submit"
                        className={u.blockedAt ? "button secondary small" : "button danger small"}
                      >
                        {u.blockedAt
                          ? t("admin.unblock", { name: u.name })
                          : t("admin.block", { name: u.name })}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
