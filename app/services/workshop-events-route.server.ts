// GET /api/workshops/:code/events, mounted on Express in server.ts (see serveEventStream).
import type { IncomingMessage, ServerResponse } from "node:http";
import { workshopByCode } from "~/models/workshops.server";
import { serveEventStream } from "./workshop-hub.server";

export function handleWorkshopEvents(code: string, req: IncomingMessage, res: ServerResponse, lastEventIdQuery: string | undefined) {
  const workshop = /^[A-Za-z0-9]{4,12}$/.test(code) ? workshopByCode(code) : undefined;
  if (!workshop) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("No workshop with that code");
    return;
  }
  const header = (req.headers["last-event-id"] as string | undefined) ?? lastEventIdQuery;
  const lastEventId = header && /^\d{1,15}$/.test(header) ? Number(header) : null;
  if (!serveEventStream(workshop, lastEventId, req, res)) {
    res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5" }).end("Too many connections to this workshop");
  }
}
