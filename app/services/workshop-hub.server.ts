// The live-workshop hub: one per process. Every change is written to the workshop's event log
// (so a screen that reconnects replays what it missed, by Last-Event-ID) and pushed to the
// connected screens and phones as Server-Sent Events. Why SSE: docs/decisions/008.
//
// What a screen is told always comes from the current rows: the log keeps references only (an
// idea's id, a dot count), a replay re-reads the ideas and leaves out what is hidden or waiting
// now, and a change that takes something off the screens (a hide, a deleted account's name)
// publishes a fresh state. A short timer compares what the screens were last told with the
// database, as a net for changes made where no one called the hub.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  appendWorkshopEvent,
  eraseParticipantNames,
  openWorkshopIdsOfIdeas,
  pruneWorkshopEvents,
  screenIdea,
  screenIdeas,
  workshopById,
  workshopEventRange,
  workshopEventsAfter,
  type ScreenIdea,
  type Workshop,
} from "~/models/workshops.server";
import { env } from "~/utils/env.server";

/** Streams of a workshop for everyone but its facilitator. */
export const MAX_CONNECTIONS_PER_WORKSHOP = 600;
/** Kept free for the facilitator's (or an admin's) own screens: they always get in. */
export const RESERVED_FACILITATOR_STREAMS = 10;
/** A phone with its participant cookie: a couple of tabs. */
export const MAX_STREAMS_PER_PARTICIPANT = 3;
/** Streams without a participant or facilitator behind them (a projector, a script), per address. */
export const MAX_ANONYMOUS_STREAMS_PER_ADDRESS = 10;
/** All streams from one address: a venue's NAT carries a whole room (~200 phones) and its screens. */
export const MAX_STREAMS_PER_ADDRESS = 250;
/** A screen further behind than this many events gets a fresh state instead of the events. */
export const REPLAY_LIMIT = 1000;
const HEARTBEAT_MS = 15_000;
const RECONCILE_MS = 3_000;
const PRUNE_MS = 10 * 60_000;
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

/** Who opens a stream: the address it comes from, and the participant or facilitator it proves to be. */
export type StreamClient = { address: string; participantId: number | null; facilitator: boolean };
export type StreamRefusal = "full" | "too-many-from-you";

type Client = { send: (chunk: string) => boolean; close: () => void; who: StreamClient };
/** Per workshop: the open streams, and what the screens were last told (idea id → name shown). */
type Room = { clients: Set<Client>; shown: Map<number, string | null> | null };

const globalHub = globalThis as unknown as {
  __workshopRooms?: Map<number, Room>;
  __workshopTimers?: NodeJS.Timeout[];
};
const rooms: Map<number, Room> = (globalHub.__workshopRooms ??= new Map());

function room(workshopId: number): Room {
  let r = rooms.get(workshopId);
  if (!r) rooms.set(workshopId, (r = { clients: new Set(), shown: null }));
  return r;
}

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

const shownOf = (ideas: ScreenIdea[]) => new Map(ideas.map((i) => [i.id, i.name]));

/** Records an event (`stored`: what the log keeps) and sends `data` to everyone connected. */
function publishEvent(
  workshopId: number,
  type: WorkshopEventType,
  data: unknown,
  stored: unknown = data,
) {
  startTimers();
  const id = appendWorkshopEvent(workshopId, type, stored);
  const chunk = formatEvent(id, type, JSON.stringify(data));
  for (const client of rooms.get(workshopId)?.clients ?? []) {
    if (!client.send(chunk)) client.close();
  }
}

/** A dot or spotlight change: nothing in it but ids and counts. */
export function publish(workshopId: number, type: "dot" | "spotlight", data: unknown) {
  publishEvent(workshopId, type, data);
}

/** The full state after a control changed (freeze, names, timer, close, a hide): screens redraw from it. */
export function publishState(workshopId: number) {
  const workshop = workshopById(workshopId);
  if (!workshop) return;
  const state = screenState(workshop);
  room(workshopId).shown = shownOf(state.ideas);
  publishEvent(workshopId, "state", state, {});
}

export function publishIdea(workshopId: number, ideaId: number) {
  const workshop = workshopById(workshopId);
  const idea = workshop && screenIdea(workshop, ideaId);
  if (!workshop || !idea) return;
  const r = room(workshopId);
  r.shown ??= shownOf(screenIdeas(workshop));
  r.shown.set(idea.id, idea.name);
  publishEvent(workshopId, "idea", idea, { id: idea.id });
}

