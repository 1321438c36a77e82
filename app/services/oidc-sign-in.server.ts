// Signing in through OpenID Connect (issue 16, docs/decisions/014-oidc-sign-in.md): the
// authorization code flow with PKCE, state and nonce, every check done by openid-client. The
// provider's discovery document is fetched when first needed and kept, so a provider that is down
// does not stop the app from starting.
import { createCookie } from "@remix-run/node";
import * as oidc from "openid-client";
import { isLocalHttpIssuer, nameFromClaims, roleFromClaims, scopeFor } from "~/domain/oidc-config";
import type { OidcProvider } from "~/domain/oidc-config";
import {
  OIDC_LOGIN_MINUTES,
  saveOidcLogin,
  signInWithIdentity,
  takeOidcLogin,
  type IdentityOutcome,
} from "~/models/oidc.server";
import { env } from "~/utils/env.server";
import { log } from "~/utils/log.server";

/** The providers to offer, in the order configured (never their secrets). */
export function signInProviders(): { id: string; label: string; kind: OidcProvider["kind"] }[] {
  return env().oidcProviders.map(({ id, label, kind }) => ({ id, label, kind }));
}

export function findProvider(id: string): OidcProvider | undefined {
  return env().oidcProviders.find((p) => p.id === id);
}

export class ProviderUnreachable extends Error {}

const configurations = new Map<string, Promise<oidc.Configuration>>();

/** The provider's configuration, discovered once; a failed discovery is tried again next time. */
async function configurationFor(provider: OidcProvider): Promise<oidc.Configuration> {
  let pending = configurations.get(provider.id);
  if (!pending) {
    pending = oidc.discovery(
      new URL(provider.issuer),
      provider.clientId,
      undefined,
      oidc.ClientSecretBasic(provider.clientSecret),
      {
        // Plain http only for an issuer on this machine (the tests' provider): never otherwise.
        execute: isLocalHttpIssuer(provider.issuer) ? [oidc.allowInsecureRequests] : [],
        timeout: 5,
      },
    );
    configurations.set(provider.id, pending);
    pending.catch(() => configurations.delete(provider.id));
  }
  try {
    return await pending;
  } catch (error) {
    log.warn(
      { provider: provider.id, error: (error as Error).message },
      "OIDC discovery failed: the provider is unreachable",
    );
    throw new ProviderUnreachable(provider.id);
  }
}

// The browser's half of a sign-in under way: the state (the database keeps the verifier and nonce
// under its hash). Lax: it must come back on the provider's top-level redirect to the callback.
let cookie: ReturnType<typeof createCookie> | undefined;
export function oidcCookie() {
  cookie ??= createCookie("samskapa_oidc", {
    httpOnly: true,
    sameSite: "lax",
    secure: env().isProduction,
    path: "/auth",
    secrets: [env().SESSION_SECRET],
    maxAge: OIDC_LOGIN_MINUTES * 60,
  });
  return cookie;
}

