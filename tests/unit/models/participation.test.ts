import { describe, expect, it } from "vitest";
import { makeIdea, makeUser } from "../helpers";
import {
  addComment,
  deleteOwnComment,
  editOwnComment,
  visibleCommentsForIdea,
} from "~/models/comments.server";
import {
  editOwnIdea,
  getIdeaForPage,
  listIdeas,
  mapIdeas,
  postIdea,
  withdrawOwnIdea,
} from "~/models/ideas.server";
import { openIdeasAfter } from "~/models/open-data.server";
import { deleteAccount, exportUserData, notificationsFor } from "~/models/me.server";
import { reportContent, reportedCommentIds } from "~/models/reports.server";
import { followIdea, supportIdea, withdrawSupport } from "~/models/supports.server";
import { getDb } from "~/utils/db.server";

describe("supports", () => {
  it("count a person once however often they support, and can be withdrawn", () => {
    const person = makeUser();
    const idea = makeIdea(makeUser());
    const results = Array.from({ length: 50 }, () => supportIdea(person, idea));
    expect(results.at(-1)).toEqual({ supports: 1, supported: true, held: false });
    expect(withdrawSupport(person, idea)).toEqual({ supports: 0, supported: false, held: false });
    expect(withdrawSupport(person, idea)).toEqual({ supports: 0, supported: false, held: false });
  });

  it("are refused for a hidden idea", () => {
    const idea = makeIdea(makeUser(), { status: "hidden" });
    expect(supportIdea(makeUser(), idea)).toBeUndefined();
    expect(
      getDb().prepare("SELECT count(*) AS n FROM supports WHERE idea_id = ?").get(idea),
    ).toEqual({ n: 0 });
  });
});

describe("posting an idea", () => {
  it("makes the author a follower, and a double submission returns the first idea", () => {
    const author = makeUser();
    const idea = {
      title: "Laddstolpar vid Knalleland",
      body: "Fler laddstolpar behövs vid Knalleland.",
      focusArea: "mobility" as const,
      lat: 57.73,
      lng: 12.92,
      authorId: author,
    };
    const first = postIdea(idea);
    const second = postIdea(idea);
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false, pending: false });
    expect(
      getDb()
        .prepare("SELECT count(*) AS n FROM follows WHERE user_id = ? AND idea_id = ?")
        .get(author, first.id),
    ).toEqual({ n: 1 });
  });
});

describe("comments", () => {
  it("notify the idea's author, the person replied to and followers, each once and never the writer", () => {
    const author = makeUser();
    const follower = makeUser();
    const commenter = makeUser();
    const replier = makeUser();
    const idea = makeIdea(author);
    followIdea(author, idea);
    followIdea(follower, idea);
    const first = addComment({ ideaId: idea, authorId: commenter, body: "Bra idé!" });
    expect(first.ok).toBe(true);
    const kinds = (userId: number) => notificationsFor(userId).map((n) => n.kind);
    expect(kinds(author)).toEqual(["comment-on-my-idea"]);
    expect(kinds(follower)).toEqual(["comment-on-followed"]);
    expect(kinds(commenter)).toEqual([]);

    addComment({
      ideaId: idea,
      authorId: replier,
      body: "Håller med.",
      parentId: first.ok ? first.id : 0,
    });
    expect(kinds(commenter)).toEqual(["reply-to-me"]);
    expect(kinds(author)).toEqual(["comment-on-my-idea", "comment-on-my-idea"]);
    expect(kinds(replier)).toEqual([]);
  });

  it("keep one level of replies: a reply to a reply joins the thread", () => {
    const idea = makeIdea(makeUser());
    const top = addComment({ ideaId: idea, authorId: makeUser(), body: "Första" });
    const reply = addComment({
      ideaId: idea,
      authorId: makeUser(),
      body: "Svar",
      parentId: top.ok ? top.id : 0,
    });
    const nested = addComment({
      ideaId: idea,
      authorId: makeUser(),
      body: "Svar på svar",
      parentId: reply.ok ? reply.id : 0,
    });
    const rows = visibleCommentsForIdea(idea);
    expect(rows.find((c) => c.id === (nested.ok ? nested.id : 0))?.parentId).toBe(
      top.ok ? top.id : -1,
    );
  });

  it("refuse a parent from another idea", () => {
    const other = addComment({
      ideaId: makeIdea(makeUser()),
      authorId: makeUser(),
      body: "Annan idé",
    });
    const result = addComment({
      ideaId: makeIdea(makeUser()),
      authorId: makeUser(),
      body: "Svar",
      parentId: other.ok ? other.id : 0,
    });
    expect(result).toEqual({ ok: false, reason: "parent-not-found" });
  });

  it("can be edited by their writer only, within 15 minutes", () => {
    const writer = makeUser();
    const idea = makeIdea(makeUser());
    const c = addComment({ ideaId: idea, authorId: writer, body: "Stavfel" });
    const commentId = c.ok ? c.id : 0;
    expect(editOwnComment({ commentId, ideaId: idea, userId: makeUser(), body: "Hackad" })).toBe(
      "forbidden",
    );
    expect(
      editOwnComment({ commentId, ideaId: idea + 1000, userId: writer, body: "Fel idé" }),
    ).toBe("not-found");
    expect(editOwnComment({ commentId, ideaId: idea, userId: writer, body: "Rättat" })).toBe("ok");
    expect(visibleCommentsForIdea(idea)[0].body).toBe("Rättat");
    getDb()
      .prepare(
        "UPDATE comments SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ','now','-16 minutes') WHERE id = ?",
      )
      .run(commentId);
    expect(editOwnComment({ commentId, ideaId: idea, userId: writer, body: "För sent" })).toBe(
      "too-late",
    );
  });

  it("leave a placeholder without text when deleted with replies, and vanish without", () => {
    const writer = makeUser();
    const idea = makeIdea(makeUser());
    const lonely = addComment({ ideaId: idea, authorId: writer, body: "Ingen svarar" });
    const answered = addComment({ ideaId: idea, authorId: writer, body: "Hemlig text" });
    addComment({
      ideaId: idea,
      authorId: makeUser(),
      body: "Ett svar",
      parentId: answered.ok ? answered.id : 0,
    });
    expect(
      deleteOwnComment({ commentId: lonely.ok ? lonely.id : 0, ideaId: idea, userId: makeUser() }),
    ).toBe("forbidden");
    expect(
      deleteOwnComment({ commentId: lonely.ok ? lonely.id : 0, ideaId: idea, userId: writer }),
    ).toBe("ok");
    expect(
      deleteOwnComment({ commentId: answered.ok ? answered.id : 0, ideaId: idea, userId: writer }),
    ).toBe("ok");
    const shown = visibleCommentsForIdea(idea);
    expect(shown.map((c) => c.status)).toEqual(["deleted", "visible"]);
    expect(shown[0].body).toBe("");
    expect(JSON.stringify(shown)).not.toContain("Hemlig text");
    expect(getDb().prepare("SELECT comments_count AS n FROM ideas WHERE id = ?").get(idea)).toEqual(
      { n: 1 },
    );
  });
});

