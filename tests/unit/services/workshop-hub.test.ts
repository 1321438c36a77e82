// The live-workshop hub against a real (in-memory) database: what a screen is told, live and on a
// replay, after hiding, "hide names", a deleted account and pre-moderation; how many streams one
// client may hold; and the event log's pruning.
import { EventEmitter } from "node:events";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeUser } from "../helpers";
import { approveIdea, hideIdea } from "~/models/moderation.server";
import { saveSettings } from "~/models/settings.server";
import {
  createWorkshop,
  joinWorkshop,
  participantByToken,
  workshopById,
  workshopResults,
  type Workshop,
} from "~/models/workshops.server";
import { addWorkshopIdea, controlWorkshop, dot } from "~/services/workshop-actions.server";
import {
  forgetParticipantNames,
  MAX_ANONYMOUS_STREAMS_PER_ADDRESS,
  MAX_CONNECTIONS_PER_WORKSHOP,
  MAX_STREAMS_PER_PARTICIPANT,
  pruneEvents,
  reconcileScreens,
  REPLAY_LIMIT,
  replayChunks,
  serveEventStream,
  workshopIdeasChanged,
  type StreamClient,
} from "~/services/workshop-hub.server";
import { getDb } from "~/utils/db.server";

const TORGET = { lat: 57.7212, lng: 12.9402 };
const SECRET = "Min hemliga idé om Viskan";

type Event = { id: number; event: string; data: Record<string, unknown> };

/** A stream as the hub sees it: a request that can close, a response that collects what is written. */
function fakeStream() {
  const req = new EventEmitter();
  const chunks: string[] = [];
  const res = Object.assign(new EventEmitter(), {
    status: 0,
    writableLength: 0,
    writableEnded: false,
    destroyed: false,
    writeHead(status: number) {
      res.status = status;
      return res;
    },
    flushHeaders() {},
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    end() {
      res.writableEnded = true;
    },
  });
  const events = (): Event[] =>
    chunks
      .join("")
      .split("\n\n")
      .filter((block) => block.startsWith("id:"))
      .map((block) => {
        const field = (name: string) =>
          block
            .split("\n")
            .find((l) => l.startsWith(`${name}: `))!
            .slice(name.length + 2);
        return { id: Number(field("id")), event: field("event"), data: JSON.parse(field("data")) };
      });
  return {
    req: req as unknown as IncomingMessage,
    res: res as unknown as ServerResponse,
    events,
    close: () => req.emit("close"),
  };
}

const opened: (() => void)[] = [];
afterEach(() => {
  for (const close of opened.splice(0)) close();
  saveSettings({ autoHideReports: 3, premoderation: false });
});

function connect(w: Workshop, lastEventId: number | null, who: Partial<StreamClient> = {}) {
  const stream = fakeStream();
  const refused = serveEventStream(
    workshopById(w.id)!,
    lastEventId,
    { address: "10.0.0.1", participantId: null, facilitator: false, ...who },
    stream.req,
    stream.res,
  );
  if (!refused) opened.push(stream.close);
  return { ...stream, refused };
}

function workshop(publish: "on-close" | "immediately" = "on-close"): Workshop {
  const facilitatorId = makeUser({ role: "facilitator" });
  const { id } = createWorkshop({
    title: "Viskans stränder",
    focusArea: "mobility",
    groupId: null,
    dots: 3,
    area: null,
    publish,
    facilitatorId,
  });
  return workshopById(id)!;
}

function participant(w: Workshop, name: string | null = "Sara", userId: number | null = null) {
  return participantByToken(w.id, joinWorkshop(w.id, { name, userId }).token)!;
}

function post(w: Workshop, p = participant(w), title = SECRET) {
  return addWorkshopIdea(workshopById(w.id)!, p, {
    title,
    body: "Bänkar längs ån, nära Åhaga.",
    ...TORGET,
  });
}

const storedEvents = (w: Workshop) =>
  getDb().prepare("SELECT type, data FROM workshop_events WHERE workshop_id = ?").all(w.id) as {
    type: string;
    data: string;
  }[];
