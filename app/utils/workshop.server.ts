// Who is in a workshop's room: the participant token in a signed cookie, one per workshop, and
// who may run a workshop (its facilitator, or an admin); and finding a workshop by its code
// without letting an address guess codes.
import { createCookie } from "@remix-run/node";
import {
  participantByToken,
  workshopByCode,
  workshopById,
  type Participant,
  type ParticipantStanding,
  type Workshop,
} from "~/models/workshops.server";
import { getUser, requireRole } from "./auth.server";
import { env } from "./env.server";
import { getFixedT } from "./locale.server";
import { invariantResponse } from "./misc";
import { LIMITS, recordHit, retryAfter } from "./rate-limit.server";

function participantCookie(workshopId: number) {
  return createCookie(`wp${workshopId}`, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().isProduction,
    path: "/",
    secrets: [env().SESSION_SECRET],
    maxAge: 60 * 60 * 24 * 7,
  });
}

/** The participant this request's cookie names, blocked or not (see `blocked`): callers decide. */
export async function participantStandingFor(
  request: Request,
  workshop: Workshop,
): Promise<ParticipantStanding | null> {
  const token = await participantCookie(workshop.id).parse(request.headers.get("Cookie"));
  return typeof token === "string" ? (participantByToken(workshop.id, token) ?? null) : null;
}

/** The participant who may act: none when the account behind the cookie is blocked or deleted. */
export async function participantFor(
  request: Request,
  workshop: Workshop,
): Promise<Participant | null> {
  const participant = await participantStandingFor(request, workshop);
  return participant && !participant.blocked ? participant : null;
}

/** Whether the signed-in person runs this workshop (its facilitator, or an admin). */
export async function isWorkshopFacilitator(
  request: Request,
  workshop: Workshop,
): Promise<boolean> {
  const user = await getUser(request);
  return Boolean(
    user &&
    (user.role === "admin" || (user.role === "facilitator" && workshop.facilitatorId === user.id)),
  );
}

const CODE_SHAPE = /^[A-Za-z0-9]{4,12}$/;
const missKey = (address: string) => `w-code-miss:ip:${address}`;

/**
 * Looks a code up for an address. Codes are short (6 of 31 symbols), so an unknown code counts as
 * a miss against the address; past LIMITS.workshopCodeMissesPerAddress, `retryAfterSeconds` says
 * how long the address must wait, and the caller answers 429 whatever the code — unless the request
 * proves it belongs (a participant cookie, the facilitator), which a guesser cannot.
 */
export function lookupWorkshopCode(
  code: string | undefined | null,
  address: string,
): { workshop: Workshop | undefined; retryAfterSeconds: number } {
  const retryAfterSeconds = retryAfter(missKey(address), LIMITS.workshopCodeMissesPerAddress);
  const workshop = code && CODE_SHAPE.test(code) ? workshopByCode(code) : undefined;
  if (!workshop && retryAfterSeconds === 0) recordHit(missKey(address));
  return { workshop, retryAfterSeconds };
}

/**
 * For the early door in server.ts: the seconds this address must wait when it is past its
 * code-guess limit and the code names no workshop — 0 otherwise, and the page (Remix) answers,
 * checking whether the request belongs. Records nothing: a guesser past the limit is not counted.
 */
export function codeGuessRefusal(code: string, address: string): number {
  const seconds = retryAfter(missKey(address), LIMITS.workshopCodeMissesPerAddress);
  if (seconds === 0) return 0;
  return CODE_SHAPE.test(code) && workshopByCode(code) ? 0 : seconds;
}

/** 429 in the person's language, with Retry-After, for an address that guessed too many codes. */
export async function tooManyCodeGuesses(
  request: Request,
  retryAfterSeconds: number,
): Promise<Response> {
  const { t } = await getFixedT(request);
  return new Response(t("workshop.tooManyCodes"), {
    status: 429,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Retry-After": String(retryAfterSeconds),
    },
  });
}

/** The workshop for a code on a page or form (GET/POST /w/:code, the screen): 404, or 429 for a guesser. */
export async function requireWorkshopByCode(
  request: Request,
  code: string | undefined,
  address: string,
): Promise<Workshop> {
  const { workshop, retryAfterSeconds } = lookupWorkshopCode(code, address);
  if (retryAfterSeconds > 0) {
    const belongs =
      workshop &&
      ((await participantFor(request, workshop)) ||
        (await isWorkshopFacilitator(request, workshop)));
    if (!belongs) throw await tooManyCodeGuesses(request, retryAfterSeconds);
  }
  if (!workshop) throw new Response("No workshop with that code", { status: 404 });
  return workshop;
}

export async function participantCookieHeader(workshopId: number, token: string) {
  return participantCookie(workshopId).serialize(token);
}

/** The workshop and its facilitator; 403 for anyone else (admins may run any workshop). */
export async function requireWorkshopFacilitator(request: Request, params: { id?: string }) {
  const user = await requireRole(request, ["facilitator"]);
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  invariantResponse(Number.isSafeInteger(id), "Not found", { status: 404 });
  const workshop = workshopById(id);
  invariantResponse(workshop, "Not found", { status: 404 });
  if (user.role !== "admin" && workshop.facilitatorId !== user.id)
    throw new Response("Forbidden", { status: 403 });
  return { user, workshop };
}
