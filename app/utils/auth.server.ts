// Who is signed in, and what they may do. Every loader and action that needs a person asks here.
import { createCookie, redirect } from "@remix-run/node";
import {
  createSession,
  deleteSession,
  deleteSessionsOfUser,
  userForSessionToken,
  SESSION_DAYS,
  type SessionUser,
} from "~/models/sessions.server";
import { findUserForLogin, type Role } from "~/models/users.server";
import { env } from "./env.server";
import { hashPassword, verifyPassword } from "./password.server";
import { sameSitePath } from "./same-site";

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie("samskapa_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env().isProduction,
    path: "/",
    secrets: [env().SESSION_SECRET],
    maxAge: SESSION_DAYS * 24 * 60 * 60,
  });
  return cookie;
}

async function sessionToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

const userByRequest = new WeakMap<Request, SessionUser | null>();

export async function getUser(request: Request): Promise<SessionUser | null> {
  if (userByRequest.has(request)) return userByRequest.get(request)!;
  const token = await sessionToken(request);
  const user = token ? (userForSessionToken(token) ?? null) : null;
  userByRequest.set(request, user);
  return user;
}

/** The signed-in person, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user) {
    const url = new URL(request.url);
    const back = request.method === "GET" ? url.pathname + url.search : url.pathname;
    throw redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
  }
  return user;
}

/** The signed-in person with one of these roles (admin may do all), else 403. */
export async function requireRole(request: Request, roles: readonly Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin" && !roles.includes(user.role)) {
    throw new Response("Forbidden", { status: 403 });
  }
  return user;
}

// A hash of a random password: verifying against it makes an unknown e-mail take as long as a
// wrong password, so timing does not tell which accounts exist.
let dummyHash: Promise<string> | undefined;

/** The account for these credentials, or null; about the same time either way. */
export async function verifyLogin(email: string, password: string) {
  const user = findUserForLogin(email);
  dummyHash ??= hashPassword(`not-a-password-${Math.random()}`);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  return ok && user ? user : null;
}

/** Signs the person in: a new session and the cookie that carries it. */
export async function signInHeaders(userId: number): Promise<HeadersInit> {
  return { "Set-Cookie": await sessionCookie().serialize(createSession(userId)) };
}

export async function signOut(request: Request, options: { everywhere?: boolean } = {}) {
  const token = await sessionToken(request);
  if (token) {
    const user = userForSessionToken(token);
    if (options.everywhere && user) deleteSessionsOfUser(user.id);
    deleteSession(token);
  }
  return { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) };
}

/**
 * For the sign-in and join pages: where to go afterwards (from ?redirectTo=, same site only);
 * someone already signed in is sent there at once.
 */
export async function redirectToUnlessSignedIn(request: Request): Promise<string> {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(redirectTo);
  return redirectTo;
}

/** Keeps `redirectTo` on this site: a path, never another host or a protocol-relative URL. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  return sameSitePath(to, fallback);
}