const eventsOf = (w: Workshop, lastEventId: number | null): Event[] => {
  const stream = fakeStream();
  for (const chunk of replayChunks(workshopById(w.id)!, lastEventId))
    (stream.res as unknown as { write: (c: string) => void }).write(chunk);
  return stream.events();
};
const shownTitles = (events: Event[]) =>
  events.flatMap((e) =>
    e.event === "idea"
      ? [e.data.title]
      : e.event === "state"
        ? (e.data.ideas as { title: string }[]).map((i) => i.title)
        : [],
  );

describe("replay", () => {
  it("a replay from the start (Last-Event-ID 0) never brings back a hidden idea, its text or its author's name", () => {
    const w = workshop();
    const first = post(w, participant(w, "Kim"), "Fler träd på Stora torget");
    const { ideaId } = post(w, participant(w, "Sara"));
    const screen = connect(w, null);
    const lastSeen = screen.events()[0].id;
    post(w, participant(w, "Noor"), "Belysning på cykelvägen");

    hideIdea(ideaId, makeUser({ role: "moderator" }), "Personuppgifter");
    for (const from of [0, lastSeen, null]) {
      const text = JSON.stringify(eventsOf(w, from));
      expect(text, `replay from ${from}`).not.toContain(SECRET);
      expect(text).not.toContain("Sara");
    }
    expect(shownTitles(eventsOf(w, lastSeen))).toEqual(["Belysning på cykelvägen"]);
    expect(shownTitles(eventsOf(w, 0)).sort()).toEqual([
      "Belysning på cykelvägen",
      "Fler träd på Stora torget",
    ]);
    expect(first.ideaId).toBeGreaterThan(0);
  });

  it("shows no names after 'hide names', also in events replayed from before it", () => {
    const w = workshop();
    const screen = connect(w, null);
    const before = screen.events()[0].id;
    post(w, participant(w, "Kim"), "Fler cykelställ");
    controlWorkshop(workshopById(w.id)!, { kind: "hide-names" }, w.facilitatorId!);
    for (const from of [0, before, null])
      expect(JSON.stringify(eventsOf(w, from)), `replay from ${from}`).not.toContain("Kim");
    expect(
      JSON.stringify(screen.events().at(-1)),
      "the live screen redraws without names",
    ).not.toContain("Kim");
  });

  it("keeps no idea text or name in the event log itself", () => {
    const w = workshop();
    connect(w, null);
    const { ideaId } = post(w, participant(w, "Kim"));
    dot(workshopById(w.id)!, participant(w).id, ideaId, true);
    controlWorkshop(workshopById(w.id)!, { kind: "freeze" }, w.facilitatorId!);
    const log = JSON.stringify(storedEvents(w));
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain("Kim");
  });

  it("sends a fresh state instead of skipping when the gap is longer than the replay limit or reaches before the log", () => {
    const w = workshop();
    const { ideaId } = post(w);
    const p = participant(w, "Ali");
    const screen = connect(w, null);
    const lastSeen = screen.events()[0].id;
    const insert = getDb().prepare(
      "INSERT INTO workshop_events (workshop_id, type, data) VALUES (?, 'dot', ?)",
    );
    for (let i = 0; i <= REPLAY_LIMIT; i++) insert.run(w.id, JSON.stringify({ ideaId, dots: 0 }));
    dot(workshopById(w.id)!, p.id, ideaId, true);

    const replay = eventsOf(w, lastSeen);
    expect(replay.map((e) => e.event)).toEqual(["state"]);
    expect(replay[0].data.ideas).toEqual([
      expect.objectContaining({ id: ideaId, title: SECRET, dots: 1 }),
    ]);

    getDb()
      .prepare("DELETE FROM workshop_events WHERE workshop_id = ? AND id <= ?")
      .run(w.id, lastSeen + 10);
    expect(
      eventsOf(w, lastSeen).map((e) => e.event),
      "the events after it were pruned",
    ).toEqual(["state"]);
    expect(
      eventsOf(w, 10 ** 12).map((e) => e.event),
      "an id the log never had",
    ).toEqual(["state"]);
  });
});

