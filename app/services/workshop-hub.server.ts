// The live-workshop hub: one per process. Every change is written to the workshop's event log
// (so a screen that reconnects replays what it missed, by Last-Event-ID) and pushed to the
// connected screens and phones as Server-Sent Events. Why SSE: docs/decisions/008.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  appendWorkshopEvent,
  lastWorkshopEventId,
  screenIdea,
  screenIdeas,
  workshopById,
  workshopEventsAfter,
  type ScreenIdea,
  type Workshop,
} from "~/models/workshops.server";

export const MAX_CONNECTIONS_PER_WORKSHOP = 600;
const HEARTBEAT_MS = 15_000;
/** A client further behind than this is dropped; it reconnects and replays from its last id. */
export const MAX_BUFFERED_BYTES = 256 * 1024;

export type WorkshopEventType = "idea" | "dot" | "spotlight" | "state";

export type ScreenState = {
  code: string;
  title: string;
  status: Workshop["status"];
  frozen: boolean;
  namesHidden: boolean;
  spotlightIdeaId: number | null;
  timer: Workshop["timer"];
  area: Workshop["area"];
  dots: number;
  focusArea: Workshop["focusArea"];
  ideas: ScreenIdea[];
};

type Client = { send: (chunk: string) => boolean; close: () => void };

const globalHub = globalThis as unknown as { __workshopHub?: Map<number, Set<Client>> };
const rooms: Map<number, Set<Client>> = (globalHub.__workshopHub ??= new Map());

export function screenState(workshop: Workshop): ScreenState {
  return {
    code: workshop.code,
    title: workshop.title,
    status: workshop.status,
    frozen: workshop.frozen,
    namesHidden: workshop.namesHidden,
    spotlightIdeaId: workshop.spotlightIdeaId,
    timer: workshop.timer,
    area: workshop.area,
    dots: workshop.dots,
    focusArea: workshop.focusArea,
    ideas: screenIdeas(workshop),
  };
}

export function formatEvent(id: number, type: string, data: string): string {
  return `id: ${id}\nevent: ${type}\ndata: ${data}\n\n`;
}

/** Records an event and sends it to everyone connected to the workshop. */
export function publish(workshopId: number, type: WorkshopEventType, data: unknown) {
  const json = JSON.stringify(data);
  const id = appendWorkshopEvent(workshopId, type, data);
  const chunk = formatEvent(id, type, json);
  const clients = rooms.get(workshopId);
  if (!clients) return;
  for (const client of clients) {
    if (!client.send(chunk)) {
      client.close();
      clients.delete(client);
    }
  }
}

/** The full state after a control changed (freeze, names, timer, close): screens redraw from it. */
export function publishState(workshopId: number) {
  const workshop = workshopById(workshopId);
  if (workshop) publish(workshopId, "state", screenState(workshop));
}

export function publishIdea(workshopId: number, ideaId: number) {
  const workshop = workshopById(workshopId);
  const idea = workshop && screenIdea(workshop, ideaId);
  if (idea) publish(workshopId, "idea", idea);
}

export function connectionCount(workshopId: number): number {
  return rooms.get(workshopId)?.size ?? 0;
}

/**
 * Serves a text/event-stream to one screen or phone, on Node's own response (not through Remix:
 * there a disconnect would not always be noticed, and a gone screen would stay in the hub).
 * Without Last-Event-ID it starts with the full state; with it, it replays the events since.
 * Heartbeats keep proxies from closing it; a client that cannot keep up is dropped rather than
 * buffered without end (it reconnects and replays). Returns false when the workshop is full.
 */
export function serveEventStream(workshop: Workshop, lastEventId: number | null, req: IncomingMessage, res: ServerResponse): boolean {
  const clients = rooms.get(workshop.id) ?? new Set<Client>();
  if (clients.size >= MAX_CONNECTIONS_PER_WORKSHOP) return false;
  rooms.set(workshop.id, clients);

  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    // no-transform keeps the compression middleware from buffering the stream
    "Cache-Control": "no-cache, no-transform",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  });
  res.flushHeaders();

  let open = true;
  const write = (chunk: string) => {
    if (!open || res.writableEnded || res.destroyed) return false;
    if (res.writableLength > MAX_BUFFERED_BYTES) return false;
    res.write(chunk);
    return true;
  };
  const client: Client = { send: write, close: () => cleanup() };
  const heartbeat = setInterval(() => {
    if (!write(": ping\n\n")) cleanup();
  }, HEARTBEAT_MS);
  function cleanup() {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    clients.delete(client);
    if (clients.size === 0) rooms.delete(workshop.id);
    if (!res.writableEnded) res.end();
  }
  req.on("close", cleanup);
  res.on("close", cleanup);
  res.on("error", cleanup);

  write("retry: 2000\n\n");
  if (lastEventId !== null) {
    for (const e of workshopEventsAfter(workshop.id, lastEventId)) write(formatEvent(e.id, e.type, e.data));
  } else {
    write(formatEvent(lastWorkshopEventId(workshop.id), "state", JSON.stringify(screenState(workshop))));
  }
  if (open) clients.add(client);
  return true;
}
