// After /join with an address that already has an account: the same calm answer for everyone.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormCard } from "~/components/forms";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  return json({ title: `${t("auth.checkEmailTitle")} – ${t("site.name")}` });
}

export default function CheckEmail() {
  const { t } = useTranslation();
  return (
    <FormCard title={t("auth.checkEmailTitle")}>
      <p>{t("auth.checkEmailBody")}</p>
      <p>
        <Link to="/login">{t("auth.loginLink")}</Link>
      </p>
    </FormCard>
  );
}
