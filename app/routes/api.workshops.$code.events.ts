// GET /api/workshops/:code/events: the workshop's live events (text/event-stream).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { workshopByCode } from "~/models/workshops.server";
import { eventStream } from "~/services/workshop-hub.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const workshop = /^[A-Za-z0-9]{4,12}$/.test(params.code ?? "") ? workshopByCode(params.code!) : undefined;
  if (!workshop) return new Response("No workshop with that code", { status: 404 });
  const header = request.headers.get("Last-Event-ID") ?? new URL(request.url).searchParams.get("lastEventId");
  const lastEventId = header && /^\d{1,15}$/.test(header) ? Number(header) : null;
  const response = eventStream(workshop, lastEventId, request.signal);
  if (!response) return new Response("Too many connections to this workshop", { status: 503, headers: { "Retry-After": "5" } });
  return response;
}