describe("reports", () => {
  it("are stored once per person and item", () => {
    const reporter = makeUser();
    const idea = makeIdea(makeUser());
    const report = {
      targetType: "idea" as const,
      targetId: idea,
      reporterId: reporter,
      reason: "spam" as const,
      details: "",
    };
    expect(reportContent(report)).toBe(true);
    expect(reportContent(report)).toBe(false);
    expect(reportContent({ ...report, reporterId: makeUser() })).toBe(true);
  });
});

describe("deleting an account", () => {
  it("removes name, e-mail and sessions, keeps ideas, comments and support counts", () => {
    const person = makeUser({ name: "Greta Gustafsson", email: "greta@example.se" });
    const idea = makeIdea(person, { title: "Gretas idé om cykelbanor" });
    const other = makeIdea(makeUser());
    supportIdea(person, other);
    addComment({ ideaId: other, authorId: person, body: "Gretas kommentar" });
    getDb()
      .prepare("INSERT INTO sessions (id, user_id, expires_at) VALUES ('h', ?, '2999-01-01')")
      .run(person);

    const exported = exportUserData(person);
    expect(JSON.stringify(exported)).toContain("greta@example.se");
    expect(exported.ideas).toHaveLength(1);

    deleteAccount(person);
    const everything = JSON.stringify(
      getDb()
        .prepare("SELECT * FROM users")
        .all()
        .concat(getDb().prepare("SELECT * FROM sessions").all()),
    );
    expect(everything).not.toContain("greta@example.se");
    expect(everything).not.toContain("Greta Gustafsson");
    expect(getDb().prepare("SELECT author_id AS a FROM ideas WHERE id = ?").get(idea)).toEqual({
      a: person,
    });
    expect(
      getDb().prepare("SELECT supports_count AS n FROM ideas WHERE id = ?").get(other),
    ).toEqual({ n: 1 });
    expect(visibleCommentsForIdea(other)[0]).toMatchObject({
      body: "Gretas kommentar",
      authorName: null,
    });
  });
});

describe("a double tap on a comment (issue 13)", () => {
  it("answers with the comment already there: one row, one notification", () => {
    const author = makeUser();
    const commenter = makeUser();
    const idea = makeIdea(author);
    const first = addComment({ ideaId: idea, authorId: commenter, body: "Samma text två gånger" });
    const second = addComment({ ideaId: idea, authorId: commenter, body: "Samma text två gånger" });
    expect(first.ok && second.ok && second.id === first.id).toBe(true);
    expect(visibleCommentsForIdea(idea)).toHaveLength(1);
    expect(notificationsFor(author)).toHaveLength(1);
    // Someone else saying the same, or the same person a minute later, is a new comment.
    expect(
      addComment({ ideaId: idea, authorId: makeUser(), body: "Samma text två gånger" }),
    ).not.toEqual(first);
    getDb()
      .prepare(
        "UPDATE comments SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 minutes')",
      )
      .run();
    const later = addComment({ ideaId: idea, authorId: commenter, body: "Samma text två gånger" });
    expect(later.ok && first.ok && later.id !== first.id).toBe(true);
    expect(visibleCommentsForIdea(idea)).toHaveLength(3);
  });
});