describe("taking things off the screens", () => {
  it("a moderator's hide reaches connected screens as a fresh state without the idea", () => {
    const w = workshop();
    const { ideaId } = post(w);
    const screen = connect(w, null);
    hideIdea(ideaId, makeUser({ role: "moderator" }), "Personuppgifter");
    reconcileScreens();
    const last = screen.events().at(-1)!;
    expect(last.event).toBe("state");
    expect(JSON.stringify(last.data)).not.toContain(SECRET);
    expect(
      eventsOf(w, screen.events()[0].id).map((e) => e.event),
      "a screen that was away hears of it too",
    ).toEqual(["state"]);
  });

  it("workshopIdeasChanged redraws at once, for a moderation command that tells the hub", () => {
    const w = workshop();
    const { ideaId } = post(w);
    const screen = connect(w, null);
    hideIdea(ideaId, makeUser({ role: "moderator" }), "Personuppgifter");
    workshopIdeasChanged([ideaId]);
    expect(JSON.stringify(screen.events().at(-1))).not.toContain(SECRET);
  });

  it("the facilitator hides a note: off the screens, hidden on the platform, spotlight cleared", () => {
    const w = workshop();
    const { ideaId } = post(w);
    controlWorkshop(workshopById(w.id)!, { kind: "spotlight", ideaId }, w.facilitatorId!);
    const screen = connect(w, null);
    controlWorkshop(
      workshopById(w.id)!,
      { kind: "hide", ideaId, reason: "Dold av workshopledaren" },
      w.facilitatorId!,
    );
    const last = screen.events().at(-1)!;
    expect(last).toMatchObject({ event: "state", data: { spotlightIdeaId: null, ideas: [] } });
    expect(
      (getDb().prepare("SELECT status FROM ideas WHERE id = ?").get(ideaId) as { status: string })
        .status,
    ).toBe("hidden");
  });

  it("after account deletion no name survives on screens, in the replay, the state or the results", () => {
    const w = workshop();
    const resident = makeUser({ name: "Greta Gustafsson" });
    post(w, participant(w, "Greta Gustafsson", resident));
    const screen = connect(w, null);
    expect(JSON.stringify(screen.events())).toContain("Greta");

    // The deletion command: the hub forgets the name, then the row lets go of the account.
    forgetParticipantNames(resident);
    getDb()
      .prepare("UPDATE workshop_participants SET user_id = NULL WHERE user_id = ?")
      .run(resident);
    expect(screen.events().at(-1)!.event).toBe("state");
    expect(JSON.stringify(screen.events().at(-1))).not.toContain("Greta");
    expect(JSON.stringify(eventsOf(w, 0))).not.toContain("Greta");
    expect(JSON.stringify(workshopResults(w.id))).not.toContain("Greta");
    expect(JSON.stringify(storedEvents(w))).not.toContain("Greta");
  });

  it("a name that goes without the hub being told leaves the screens at the next reconcile", () => {
    const w = workshop();
    const resident = makeUser();
    post(w, participant(w, "Greta Gustafsson", resident));
    const screen = connect(w, null);
    getDb().prepare("UPDATE workshop_participants SET name = NULL WHERE user_id = ?").run(resident);
    reconcileScreens();
    expect(JSON.stringify(screen.events().at(-1))).not.toContain("Greta");
  });
});

describe("pre-moderation", () => {
  it("keeps a workshop idea off the screen until a moderator approves it, then shows it", () => {
    saveSettings({ autoHideReports: 3, premoderation: true });
    const w = workshop("immediately");
    const screen = connect(w, null);
    const posted = post(w);
    expect(posted.waiting).toBe(true);
    expect(JSON.stringify(screen.events())).not.toContain(SECRET);
    expect(JSON.stringify(eventsOf(w, 0))).not.toContain(SECRET);
    reconcileScreens();
    expect(JSON.stringify(screen.events())).not.toContain(SECRET);

    approveIdea(posted.ideaId, makeUser({ role: "moderator" }));
    reconcileScreens();
    expect(screen.events().at(-1)).toMatchObject({
      event: "idea",
      data: { id: posted.ideaId, title: SECRET },
    });
  });

  it("shows an idea approved before the hub's first look at a newly opened screen", () => {
    saveSettings({ autoHideReports: 3, premoderation: true });
    const w = workshop("immediately");
    const posted = post(w);
    const screen = connect(w, null);
    approveIdea(posted.ideaId, makeUser({ role: "moderator" }));
    reconcileScreens();
    expect(screen.events().at(-1)).toMatchObject({ event: "idea", data: { id: posted.ideaId } });
  });
});