/**
 * Brings the screens of a workshop in line with the database: something shown that is hidden or
 * renamed now → a fresh state; an idea approved since → its idea event. Returns what it published.
 */
export function refreshScreens(workshopId: number): "state" | "ideas" | "nothing" {
  const workshop = workshopById(workshopId);
  const r = rooms.get(workshopId);
  if (!workshop || !r) return "nothing";
  const ideas = screenIdeas(workshop);
  if (!r.shown) {
    r.shown = shownOf(ideas);
    return "nothing";
  }
  const now = shownOf(ideas);
  const shown = r.shown;
  if ([...shown].some(([id, name]) => !now.has(id) || now.get(id) !== name)) {
    publishState(workshopId);
    return "state";
  }
  const added = ideas.filter((i) => !shown.has(i.id));
  for (const idea of added) publishIdea(workshopId, idea.id);
  return added.length ? "ideas" : "nothing";
}

/** For commands outside the workshop (moderation, approval): the screens showing these ideas redraw. */
export function workshopIdeasChanged(ideaIds: number[]) {
  for (const workshopId of openWorkshopIdsOfIdeas(ideaIds)) publishState(workshopId);
}

/**
 * For account deletion, while the participant rows still name the account (before user_id goes):
 * takes the name off them and redraws every workshop the person took part in, so that the name
 * leaves every screen at once. (Rows anonymised without this leave the screens at the next
 * reconcile.)
 */
export function forgetParticipantNames(userId: number) {
  for (const workshopId of new Set(eraseParticipantNames(userId))) {
    const workshop = workshopById(workshopId);
    if (workshop && (workshop.status === "open" || connectionCount(workshopId) > 0))
      publishState(workshopId);
  }
}

/** One pass of the net: every workshop with screens, or open and known to this process. */
export function reconcileScreens() {
  for (const [workshopId, r] of rooms) {
    const workshop = workshopById(workshopId);
    if (!workshop || (r.clients.size === 0 && workshop.status === "closed")) {
      if (r.clients.size === 0) rooms.delete(workshopId);
      continue;
    }
    refreshScreens(workshopId);
  }
}

/** Drops events no screen can replay any more (see pruneWorkshopEvents). */
export function pruneEvents(): number {
  return pruneWorkshopEvents({ keepLast: REPLAY_LIMIT });
}

function startTimers() {
  if (globalHub.__workshopTimers) return;
  const reconcile = setInterval(() => safely(reconcileScreens), RECONCILE_MS);
  const prune = setInterval(() => safely(pruneEvents), PRUNE_MS);
  reconcile.unref();
  prune.unref();
  globalHub.__workshopTimers = [reconcile, prune];
  safely(pruneEvents);
}

function safely(task: () => unknown) {
  try {
    task();
  } catch (error) {
    console.error("workshop hub:", error);
  }
}

export function connectionCount(workshopId: number): number {
  return rooms.get(workshopId)?.clients.size ?? 0;
}

/**
 * What the console shows: screens (streams with no participant behind them: the projector, a
 * second screen) and phones (participants with the page open; two tabs are one phone).
 */
export function connectedCounts(workshopId: number): { screens: number; phones: number } {
  const clients = [...(rooms.get(workshopId)?.clients ?? [])];
  return {
    screens: clients.filter((c) => c.who.participantId === null).length,
    phones: new Set(
      clients.flatMap((c) => (c.who.participantId === null ? [] : [c.who.participantId])),
    ).size,
  };
}

/**
 * Whether one more stream may open. The facilitator's screens have their own reserved slots;
 * everyone else shares the workshop's cap, and (unless RATE_LIMITS=off) no one participant or
 * address may hold more than its share — a whole room behind one NAT still fits.
 */
