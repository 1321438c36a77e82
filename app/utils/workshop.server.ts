// Who is in a workshop's room: the participant token in a signed cookie, one per workshop, and
// who may run a workshop (its facilitator, or an admin).
import { createCookie } from "@remix-run/node";
import { participantByToken, workshopById, type Participant, type Workshop } from "~/models/workshops.server";
import { requireRole } from "./auth.server";
import { env } from "./env.server";
import { invariantResponse } from "./misc";

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

export async function participantFor(request: Request, workshop: Workshop): Promise<Participant | null> {
  const token = await participantCookie(workshop.id).parse(request.headers.get("Cookie"));
  return typeof token === "string" ? (participantByToken(workshop.id, token) ?? null) : null;
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
  if (user.role !== "admin" && workshop.facilitatorId !== user.id) throw new Response("Forbidden", { status: 403 });
  return { user, workshop };
}
