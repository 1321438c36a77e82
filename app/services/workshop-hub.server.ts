// The live-workshop hub: one per process. Every change is written to the workshop's event log
// (so a screen that reconnects replays what it missed, by Last-Event-ID) and pushed to the
// connected screens and phones as Server-Sent Events. Why SSE: docs/decisions/008.
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
 * A text/event-stream for one screen or phone. Without Last-Event-ID it starts with the full
 * state; with it, it replays the events since. Heartbeats keep proxies from closing it; a client
 * that cannot keep up is dropped rather than buffered without end.
 */
export function eventStream(workshop: Workshop, lastEventId: number | null, signal: AbortSignal): Response | null {
  const clients = rooms.get(workshop.id) ?? new Set<Client>();
  if (clients.size >= MAX_CONNECTIONS_PER_WORKSHOP) return null;
  rooms.set(workshop.id, clients);
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        const write = (chunk: string) => {
          if (!open) return false;
          if ((controller.desiredSize ?? 0) < -MAX_BUFFERED_BYTES) return false;
          controller.enqueue(encoder.encode(chunk));
          return true;
        };
        const client: Client = {
          send: write,
          close: () => {
            if (!open) return;
            open = false;
            clearInterval(heartbeat);
            try {
              controller.close();
            } catch {
              // already closed by the other side
            }
          },
        };
        write("retry: 2000\n\n");
        if (lastEventId !== null) {
          for (const e of workshopEventsAfter(workshop.id, lastEventId)) write(formatEvent(e.id, e.type, e.data));
        } else {
          write(formatEvent(lastWorkshopEventId(workshop.id), "state", JSON.stringify(screenState(workshop))));
        }
        clients.add(client);
        const heartbeat = setInterval(() => {
          if (!write(": ping\n\n")) cleanup();
        }, HEARTBEAT_MS);
        cleanup = () => {
          clients.delete(client);
          client.close();
          if (clients.size === 0) rooms.delete(workshop.id);
        };
        signal.addEventListener("abort", () => cleanup(), { once: true });
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform keeps the compression middleware from buffering the stream
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