describe("one's own idea and comments (issue 13)", () => {
  it("cannot be supported or reported by their author", () => {
    const author = makeUser();
    const idea = makeIdea(author);
    expect(supportIdea(author, idea)).toBe("own");
    expect(
      getDb().prepare("SELECT count(*) AS n FROM supports WHERE idea_id = ?").get(idea),
    ).toEqual({ n: 0 });
    expect(
      reportContent({
        targetType: "idea",
        targetId: idea,
        reporterId: author,
        reason: "spam",
        details: "",
      }),
    ).toBe("own");
    const comment = addComment({
      ideaId: makeIdea(makeUser()),
      authorId: author,
      body: "Min egen kommentar",
    });
    expect(comment.ok).toBe(true);
    const commentId = comment.ok ? comment.id : 0;
    expect(
      reportContent({
        targetType: "comment",
        targetId: commentId,
        reporterId: author,
        reason: "spam",
        details: "",
      }),
    ).toBe("own");
    expect(
      getDb().prepare("SELECT count(*) AS n FROM reports WHERE reporter_id = ?").get(author),
    ).toEqual({ n: 0 });
  });

  it("remembers which comments a person reported, so the page offers no second report", () => {
    const reporter = makeUser();
    const idea = makeIdea(makeUser());
    const comment = addComment({ ideaId: idea, authorId: makeUser(), body: "Reklam för något" });
    const commentId = comment.ok ? comment.id : 0;
    expect(reportedCommentIds(reporter, idea)).toEqual([]);
    reportContent({
      targetType: "comment",
      targetId: commentId,
      reporterId: reporter,
      reason: "spam",
      details: "",
    });
    expect(reportedCommentIds(reporter, idea)).toEqual([commentId]);
  });

  it("can be edited by the author within 30 minutes, by nobody else", () => {
    const author = makeUser();
    const idea = makeIdea(author);
    const edit = {
      ideaId: idea,
      userId: author,
      title: "Ny rubrik på idén",
      body: "En ny och bättre beskrivning.",
    };
    expect(editOwnIdea({ ...edit, userId: makeUser() })).toBe("forbidden");
    expect(editOwnIdea(edit)).toBe("ok");
    expect(getIdeaForPage(idea)).toMatchObject({
      title: "Ny rubrik på idén",
      body: "En ny och bättre beskrivning.",
    });
    expect(mapIdeas({ q: "bättre beskrivning" }).map((i) => i.id)).toEqual([idea]);
    getDb()
      .prepare(
        "UPDATE ideas SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-31 minutes') WHERE id = ?",
      )
      .run(idea);
    expect(editOwnIdea({ ...edit, title: "För sent ändrad" })).toBe("too-late");
    expect(getIdeaForPage(idea)?.title).toBe("Ny rubrik på idén");
  });

  it("can be withdrawn by the author: gone from the map, the list and the open data, the page and comments stay", () => {
    const author = makeUser();
    const idea = makeIdea(author, { title: "Idé som dras tillbaka" });
    addComment({ ideaId: idea, authorId: makeUser(), body: "En kommentar som ska finnas kvar" });
    expect(withdrawOwnIdea({ ideaId: idea, userId: makeUser() })).toBe("forbidden");
    expect(withdrawOwnIdea({ ideaId: idea, userId: author })).toBe("ok");
    expect(withdrawOwnIdea({ ideaId: idea, userId: author })).toBe("withdrawn");
    expect(mapIdeas().map((i) => i.id)).not.toContain(idea);
    expect(listIdeas({}, { limit: 100, offset: 0 }).map((i) => i.id)).not.toContain(idea);
    expect(openIdeasAfter(0).map((i) => i.id)).not.toContain(idea);
    expect(getIdeaForPage(idea)).toMatchObject({
      status: "withdrawn",
      title: "Idé som dras tillbaka",
    });
    expect(getIdeaForPage(idea)?.withdrawnAt).toBeTruthy();
    expect(visibleCommentsForIdea(idea).map((c) => c.body)).toEqual([
      "En kommentar som ska finnas kvar",
    ]);
    expect(supportIdea(makeUser(), idea)).toBeUndefined();
    expect(
      editOwnIdea({
        ideaId: idea,
        userId: author,
        title: "Tillbaka igen",
        body: "Försöker ändra en tillbakadragen idé.",
      }),
    ).toBe("withdrawn");
  });
});
