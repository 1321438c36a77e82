// GET /auth/:id/callback: the provider sends the browser back here with a code and the state.
// A GET that changes state because that is the OAuth protocol: the state, checked against this
// browser's signed cookie, is the CSRF defence (docs/security.md). Every refusal is a clear page
// and changes nothing.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OidcProblem } from "~/components/OidcProblem";
import {
  clearOidcCookie,
  findProvider,
  finishSignIn,
  oidcCookie,
} from "~/services/oidc-sign-in.server";
import { getUser, signInHeaders } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { NO_REFERRER_META, tokenPageHeaders } from "~/utils/token-page";

// The address holds the code: no Referer, no cache.
export const headers = tokenPageHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
  NO_REFERRER_META,
];

const STATUS = {
  expired: 400,
  refused: 400,
  cancelled: 400,
  unreachable: 503,
  "linked-elsewhere": 409,
  blocked: 403,
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const provider = findProvider(params.id ?? "");
  if (!provider) throw new Response("Not found", { status: 404 });
  const { t, language } = await getFixedT(request);
  const outcome = await finishSignIn(
    provider,
    request,
    language,
    (await getUser(request))?.id ?? null,
  );
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (outcome.ok) {
    headers.append("Set-Cookie", await clearOidcCookie());
    // Linking keeps the session the person has; a sign-in starts a new one.
    if (!outcome.linked) {
      const session = new Headers(await signInHeaders(outcome.userId));
      headers.append("Set-Cookie", session.get("Set-Cookie")!);
    }
    return redirect(outcome.linked ? "/me" : outcome.redirectTo, { headers });
  }
  if ("needsName" in outcome) {
    headers.append("Set-Cookie", await oidcCookie().serialize(outcome.pendingKey));
    return redirect(`/auth/${provider.id}/name`, { headers });
  }
  headers.append("Set-Cookie", await clearOidcCookie());
  return json(
    {
      title: `${t(`identity.problems.${outcome.refusal}.title`)} – ${t("site.name")}`,
      problem: outcome.refusal,
      label: provider.label,
    },
    { status: STATUS[outcome.refusal], headers },
  );
}

export default function SignInCallback() {
  const { problem, label } = useLoaderData<typeof loader>();
  return <OidcProblem problem={problem} label={label} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
