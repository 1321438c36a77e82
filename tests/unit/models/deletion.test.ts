// Deleting an account: afterwards neither the name nor the e-mail address is anywhere in the
// database, and nothing the public sees ties the person's ideas and comments together again.
import { describe, expect, it } from "vitest";
import { makeIdea, makeUser } from "../helpers";
import { reportBarrier } from "~/models/barriers.server";
import { addComment, visibleCommentsForIdea } from "~/models/comments.server";
import { coauthorNames, getIdeaForPage } from "~/models/ideas.server";
import { deleteAccount, exportUserData } from "~/models/me.server";
import { mergeIdeas } from "~/models/moderation.server";
import { createPasswordReset } from "~/models/password-resets.server";
import { reportContent } from "~/models/reports.server";
import { createSession, userForSessionToken } from "~/models/sessions.server";
import { followIdea, supportIdea } from "~/models/supports.server";
import {
  appendWorkshopEvent,
  createWorkshop,
  joinWorkshop,
  postWorkshopIdea,
  workshopById,
} from "~/models/workshops.server";
import { getDb } from "~/utils/db.server";

const NAME = "Zelda Raderadsson";
const EMAIL = "zelda.raderad@example.se";

/** Every row of every table whose text (any column) contains `needle`, as "table.column". */
function whereFound(needle: string): string[] {
  const db = getDb();
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  const found: string[] = [];
  for (const { name: table } of tables) {
    const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as {
      name: string;
    }[];
    for (const { name: column } of columns) {
      const hit = db
        .prepare(
          `SELECT 1 FROM "${table}" WHERE instr(lower(CAST("${column}" AS TEXT)), lower(?)) > 0 LIMIT 1`,
        )
        .get(needle);
      if (hit) found.push(`${table}.${column}`);
    }
  }
  return found;
}

describe("deleting an account", () => {
  it("leaves the name and e-mail address in no table, and no author id on the idea page's comments", () => {
    const zelda = makeUser({ name: NAME, email: EMAIL });
    const other = makeUser();
    const moderator = makeUser({ role: "moderator" });

    // Everything a person leaves behind: an idea, a comment, a support, a follow, a report, a
    // barrier report with contact details, a session, a reset link, co-author credit through a
    // merge, and a workshop where the room saw the name.
    const own = makeIdea(zelda, { title: "Fler bänkar i Stadsparken" });
    const elsewhere = makeIdea(other, { title: "Belysning längs Viskan" });
    const comment = addComment({
      ideaId: elsewhere,
      authorId: zelda,
      body: "Ja, det är mörkt på kvällen.",
    });
    expect(comment.ok).toBe(true);
    supportIdea(zelda, elsewhere);
    followIdea(zelda, elsewhere);
    addComment({ ideaId: own, authorId: other, body: "Bra tanke!" }); // a notification for Zelda
    reportContent({
      targetType: "idea",
      targetId: elsewhere,
      reporterId: zelda,
      reason: "other",
      details: "Dubblett",
    });
    reportBarrier({
      page: "/",
      description: "Kartan går inte att använda med tangentbord.",
      contact: `${NAME} <${EMAIL}>`,
      userId: zelda,
    });
    const token = createSession(zelda);
    createPasswordReset(zelda);
    const duplicate = makeIdea(zelda, { title: "Bänkar i parken" });
    expect(mergeIdeas(duplicate, elsewhere, moderator).ok).toBe(true);
    expect(coauthorNames(elsewhere)).toEqual([NAME]);

    const facilitatorId = makeUser({ role: "facilitator" });
    const { id: workshopId } = createWorkshop({
      title: "Parkerna i Borås",
      focusArea: "co-creation",
      groupId: null,
      dots: 3,
      area: null,
      publish: "immediately",
      facilitatorId,
    });
    const { participantId } = joinWorkshop(workshopId, { name: NAME, userId: zelda });
    const posted = postWorkshopIdea(
      workshopById(workshopId)!,
      { id: participantId, workshopId, name: NAME, userId: zelda },
      {
        title: "Grillplats vid Ramnasjön",
        body: "Med tak, för regniga dagar.",
        focusArea: "co-creation",
        lat: 57.7212,
        lng: 12.9402,
      },
    );
    // An event log as an older hub wrote it: the whole idea, name included.
    appendWorkshopEvent(workshopId, "idea", {
      id: posted.ideaId,
      title: "Grillplats vid Ramnasjön",
      name: NAME,
    });

    expect(whereFound(NAME).length).toBeGreaterThan(0);
    expect(whereFound(EMAIL).length).toBeGreaterThan(0);

    deleteAccount(zelda);

    expect(whereFound(NAME)).toEqual([]);
    expect(whereFound(EMAIL)).toEqual([]);
    expect(userForSessionToken(token)).toBeUndefined();
    expect(
      getDb().prepare("SELECT password_hash AS hash FROM users WHERE id = ?").get(zelda),
    ).toEqual({ hash: null });

    // What the idea page's loader sends: the comment stays, with no name and no author id.
    const comments = visibleCommentsForIdea(elsewhere);
    expect(comments.map((c) => c.body)).toContain("Ja, det är mörkt på kvällen.");
    for (const c of comments) expect(c.authorId).not.toBe(zelda);
    expect(
      JSON.stringify({ idea: getIdeaForPage(own), comments, coauthors: coauthorNames(elsewhere) }),
    ).not.toContain(NAME);
    expect(coauthorNames(elsewhere)).toEqual([]);
    // The support still counts; the ideas stay.
    expect(getIdeaForPage(elsewhere)?.supports).toBe(1);
    expect(getIdeaForPage(own)?.title).toBe("Fler bänkar i Stadsparken");
    // And what is left of the account exports neither name nor address.
    const left = JSON.stringify(exportUserData(zelda));
    expect(left).not.toContain(EMAIL);
    expect(left).not.toContain(NAME);
  });

  it("is an anonymising update, not a DELETE: the audit log refers to the account and cannot change", () => {
    const moderator = makeUser({
      role: "moderator",
      name: "Moa Moderator",
      email: "moa@example.se",
    });
    mergeIdeas(makeIdea(makeUser()), makeIdea(makeUser()), moderator);
    expect(() => getDb().prepare("DELETE FROM users WHERE id = ?").run(moderator)).toThrow();
    deleteAccount(moderator);
    expect(
      getDb().prepare("SELECT count(*) AS n FROM audit_log WHERE actor_id = ?").get(moderator),
    ).toEqual({ n: 1 });
    expect(whereFound("Moa Moderator")).toEqual([]);
    expect(whereFound("moa@example.se")).toEqual([]);
  });
});
