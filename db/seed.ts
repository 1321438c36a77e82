// Demo data for Borås (`npm run db:seed`, and on start into an empty database), and synthetic ideas
// for benchmarks (`npm run db:seed -- --ideas N [--reset]`).
import fs from "node:fs";
import { hashSync } from "@node-rs/argon2";
import { boxAround } from "~/domain/geo";
import { findPlace } from "~/domain/places";
import { linkWorkshopToAction, listActions } from "~/models/actions.server";
import { listGroups } from "~/models/groups.server";
import { findUserIdByEmail } from "~/models/users.server";
import {
  changeWorkshop,
  createWorkshop,
  joinWorkshop,
  placeDot,
  postWorkshopIdea,
  workshopById,
} from "~/models/workshops.server";
import { withDb, type Db } from "~/utils/db.server";
import { demoActions } from "./demo-actions";
import { demoIdeas, demoResidents } from "./demo-data";
import { demoWorkshop } from "./demo-workshop";
import { syntheticIdeas } from "./synthetic";

export const DEMO_PASSWORD = "samskapa-demo";
export const DEMO_ACCOUNTS = [
  { role: "resident", email: demoResidents[0].email, name: demoResidents[0].name },
  { role: "moderator", email: "moderator@example.se", name: "Karin Ek (innovationsteamet)" },
  { role: "facilitator", email: "workshop@example.se", name: "Johan Berg (workshopledare)" },
  { role: "official", email: "tjansteperson@example.se", name: "Eva Strand (Borås Stad)" },
] as const;

const MAX_SYNTHETIC_IDEAS = 1_000_000;
const BENCH_USERS = 2000;

export function databaseIsEmpty(db: Db): boolean {
  return (
    !db.prepare("SELECT 1 FROM ideas LIMIT 1").get() &&
    !db.prepare("SELECT 1 FROM users LIMIT 1").get()
  );
}

/** Seeds the demo data when the database has no ideas and no users; returns whether it did. */
export function seedDemoIfEmpty(db: Db): boolean {
  if (!databaseIsEmpty(db)) return false;
  seedDemo(db);
  return true;
}

export function seedDemo(db: Db, now = Date.now()) {
  const passwordHash = hashSync(DEMO_PASSWORD);
  const iso = (ms: number) => new Date(ms).toISOString();
  const insertUser = db.prepare(
    `INSERT INTO users (email, name, password_hash, role, is_demo, created_at, updated_at, email_confirmed_at)
     VALUES (@email, @name, @passwordHash, @role, 1, @at, @at, @at)`,
  );
  const insertIdea = db.prepare(
    `INSERT INTO ideas (title, body, focus_area, lat, lng, author_id, created_at, updated_at)
     VALUES (@title, @body, @focusArea, @lat, @lng, @authorId, @at, @at)`,
  );
  const insertSupport = db.prepare(
    "INSERT INTO supports (user_id, idea_id, created_at) VALUES (?, ?, ?)",
  );
  const insertComment = db.prepare(
    `INSERT INTO comments (idea_id, author_id, parent_id, body, created_at, updated_at)
     VALUES (@ideaId, @authorId, @parentId, @body, @at, @at)`,
  );

  db.transaction(() => {
    const userIds = new Map<string, number>();
    const joined = iso(now - 180 * 86_400_000);
    demoResidents.forEach((person, n) => {
      const account = n === 0 ? DEMO_ACCOUNTS[0] : undefined;
      const result = insertUser.run({
        email: person.email,
        name: person.name,
        passwordHash: account ? passwordHash : null,
        role: "resident",
        at: joined,
      });
      userIds.set(person.key, Number(result.lastInsertRowid));
    });
    for (const account of DEMO_ACCOUNTS.slice(1)) {
      insertUser.run({ ...account, passwordHash, at: joined });
    }
    const userId = (key: string) => {
      const id = userIds.get(key);
      if (id === undefined) throw new Error(`Demo data names an unknown person: ${key}`);
      return id;
    };

    const ideaIds: number[] = [];
    for (const idea of demoIdeas) {
      const created = now - idea.daysAgo * 86_400_000;
      const ideaId = Number(
        insertIdea.run({
          title: idea.title,
          body: idea.body,
          focusArea: idea.focusArea,
          lat: idea.lat,
          lng: idea.lng,
          authorId: userId(idea.author),
          at: iso(created),
        }).lastInsertRowid,
      );
      ideaIds.push(ideaId);
      if (idea.daysAgo > 3)
        db.prepare("UPDATE ideas SET reviewed_at = created_at WHERE id = ?").run(ideaId);
      idea.supporters.forEach((key, n) =>
        insertSupport.run(userId(key), ideaId, iso(created + (n + 1) * 3_600_000)),
      );
      let minutes = 90;
      for (const comment of idea.comments) {
        minutes += 200;
        const parentId = Number(
          insertComment.run({
            ideaId,
            authorId: userId(comment.author),
            parentId: null,
            body: comment.body,
            at: iso(created + minutes * 60_000),
          }).lastInsertRowid,
        );
        for (const reply of comment.replies ?? []) {
          minutes += 45;
          insertComment.run({
            ideaId,
            authorId: userId(reply.author),
            parentId,
            body: reply.body,
            at: iso(created + minutes * 60_000),
          });
        }
      }
    }
    seedDemoGroups(db, ideaIds, now);
    seedDemoAnswers(db, now);
    seedDemoActions(db, ideaIds, now);
    withDb(db, () => seedDemoWorkshop(db, now));
  }).immediate();
}

