// GET/POST /me/delete: delete my account (confirm=yes). My ideas and comments stay, without my name.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { deleteAccount } from "~/models/me.server";
import { requireUser, signOut } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  const { t } = await getFixedT(request);
  return json({ title: `${t("deleteAccount.title")} – ${t("site.name")}` });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  if (formData.get("confirm") !== "yes") {
    return json({ errors: ["deleteAccount.confirmRequired"] }, { status: 400 });
  }
  const headers = await signOut(request);
  deleteAccount(user.id);
  return redirect("/?notice=account-deleted", { headers });
}

export default function DeleteAccountPage() {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("deleteAccount.title")}</h1>
      <p>{t("deleteAccount.explain")}</p>
      <p>
        <a href="/me/export" download>
          {t("deleteAccount.exportFirst")}
        </a>
      </p>
      <Form method="post">
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              name="confirm"
              value="yes"
              required
              aria-describedby={actionData?.errors ? "confirm-error" : undefined}
              aria-invalid={actionData?.errors ? true : undefined}
            />
            {t("deleteAccount.confirm")}
          </label>
          <ErrorList id="confirm-error" errors={actionData?.errors} />
        </div>
        <button type="submit" className="button danger">
          {t("deleteAccount.button")}
        </button>{" "}
        <Link to="/me">{t("deleteAccount.cancel")}</Link>
      </Form>
    </div>
  );
}