describe("how many streams one client may hold", () => {
  it("refuses a participant's fourth stream and an address's eleventh anonymous one, but lets a room of 200 phones in from one address", () => {
    const w = workshop();
    const phones = Array.from({ length: 200 }, () => participant(w, null));
    for (const p of phones)
      expect(connect(w, null, { address: "10.9.9.9", participantId: p.id }).refused).toBeNull();

    for (let i = 1; i < MAX_STREAMS_PER_PARTICIPANT; i++)
      expect(
        connect(w, null, { address: "10.9.9.9", participantId: phones[0].id }).refused,
      ).toBeNull();
    expect(connect(w, null, { address: "10.9.9.9", participantId: phones[0].id }).refused).toBe(
      "too-many-from-you",
    );

    for (let i = 0; i < MAX_ANONYMOUS_STREAMS_PER_ADDRESS; i++)
      expect(connect(w, null, { address: "10.1.1.1" }).refused).toBeNull();
    const refused = connect(w, null, { address: "10.1.1.1" });
    expect(refused.refused).toBe("too-many-from-you");
    expect(refused.events(), "nothing is sent on a refused stream").toEqual([]);
    expect(
      connect(w, null, { address: "10.2.2.2" }).refused,
      "another address still gets in",
    ).toBeNull();
  });

  it("keeps a slot for the facilitator's projector when everyone else's are taken", () => {
    const w = workshop();
    const taken = MAX_CONNECTIONS_PER_WORKSHOP - 0;
    for (let i = 0; i < taken; i++)
      connect(w, null, { address: `10.3.${Math.floor(i / 5)}.${i % 5}` });
    expect(connect(w, null, { address: "10.4.4.4" }).refused).toBe("full");
    const projector = connect(w, null, { address: "10.4.4.4", facilitator: true });
    expect(projector.refused).toBeNull();
    expect(projector.events()[0].event).toBe("state");
  });
});

describe("the event log", () => {
  it("migration 0010 scrubs the texts and names that older events carried in full", () => {
    const w = workshop();
    const { ideaId } = post(w, participant(w, "Kim"));
    const insert = getDb().prepare(
      "INSERT INTO workshop_events (workshop_id, type, data) VALUES (?, ?, ?)",
    );
    insert.run(w.id, "idea", JSON.stringify({ id: ideaId, title: SECRET, name: "Kim" }));
    insert.run(
      w.id,
      "state",
      JSON.stringify({ ideas: [{ id: ideaId, title: SECRET, name: "Kim" }] }),
    );
    getDb().exec(
      fs.readFileSync(
        path.join(
          import.meta.dirname,
          "../../../db/migrations/0010_workshop_events_references.sql",
        ),
        "utf8",
      ),
    );
    const log = JSON.stringify(storedEvents(w));
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain("Kim");
    expect(eventsOf(w, 0)[0].data.ideas, "a replay still shows the idea, from its row").toEqual([
      expect.objectContaining({ id: ideaId, title: SECRET }),
    ]);
  });

  it("keeps the last events of every workshop and the last day of open ones; drops closed workshops' after a day", () => {
    const open = workshop();
    const closed = workshop();
    const insert = getDb().prepare(
      "INSERT INTO workshop_events (workshop_id, type, data, created_at) VALUES (?, 'dot', '{}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?))",
    );
    const count = (w: Workshop) =>
      (
        getDb()
          .prepare("SELECT count(*) AS n FROM workshop_events WHERE workshop_id = ?")
          .get(w.id) as { n: number }
      ).n;
    for (let i = 0; i < REPLAY_LIMIT + 50; i++) insert.run(open.id, "-3 days");
    for (let i = 0; i < 30; i++) insert.run(open.id, "-1 hours");
    for (let i = 0; i < 20; i++) insert.run(closed.id, "-3 days");
    getDb()
      .prepare(
        "UPDATE workshops SET status = 'closed', closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 days') WHERE id = ?",
      )
      .run(closed.id);

    pruneEvents();
    expect(count(open), "the last REPLAY_LIMIT events (30 of them from the last day)").toBe(
      REPLAY_LIMIT,
    );
    expect(count(closed)).toBe(0);

    for (let i = 0; i < REPLAY_LIMIT; i++) insert.run(open.id, "-1 hours");
    pruneEvents();
    expect(count(open), "an open workshop keeps all of its last day").toBe(REPLAY_LIMIT + 30);
  });
});
