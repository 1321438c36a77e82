// After /join, whether the address was new or had an account already: the same calm answer for
// everyone (the owner of a taken address gets a mail saying how to sign in instead).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormCard } from "~/components/forms";
import { safeRedirect } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  return json({ title: `${t("auth.checkEmailTitle")} – ${t("site.name")}`, redirectTo });
}

export default function CheckEmail() {
  const { t } = useTranslation();
  const { redirectTo } = useLoaderData<typeof loader>();
  return (
    <FormCard title={t("auth.checkEmailTitle")}>
      <p>{t("identity.checkEmailBody")}</p>
      <p>
        {/* The same link for both: /login sends a signed-in person straight on to redirectTo. */}
        <Link to={`/login?${new URLSearchParams({ redirectTo })}`}>
          {t("identity.checkEmailContinue")}
        </Link>
      </p>
    </FormCard>
  );
}
