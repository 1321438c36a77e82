// GET /join/confirm?token=…: the page behind the link in the confirmation mail, with one button;
// POST confirms the address (a GET changes nothing: mail scanners open links too). A used, expired
// or unknown link gets a page that says which, and how to get a new one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormCard } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ConfirmEmailSchema } from "~/domain/account-schemas";
import { CONFIRM_VALID_HOURS, confirmLinkState } from "~/models/email-confirmations.server";
import { confirmEmail } from "~/services/email-confirmation.server";
import { getFixedT } from "~/utils/locale.server";
import { NO_REFERRER_META, tokenPageHeaders } from "~/utils/token-page";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
  NO_REFERRER_META,
];

export const headers = tokenPageHeaders;

type Refusal = "used" | "expired" | "unknown";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  const url = new URL(request.url);
  const title = `${t("auth.confirmTitle")} – ${t("site.name")}`;
  const noStore = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };
  if (url.searchParams.get("confirmed") === "1") {
    return json(
      { title, state: "confirmed" as const, token: null, hours: CONFIRM_VALID_HOURS },
      { headers: noStore },
    );
  }
  const token = url.searchParams.get("token") ?? "";
  const state = confirmLinkState(token);
  return json(
    { title, state, token: state === "valid" ? token : null, hours: CONFIRM_VALID_HOURS },
    { status: state === "valid" ? 200 : 400, headers: noStore },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = ConfirmEmailSchema.safeParse(Object.fromEntries(await request.formData()));
  const outcome = submission.success
    ? confirmEmail(submission.data.token)
    : { ok: false as const, reason: "unknown" as const };
  if (!outcome.ok) return json({ refused: outcome.reason as Refusal }, { status: 400 });
  return redirect("/join/confirm?confirmed=1", 303);
}

export default function ConfirmEmailPage() {
  const { state, token, hours } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const refused: Refusal | null =
    actionData?.refused ?? (state === "valid" || state === "confirmed" ? null : state);
  if (state === "confirmed") {
    return (
      <FormCard title={t("auth.confirmTitle")}>
        <p role="status" className="notice">
          {t("auth.confirmDone")}
        </p>
        <p>
          <Link to="/">{t("auth.confirmToMap")}</Link>
        </p>
      </FormCard>
    );
  }
  if (refused) {
    return (
      <FormCard title={t("auth.confirmTitle")}>
        <p role="alert">
          {refused === "used"
            ? t("auth.confirmLinkUsed")
            : refused === "expired"
              ? t("auth.confirmLinkExpired", { hours })
              : t("auth.confirmLinkUnknown")}
        </p>
        <p>
          {refused === "used" ? (
            <Link to="/login">{t("auth.loginLink")}</Link>
          ) : (
            <Link to="/join/resend">{t("auth.resendLink")}</Link>
          )}
        </p>
      </FormCard>
    );
  }
  return (
    <FormCard title={t("auth.confirmTitle")}>
      <p>{t("auth.confirmIntro")}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token ?? ""} />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("auth.confirmButton")}
        </button>
      </Form>
    </FormCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