export function admitStream(
  workshopId: number,
  who: StreamClient,
): { ok: true } | { ok: false; reason: StreamRefusal } {
  const clients = [...(rooms.get(workshopId)?.clients ?? [])];
  if (who.facilitator) {
    const own = clients.filter((c) => c.who.facilitator).length;
    return own < RESERVED_FACILITATOR_STREAMS
      ? { ok: true }
      : { ok: false, reason: "too-many-from-you" };
  }
  const others = clients.filter((c) => !c.who.facilitator);
  if (others.length >= MAX_CONNECTIONS_PER_WORKSHOP) return { ok: false, reason: "full" };
  if (!env().RATE_LIMITS) return { ok: true };
  const fromAddress = others.filter((c) => c.who.address === who.address);
  const tooMany =
    fromAddress.length >= MAX_STREAMS_PER_ADDRESS ||
    (who.participantId !== null
      ? others.filter((c) => c.who.participantId === who.participantId).length >=
        MAX_STREAMS_PER_PARTICIPANT
      : fromAddress.filter((c) => c.who.participantId === null).length >=
        MAX_ANONYMOUS_STREAMS_PER_ADDRESS);
  return tooMany ? { ok: false, reason: "too-many-from-you" } : { ok: true };
}

/**
 * What a screen that was at `lastEventId` has to be told: the events since, re-read from today's
 * rows (hidden or waiting ideas left out, names as shown now), or one fresh state when the gap
 * holds a state change, is longer than REPLAY_LIMIT, or reaches back before the log (pruned, or an
 * id that was never this workshop's).
 */
export function replayChunks(workshop: Workshop, lastEventId: number | null): string[] {
  const { first, last } = workshopEventRange(workshop.id);
  const fresh = () => [formatEvent(last, "state", JSON.stringify(screenState(workshop)))];
  if (lastEventId === null || first === 0 || lastEventId < first || lastEventId > last)
    return fresh();
  const events = workshopEventsAfter(workshop.id, lastEventId, REPLAY_LIMIT + 1);
  if (events.length > REPLAY_LIMIT || events.some((e) => e.type === "state")) return fresh();
  if (events.length === 0) return [];
  const ideas = new Map(screenIdeas(workshop).map((i) => [i.id, i]));
  const chunks: string[] = [];
  for (const e of events) {
    const data = JSON.parse(e.data) as { id?: number; ideaId?: number | null; dots?: number };
    if (e.type === "idea") {
      const idea = ideas.get(data.id ?? -1);
      if (idea) chunks.push(formatEvent(e.id, "idea", JSON.stringify(idea)));
    } else if (e.type === "dot") {
      if (ideas.has(data.ideaId ?? -1))
        chunks.push(
          formatEvent(e.id, "dot", JSON.stringify({ ideaId: data.ideaId, dots: data.dots })),
        );
    } else if (e.type === "spotlight") {
      const ideaId = data.ideaId != null && ideas.has(data.ideaId) ? data.ideaId : null;
      chunks.push(formatEvent(e.id, "spotlight", JSON.stringify({ ideaId })));
    }
  }
  return chunks;
}

/**
 * Serves a text/event-stream to one screen or phone, on Node's own response (not through Remix:
 * there a disconnect would not always be noticed, and a gone screen would stay in the hub).
 * Without Last-Event-ID it starts with the full state; with it, it replays (see replayChunks).
 * Heartbeats keep proxies from closing it; a client that cannot keep up is dropped rather than
 * buffered without end (it reconnects and replays). Returns why it refused, or null when serving.
 */
export function serveEventStream(
  workshop: Workshop,
  lastEventId: number | null,
  who: StreamClient,
  req: IncomingMessage,
  res: ServerResponse,
): StreamRefusal | null {
  const admitted = admitStream(workshop.id, who);
  if (!admitted.ok) return admitted.reason;
  startTimers();
  const r = room(workshop.id);
  // What the screens know from here on: the reconcile compares the database against it.
  r.shown ??= shownOf(screenIdeas(workshop));
  const clients = r.clients;

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
  const client: Client = { send: write, close: () => cleanup(), who };
  const heartbeat = setInterval(() => {
    if (!write(": ping\n\n")) cleanup();
  }, HEARTBEAT_MS);
  function cleanup() {
    if (!open) return;
    open = false;
    clearInterval(heartbeat);
    clients.delete(client);
    if (!res.writableEnded) res.end();
  }
  req.on("close", cleanup);
  res.on("close", cleanup);
  res.on("error", cleanup);

  write("retry: 2000\n\n");
  for (const chunk of replayChunks(workshop, lastEventId)) write(chunk);
  if (open) clients.add(client);
  return null;
}