export async function readOidcCookie(request: Request): Promise<string | null> {
  const value = await oidcCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function clearOidcCookie(): Promise<string> {
  return oidcCookie().serialize("", { maxAge: 0 });
}

function redirectUri(provider: OidcProvider) {
  return `${env().PUBLIC_URL}/auth/${provider.id}/callback`;
}

/**
 * Starts a sign-in (or, with `linkUserId`, the linking of an e-ID to that account): the address
 * at the provider to send the browser to, and the cookie that binds the answer to this browser.
 */
export async function startSignIn(
  provider: OidcProvider,
  options: { linkUserId: number | null; redirectTo: string; language: string },
): Promise<{ url: string; setCookie: string }> {
  const config = await configurationFor(provider);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const parameters: Record<string, string> = {
    redirect_uri: redirectUri(provider),
    scope: scopeFor(provider),
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ui_locales: options.language,
  };
  if (provider.acrValues) parameters.acr_values = provider.acrValues;
  saveOidcLogin(state, {
    providerId: provider.id,
    codeVerifier,
    nonce,
    linkUserId: options.linkUserId,
    redirectTo: options.redirectTo,
  });
  return {
    url: oidc.buildAuthorizationUrl(config, parameters).href,
    setCookie: await oidcCookie().serialize(state),
  };
}

export type Refusal =
  "expired" | "refused" | "cancelled" | "unreachable" | "linked-elsewhere" | "blocked";

export type FinishOutcome =
  | { ok: true; userId: number; linked: boolean; redirectTo: string }
  | { ok: false; refusal: Refusal }
  | { ok: false; needsName: true; pendingKey: string };

/**
 * Finishes a sign-in at the callback. openid-client checks the state (against this browser's
 * cookie: the CSRF defence of the callback), exchanges the code with the PKCE verifier and checks
 * the ID token (signature, issuer, audience, expiry, nonce). The row of the sign-in is used up
 * first, whatever happens next: the same callback twice is refused.
 */
export async function finishSignIn(
  provider: OidcProvider,
  request: Request,
  language: string,
  signedInUserId: number | null,
): Promise<FinishOutcome> {
  const state = await readOidcCookie(request);
  if (!state) return { ok: false, refusal: "expired" };
  const login = takeOidcLogin(state, provider.id, { finished: false });
  if (!login) return { ok: false, refusal: "expired" };
  // A link goes to the account that asked for it, and only while it is still the one signed in.
  if (login.linkUserId !== null && login.linkUserId !== signedInUserId) {
    return { ok: false, refusal: "expired" };
  }
  let config: oidc.Configuration;
  try {
    config = await configurationFor(provider);
  } catch {
    return { ok: false, refusal: "unreachable" };
  }
  // The address the provider answered to, as configured (PUBLIC_URL), with the answer's
  // parameters: behind a TLS proxy the request's own URL says http.
  const answered = new URL(redirectUri(provider));
  answered.search = new URL(request.url).search;
  let claims: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, answered, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    claims = (tokens.claims() ?? {}) as Record<string, unknown>;
  } catch (error) {
    const e = error as Error & { error?: string; code?: string };
    log.warn(
      { provider: provider.id, name: e.name, code: e.code, error: e.error, message: e.message },
      "OIDC sign-in refused",
    );
    if (e.name === "AuthorizationResponseError" && e.error === "access_denied") {
      return { ok: false, refusal: "cancelled" };
    }
    return { ok: false, refusal: "refused" };
  }
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  if (!subject) return { ok: false, refusal: "refused" };
  const acr = typeof claims.acr === "string" ? claims.acr.slice(0, 200) : null;
  const outcome = signInWithIdentity({
    providerId: provider.id,
    kind: provider.kind,
    subject,
    acr,
    // A staff directory always names its people; should one not, the account is named after it.
    name: nameFromClaims(claims) ?? (provider.kind === "staff" ? provider.label : null),
    role:
      provider.kind === "staff"
        ? roleFromClaims(claims, provider.roleClaim, provider.roles)
        : "resident",
    linkUserId: login.linkUserId,
    locale: language,
  });
  if (!outcome.ok && outcome.reason === "needs-name") {
    // The provider proved who it is, but gave no name: the account waits (ten minutes) for one.
    const pendingKey = oidc.randomState();
    saveOidcLogin(pendingKey, {
      providerId: provider.id,
      codeVerifier: "-",
      nonce: "-",
      linkUserId: null,
      redirectTo: login.redirectTo,
      subject,
      acr,
    });
    return { ok: false, needsName: true, pendingKey };
  }
  return settle(outcome, login.linkUserId !== null, login.redirectTo);
}

/** Creates the account that waited for a display name (the name form after an e-ID sign-in). */
export function finishWithName(
  provider: OidcProvider,
  pendingKey: string,
  name: string,
  language: string,
): FinishOutcome {
  const pending = takeOidcLogin(pendingKey, provider.id, { finished: true });
  if (!pending?.subject) return { ok: false, refusal: "expired" };
  const outcome = signInWithIdentity({
    providerId: provider.id,
    kind: provider.kind,
    subject: pending.subject,
    acr: pending.acr,
    name,
    role: "resident",
    linkUserId: null,
    locale: language,
  });
  return settle(outcome, false, pending.redirectTo);
}

function settle(outcome: IdentityOutcome, linked: boolean, redirectTo: string): FinishOutcome {
  if (outcome.ok) return { ok: true, userId: outcome.userId, linked, redirectTo };
  return {
    ok: false,
    refusal:
      outcome.reason === "linked-elsewhere"
        ? "linked-elsewhere"
        : outcome.reason === "blocked" || outcome.reason === "gone"
          ? "blocked"
          : "refused",
  };
}
