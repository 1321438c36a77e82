// GET /api/workshops/:code/events, mounted on Express in server.ts (see serveEventStream): finds
// the workshop without letting an address guess codes, says who is asking (participant cookie,
// facilitator session, address) so that no one client can take all the streams, then serves.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getFixedT } from "~/utils/locale.server";
import {
  isWorkshopFacilitator,
  lookupWorkshopCode,
  participantFor,
  tooManyCodeGuesses,
} from "~/utils/workshop.server";
import { serveEventStream } from "./workshop-hub.server";

export function handleWorkshopEvents(
  code: string,
  req: IncomingMessage,
  res: ServerResponse,
  lastEventIdQuery: string | undefined,
) {
  // Express's req.ip: the client's address (X-Forwarded-For only behind a loopback proxy).
  const address =
    (req as IncomingMessage & { ip?: string }).ip ?? req.socket.remoteAddress ?? "unknown";
  serve(code, req, res, lastEventIdQuery, address).catch((error: unknown) => {
    console.error("workshop events:", error);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
    if (!res.writableEnded) res.end();
  });
}

async function serve(
  code: string,
  req: IncomingMessage,
  res: ServerResponse,
  lastEventIdQuery: string | undefined,
  address: string,
) {
  // The same view of the request that Remix routes get: cookies for the participant, the session
  // and the language.
  const headers = new Headers();
  for (const name of ["cookie", "accept-language"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const request = new Request(`http://localhost${req.url ?? "/"}`, { headers });
  const answer = async (response: Response) => {
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  };

  const { workshop, retryAfterSeconds } = lookupWorkshopCode(code, address);
  const participant = workshop ? await participantFor(request, workshop) : null;
  const facilitator = workshop ? await isWorkshopFacilitator(request, workshop) : false;
  if (retryAfterSeconds > 0 && !participant && !facilitator)
    return answer(await tooManyCodeGuesses(request, retryAfterSeconds));
  const { t } = await getFixedT(request);
  if (!workshop) return answer(plain(404, t("workshop.unknownTitle")));
  if (res.destroyed) return;

  const header = (req.headers["last-event-id"] as string | undefined) ?? lastEventIdQuery;
  const lastEventId = header && /^\d{1,15}$/.test(header) ? Number(header) : null;
  const refused = serveEventStream(
    workshop,
    lastEventId,
    { address, participantId: participant?.id ?? null, facilitator },
    req,
    res,
  );
  if (refused === "full")
    return answer(plain(503, t("workshop.streamsFull"), { "Retry-After": "5" }));
  if (refused === "too-many-from-you")
    return answer(plain(429, t("workshop.tooManyStreams"), { "Retry-After": "30" }));
}

function plain(status: number, text: string, headers: Record<string, string> = {}) {
  return new Response(text, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...headers },
  });
}
