// GET /w: a page to type a workshop code; GET /w?code=…: to that workshop (a 404 page for an
// unknown code, 429 for an address that keeps naming unknown ones).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { TooManyCodeGuesses } from "~/components/workshop/TooManyCodeGuesses";
import { getFixedT } from "~/utils/locale.server";
import { requireWorkshopByCode } from "~/utils/workshop.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Samskapa Borås" },
];
export const headers: HeadersFunction = ({ errorHeaders, loaderHeaders }) =>
  errorHeaders?.has("Retry-After") ? errorHeaders : loaderHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const code = new URL(request.url).searchParams.get("code");
  if (code !== null) {
    // Typed from a screen at a distance: "abc 123" or "ABC-123" is the code ABC123.
    const workshop = await requireWorkshopByCode(
      request,
      code.replace(/[\s-]/g, "").toUpperCase(),
      context.clientIp,
    );
    return redirect(`/w/${workshop.code}`);
  }
  const { t } = await getFixedT(request);
  return json({ title: `${t("workshop.enterCodeTitle")} – ${t("site.name")}` });
}

export default function EnterCode() {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("workshop.enterCodeTitle")}</h1>
      <Form method="get" className="stack-form">
        <div className="field">
          <label htmlFor="w-code">{t("workshop.code")}</label>
          <p id="w-code-hint" className="field-hint">
            {t("workshop.enterCodeHint")}
          </p>
          <input
            id="w-code"
            name="code"
            required
            maxLength={20}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby="w-code-hint"
            dir="ltr"
          />
        </div>
        <button type="submit" className="button">
          {t("workshop.enterCodeButton")}
        </button>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 429) return <TooManyCodeGuesses />;
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <div className="page narrow error-page">
        <h1>{t("workshop.unknownTitle")}</h1>
        <p>{t("workshop.unknownBody")}</p>
        <p>
          <Link to="/w">{t("workshop.enterCodeTitle")}</Link>
        </p>
      </div>
    );
  }
  return <GeneralErrorBoundary />;
}
