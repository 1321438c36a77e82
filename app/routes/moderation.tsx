// The moderators' area: its navigation. Each child route checks the role itself as well. Officials
// (issue 15) come in for the answers queue only: every other child refuses them (requireModerator).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { Notice } from "~/components/Notice";
import { requireAnswerer } from "~/utils/moderation.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAnswerer(request);
  return json({ isAdmin: user.role === "admin", isOfficial: user.role === "official" });
}

export default function ModerationLayout() {
  const { isAdmin, isOfficial } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (isOfficial) {
    return (
      <div className="page moderation">
        <nav aria-label={t("moderation.nav")} className="sub-nav">
          <ul>
            <li>
              <NavLink to="/moderation/answers">{t("answers.nav")}</NavLink>
            </li>
          </ul>
        </nav>
        <Notice />
        <Outlet />
      </div>
    );
  }
  return (
    <div className="page moderation">
      <nav aria-label={t("moderation.nav")} className="sub-nav">
        <ul>
          <li>
            <NavLink to="/moderation" end>
              {t("moderation.queue")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/moderation/hidden">{t("moderation.hiddenNav")}</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/groups">{t("moderation.groups")}</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/actions">{t("actions.nav")}</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/suggestions">{t("moderation.suggestions")}</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/answers">{t("answers.nav")}</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/audit">{t("moderation.audit")}</NavLink>
          </li>
          {isAdmin ? (
            <li>
              <NavLink to="/admin">{t("moderation.admin")}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <Notice />
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