/** Residents who only support: enough for three demo ideas to pass the official-answer threshold. */
const DEMO_THRESHOLD_SUPPORTERS = 150;

/**
 * Issue 15 from the first start: one idea due an official answer, one overdue and one answered (on
 * time, by the demo official). Their supports come from quiet demo residents; when each reached the
 * threshold and its deadline are set from the idea's own dates (the trigger would say "now").
 */
function seedDemoAnswers(db: Db, now: number) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const DAY = 86_400_000;
  const cases = [
    { title: "Testa gratis stadsbuss på lördagar", reachedAfterDays: 30, answer: null },
    { title: "Klimatkafé på biblioteket varje månad", reachedAfterDays: 20, answer: null },
    {
      title: "Tätare bussar från Hässleholmen på kvällar och helger",
      reachedAfterDays: 10,
      answer: {
        afterDays: 45,
        verdict: "already-planned",
        answeredFor: "Borås Stad",
        text: "Tack för idén och för alla som stött den! Borås Stad och Västtrafik har redan planerat tätare kvällsturer från Hässleholmen från och med tidtabellsskiftet i december. Helgtrafiken ses över i samma arbete, och vi återkommer här när den nya tidtabellen är klar.",
      },
    },
  ] as const;
  const insertUser = db.prepare(
    `INSERT INTO users (email, name, password_hash, role, is_demo, created_at, updated_at, email_confirmed_at)
     VALUES (?, ?, NULL, 'resident', 1, ?, ?, ?)`,
  );
  const joined = iso(now - 180 * DAY);
  const supporters = Array.from({ length: DEMO_THRESHOLD_SUPPORTERS }, (_, n) =>
    Number(
      insertUser.run(
        `demo-supporter-${n + 1}@example.invalid`,
        `Invånare ${n + 1}`,
        joined,
        joined,
        joined,
      ).lastInsertRowid,
    ),
  );
  const official = db
    .prepare("SELECT id FROM users WHERE email = ?")
    .get(DEMO_ACCOUNTS[3].email) as { id: number };
  const insertSupport = db.prepare(
    "INSERT OR IGNORE INTO supports (user_id, idea_id, created_at) VALUES (?, ?, ?)",
  );
  for (const c of cases) {
    const idea = db
      .prepare("SELECT id, created_at AS createdAt FROM ideas WHERE title = ?")
      .get(c.title) as { id: number; createdAt: string } | undefined;
    if (!idea) throw new Error(`Demo data has no idea titled ${c.title}`);
    const created = Date.parse(idea.createdAt);
    const reached = created + c.reachedAfterDays * DAY;
    supporters.forEach((userId, n) =>
      insertSupport.run(
        userId,
        idea.id,
        iso(created + ((n + 1) * (reached - created)) / supporters.length),
      ),
    );
    db.prepare(
      `INSERT INTO idea_thresholds (idea_id, reached_at, supports_at_threshold, due_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(idea_id) DO UPDATE SET reached_at = excluded.reached_at,
         supports_at_threshold = excluded.supports_at_threshold, due_at = excluded.due_at`,
    ).run(idea.id, iso(reached), DEMO_THRESHOLD_SUPPORTERS, iso(reached + 60 * DAY));
    if (c.answer) {
      db.prepare(
        `INSERT INTO official_answers (idea_id, verdict, text, answered_for, answered_by, answered_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        idea.id,
        c.answer.verdict,
        c.answer.text,
        c.answer.answeredFor,
        official.id,
        iso(reached + c.answer.afterDays * DAY),
      );
    }
  }
}

/**
 * Three co-creation groups at different stages, with public messages, made from demo ideas whose
 * titles share a theme (so that the workflow is visible from the first start).
 */
function seedDemoGroups(db: Db, ideaIds: number[], now: number) {
  const moderator = db
    .prepare("SELECT id FROM users WHERE email = ?")
    .get(DEMO_ACCOUNTS[1].email) as { id: number };
  const iso = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
  const groups = [
    {
      title: "Säkra cykelvägar in till centrum",
      summary: "Idéer om trygga och sammanhängande cykelvägar från stadsdelarna in till centrum.",
      focusArea: "mobility",
      match: /cykel/i,
      stages: [
        {
          to: "co-creation",
          daysAgo: 30,
          message:
            "Tack för alla idéer om cykelvägar! Vi bjuder in till en workshop på Stadsbiblioteket den 14 januari där vi ritar in de viktigaste sträckorna tillsammans.",
        },
      ],
    },
    {
      title: "Solenergi på stadens tak",
      summary: "Solceller på skolor, förskolor och Fristadbostäders hus.",
      focusArea: "construction",
      match: /sol(cell|panel|energi)/i,
      stages: [
        {
          to: "co-creation",
          daysAgo: 60,
          message:
            "Vi har samlat era idéer om solceller och träffat Fristadbostäder och Borås Energi och Miljö.",
        },
        {
          to: "proposal",
          daysAgo: 20,
          message:
            "Ni sa: fler tak med solceller. Vi gjorde: ett förslag om solceller på tio skolor och förskolor går nu till innovationsteamet.",
        },
      ],
    },
    {
      title: "Laga och låna i stället för att köpa",
      summary: "Reparationskaféer, verktygsbibliotek och bytesdagar.",
      focusArea: "co-creation",
      match: /(repar|laga|fixotek|låna|byt)/i,
      stages: [],
    },
  ];
  const titles = db
    .prepare("SELECT id, title, body FROM ideas WHERE id IN (SELECT value FROM json_each(?))")
    .all(JSON.stringify(ideaIds)) as {
    id: number;
    title: string;
    body: string;
  }[];
  const used = new Set<number>();
  for (const group of groups) {
    const members = titles.filter((i) => !used.has(i.id) && group.match.test(i.title)).slice(0, 6);
    if (members.length < 2) continue;
    const groupId = Number(
      db
        .prepare(
          "INSERT INTO co_creation_groups (title, summary, focus_area, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(group.title, group.summary, group.focusArea, moderator.id, iso(90), iso(90))
        .lastInsertRowid,
    );
    for (const m of members) {
      used.add(m.id);
      db.prepare("UPDATE ideas SET group_id = ? WHERE id = ?").run(groupId, m.id);
    }
    let from = "collecting";
    for (const step of group.stages) {
      db.prepare(
        "INSERT INTO group_messages (group_id, from_stage, to_stage, message, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      ).run(groupId, from, step.to, step.message, moderator.id, iso(step.daysAgo));
      from = step.to;
    }
    db.prepare("UPDATE co_creation_groups SET stage = ? WHERE id = ?").run(from, groupId);
  }
}

/**
 * The demo action portfolio (db/demo-actions.ts) with its ideas, groups, milestones and progress
 * reports, and the official answer "already planned" pointing at its action, so that /actions and
 * the chain idea → answer → group → action → status show from the first start.
 */
function seedDemoActions(db: Db, ideaIds: number[], now: number) {
  const moderator = db
    .prepare("SELECT id FROM users WHERE email = ?")
    .get(DEMO_ACCOUNTS[1].email) as { id: number };
  const iso = (daysAgo: number) => new Date(now - daysAgo * 86_400_000).toISOString();
  const partner = (name: string) =>
    (db.prepare("SELECT id FROM action_partners WHERE name = ?").get(name) as { id: number }).id;
  const ideas = db
    .prepare("SELECT id, title FROM ideas WHERE id IN (SELECT value FROM json_each(?))")
    .all(JSON.stringify(ideaIds)) as { id: number; title: string }[];
  const groupId = (title: string) =>
    (
      db.prepare("SELECT id FROM co_creation_groups WHERE title = ?").get(title) as
        { id: number } | undefined
    )?.id;
  const insert = db.prepare(
    `INSERT INTO actions (title, body, focus_area, partner_id, contact_role, status, status_reason,
       progress, co2e_tonnes_per_year, co2e_method, budget_sek, start_date, end_date, lat, lng,
       area, created_by, created_at, updated_at)
     VALUES (@title, @body, @focusArea, @partnerId, @contactRole, @status, @statusReason, @progress,
       @tonnes, @method, @budget, @start, @end, @lat, @lng, @area, @by, @at, @updatedAt)`,
  );
  const linkIdea = db.prepare("INSERT INTO action_ideas (action_id, idea_id) VALUES (?, ?)");
  const linkGroup = db.prepare("INSERT INTO action_groups (action_id, group_id) VALUES (?, ?)");
  const addMilestone = db.prepare(
    "INSERT INTO action_milestones (action_id, title, due_date, done) VALUES (?, ?, ?, ?)",
  );
  const addUpdate = db.prepare(
    `INSERT INTO action_updates (action_id, status, progress, message, author_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const nameInAnswer = db.prepare(
    `UPDATE official_answers SET action_id = ?
     WHERE verdict = 'already-planned' AND idea_id = (SELECT id FROM ideas WHERE title = ?)`,
  );
  for (const a of demoActions) {
    const lastReport = Math.min(...a.updates.map((u) => u.daysAgo), 400);
    const actionId = Number(
      insert.run({
        title: a.title,
        body: a.body,
        focusArea: a.focusArea,
        partnerId: partner(a.partner),
        contactRole: a.contactRole,
        status: a.status,
        statusReason: a.statusReason ?? "",
        progress: a.progress,
        tonnes: a.tonnes,
        method: a.method,
        budget: a.budget,
        start: a.start,
        end: a.end,
        lat: a.place?.[0] ?? null,
        lng: a.place?.[1] ?? null,
        area: a.area ?? null,
        by: moderator.id,
        at: iso(400),
        updatedAt: iso(lastReport),
      }).lastInsertRowid,
    );
    const behind = a.ideas ? ideas.filter((i) => a.ideas!.test(i.title)).slice(0, 6) : [];
    for (const idea of behind) linkIdea.run(actionId, idea.id);
    const group = a.group ? groupId(a.group) : undefined;
    if (group !== undefined) linkGroup.run(actionId, group);
    for (const m of a.milestones) addMilestone.run(actionId, m.title, m.date, m.done ? 1 : 0);
    for (const u of a.updates)
      addUpdate.run(actionId, u.status, u.progress, u.message, moderator.id, iso(u.daysAgo));
    if (a.answers && nameInAnswer.run(actionId, a.answers).changes !== 1)
      throw new Error(`Demo data has no answer "already planned" on the idea ${a.answers}`);
  }
}

/**
 * The finished demo workshop (db/demo-workshop.ts), held through the workshop models as an evening
 * in the room would be — join, notes, dots, close — and linked to the action it shaped, so that an
 * action page shows "shaped by a workshop" and the workshop's public results from the first start.
 * The models stamp everything "now": the times are then set back to the evening. Runs with getDb()
 * answering with `db`, inside seedDemo's transaction (each model's transaction is a savepoint).
 */
function seedDemoWorkshop(db: Db, now: number) {
  const w = demoWorkshop;
  const evening = new Date(now - w.daysAgo * 86_400_000).setUTCHours(17, 0, 0, 0); // 18:00 in Borås
  const at = (minutes: number) => new Date(evening + minutes * 60_000).toISOString();
  const person = (email: string) => {
    const id = findUserIdByEmail(email);
    if (id === undefined) throw new Error(`Demo data has no account ${email}`);
    return id;
  };
  const facilitatorId = person(DEMO_ACCOUNTS[2].email);
  const group = listGroups().find((g) => g.title === w.group);
  const action = listActions().find((a) => a.title === w.action);
  const place = findPlace(w.around);
  if (!group || !action || !place)
    throw new Error(`Demo workshop names an unknown group, action or place: ${w.title}`);
  const { id } = createWorkshop({
    title: w.title,
    focusArea: w.focusArea,
    groupId: group.id,
    dots: w.dotsPerParticipant,
    area: boxAround(place, w.meters),
    publish: "on-close",
    facilitatorId,
  });
  const workshop = workshopById(id)!;
  const participants = w.participants.map(({ resident, name }) => {
    const email = resident && demoResidents.find((r) => r.key === resident)?.email;
    const userId = email ? person(email) : null;
    const { participantId } = joinWorkshop(id, { name, userId });
    return { id: participantId, workshopId: id, name, userId };
  });
  const noteIds = w.notes.map(
    ({ by, ...note }) =>
      postWorkshopIdea(workshop, by === "facilitator" ? { facilitatorId } : participants[by], {
        ...note,
        focusArea: w.focusArea,
      }).ideaId,
  );
  for (const [participant, note] of w.dots) {
    const placed = placeDot(workshop, participants[participant].id, noteIds[note]);
    if (!placed.ok) throw new Error(`Demo workshop dot refused: ${placed.reason}`);
  }
  changeWorkshop(id, { kind: "close" }, facilitatorId);
  linkWorkshopToAction(action.id, id);

  // Back to the evening: opened at 18:00, a note every ten minutes, dots after the last note,
  // closed at half past seven.
  db.prepare("UPDATE workshops SET created_at = ?, closed_at = ? WHERE id = ?").run(
    at(0),
    at(90),
    id,
  );
  db.prepare("UPDATE workshop_participants SET created_at = ? WHERE workshop_id = ?").run(
    at(5),
    id,
  );
  noteIds.forEach((ideaId, n) => {
    const posted = at(10 * (n + 1));
    db.prepare("UPDATE workshop_ideas SET created_at = ? WHERE idea_id = ?").run(posted, ideaId);
    db.prepare("UPDATE ideas SET created_at = ?, reviewed_at = ?, updated_at = ? WHERE id = ?").run(
      posted,
      posted,
      at(90),
      ideaId,
    );
  });
  db.prepare("UPDATE workshop_dots SET created_at = ? WHERE workshop_id = ?").run(
    at(10 * (noteIds.length + 2)),
    id,
  );
}

/** Adds `count` synthetic ideas with supports from synthetic residents, in batches. */
export function seedSynthetic(db: Db, count: number, onProgress?: (done: number) => void) {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SYNTHETIC_IDEAS) {
    throw new Error(`--ideas must be a whole number from 1 to ${MAX_SYNTHETIC_IDEAS}`);
  }
  const insertUser = db.prepare(
    `INSERT INTO users (email, name, password_hash, role, is_demo, email_confirmed_at)
     VALUES (?, ?, NULL, 'resident', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
  );
  const insertIdea = db.prepare(
    `INSERT INTO ideas (title, body, focus_area, lat, lng, author_id, created_at, updated_at, reviewed_at)
     VALUES (@title, @body, @focusArea, @lat, @lng, @authorId, @createdAt, @createdAt, @createdAt)`,
  );
  const insertSupport = db.prepare(
    "INSERT OR IGNORE INTO supports (user_id, idea_id, created_at) VALUES (?, ?, ?)",
  );
  const userIds = db
    .transaction(() =>
      Array.from({ length: BENCH_USERS }, (_, n) =>
        Number(
          insertUser.run(`bench-${count}-${n}@example.invalid`, `Testinvånare ${n + 1}`)
            .lastInsertRowid,
        ),
      ),
    )
    .immediate();

  const BATCH = 5000;
  const ideas = syntheticIdeas(count);
  let done = 0;
  let n = 0;
  const insertBatch = db.transaction(() => {
    for (let i = 0; i < BATCH; i++) {
      const next = ideas.next();
      if (next.done) return;
      const idea = next.value;
      const authorId = userIds[n % userIds.length];
      const ideaId = Number(insertIdea.run({ ...idea, authorId }).lastInsertRowid);
      for (let s = 0; s < idea.supports; s++) {
        insertSupport.run(userIds[(n * 7 + s * 131 + 1) % userIds.length], ideaId, idea.createdAt);
      }
      n++;
      done++;
    }
  });
  while (done < count) {
    insertBatch.immediate();
    onProgress?.(done);
  }
}

/** Removes the database file (and its WAL and shared-memory files). */
export function deleteDatabaseFiles(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
}

function parseArgs(argv: string[]) {
  const args = { ideas: undefined as number | undefined, reset: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--reset") args.reset = true;
    else if (argv[i] === "--ideas") args.ideas = Number(argv[++i]);
    else if (argv[i].startsWith("--ideas=")) args.ideas = Number(argv[i].slice(8));
    else throw new Error(`Unknown argument: ${argv[i]} (use --ideas N and/or --reset)`);
  }
  return args;
}

/** `npm run db:seed` (scripts/db-seed.ts). */
export async function runSeedCommand(argv: string[]) {
  const args = parseArgs(argv);
  const { env } = await import("~/utils/env.server");
  const { openDatabase } = await import("~/utils/db.server");
  const file = env().DATABASE_PATH;
  if (args.reset && file !== ":memory:") deleteDatabaseFiles(file);
  const db = openDatabase(file);
  if (!databaseIsEmpty(db)) {
    console.error(`${file} already has data. Run with --reset to start from an empty database.`);
    process.exit(1);
  }
  const started = performance.now();
  if (args.ideas !== undefined) {
    seedSynthetic(db, args.ideas, (done) => {
      if (done % 50_000 === 0 || done === args.ideas) process.stdout.write(`  ${done} ideas\n`);
    });
    console.log(
      `Seeded ${args.ideas} synthetic ideas into ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } else {
    seedDemo(db);
    console.log(
      `Seeded the Borås demo data into ${file}. Demo accounts, password "${DEMO_PASSWORD}":`,
    );
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(11)} ${a.email}`);
  }
  db.pragma("optimize");
  db.close();
}
