// GET /auth/:id: starts a sign-in with an OpenID provider (OIDC_PROVIDERS), or with ?link=1 the
// linking of an e-ID to the signed-in account. The browser goes on to the provider; a provider
// that cannot be reached gets a page saying so (503), an unknown id the 404 page.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OidcProblem } from "~/components/OidcProblem";
import { findProvider, ProviderUnreachable, startSignIn } from "~/services/oidc-sign-in.server";
import { requireUser, safeRedirect } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { consume } from "~/utils/rate-limit.server";
import { tokenPageHeaders } from "~/utils/token-page";

// No cache (every start is a new state), and a 429's or 503's Retry-After on the document too.
export const headers: HeadersFunction = (args) => {
  const headers = new Headers(tokenPageHeaders(args));
  const retry = args.loaderHeaders.get("Retry-After");
  if (retry) headers.set("Retry-After", retry);
  return headers;
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

// Each start keeps a row for ten minutes: one address cannot pile them up.
const STARTS_PER_ADDRESS = { limit: 60, windowMs: 10 * 60_000 };

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const provider = findProvider(params.id ?? "");
  if (!provider) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const linking = url.searchParams.get("link") === "1";
  const { t, language } = await getFixedT(request);
  const page = (problem: "unreachable" | "not-e-id" | "too-many", status: number) =>
    json(
      {
        title: `${t(`identity.problems.${problem}.title`)} – ${t("site.name")}`,
        problem,
        label: provider.label,
      },
      { status, headers: status === 503 || status === 429 ? { "Retry-After": "60" } : {} },
    );
  // Linking adds a proof to the signed-in account: only an e-ID can be linked (a staff sign-in
  // decides a role, and is made by signing in with it).
  const linkUserId = linking ? (await requireUser(request)).id : null;
  if (linking && provider.kind !== "e-id") return page("not-e-id", 400);
  if (!consume([[`oidc-start:ip:${context.clientIp}`, STARTS_PER_ADDRESS]]).ok) {
    return page("too-many", 429);
  }
  try {
    const { url: to, setCookie } = await startSignIn(provider, {
      linkUserId,
      redirectTo: linking ? "/me" : safeRedirect(url.searchParams.get("redirectTo")),
      language,
    });
    return redirect(to, { headers: { "Set-Cookie": setCookie, "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ProviderUnreachable) return page("unreachable", 503);
    throw error;
  }
}

export default function StartSignIn() {
  const { problem, label } = useLoaderData<typeof loader>();
  return <OidcProblem problem={problem} label={label} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
