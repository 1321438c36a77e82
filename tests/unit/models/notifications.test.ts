// Notifications name who did what (by today's name), the stage by name, open one at a time, and go
// out by e-mail as each person chose on /me: per kind, at once or one digest a day.
import { beforeEach, describe, expect, it } from "vitest";
import { makeIdea, makeUser } from "../helpers";
import { addComment } from "~/models/comments.server";
import { addIdeasToGroup, createGroup, moveGroupToStage } from "~/models/groups.server";
import { outboxRows } from "~/models/mail-outbox.server";
import {
  deleteAccount,
  emailSettings,
  setEmailSettings,
  type EmailSettings,
} from "~/models/me.server";
import {
  notificationsFor,
  openNotification,
  unreadNotificationCount,
} from "~/models/notifications.server";
import { followIdea } from "~/models/supports.server";
import {
  digestClock,
  emailPeople,
  mailNotifications,
  notificationLine,
} from "~/services/notify.server";
import { getDb } from "~/utils/db.server";
import { createI18n } from "~/utils/i18n";
import { translations } from "~/utils/locale.server";

const en = createI18n("en", translations.en);
const t = en.t.bind(en);
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, "");
const lineOf = (n: Parameters<typeof notificationLine>[1]) => plain(notificationLine(t, n));
const rename = (id: number, name: string) =>
  getDb().prepare("UPDATE users SET name = ? WHERE id = ?").run(name, id);
const mailTo = (userId: number) => {
  const email = (
    getDb().prepare("SELECT email FROM users WHERE id = ?").get(userId) as { email: string }
  ).email;
  return outboxRows().filter((m) => m.to === email);
};
const ALL_ON: EmailSettings = {
  on: true,
  comments: true,
  replies: true,
  followed: true,
  updates: true,
  frequency: "instant",
};

// Times in Borås (CET in winter: UTC+1).
const at = (iso: string) => new Date(iso);

beforeEach(() => {
  // Earlier tests' notifications are settled so that each test sees only its own mail.
  getDb().prepare("UPDATE notifications SET mailed_at = created_at WHERE mailed_at IS NULL").run();
  getDb().prepare("UPDATE users SET digest_sent_on = NULL").run();
  getDb().prepare("DELETE FROM mail_outbox").run();
});

describe("what a notification says", () => {
  it("names the commenter by the name they have today, and a deleted account as a former participant", () => {
    const author = makeUser({ name: "Bo" });
    const anna = makeUser({ name: "Anna" });
    const idea = makeIdea(author, { title: "Cykelbana längs Viskan" });
    addComment({ ideaId: idea, authorId: anna, body: "Ja, det behövs verkligen!" });

    const [n] = notificationsFor(author);
    expect(n.kind).toBe("comment-on-my-idea");
    expect(lineOf(n)).toBe("Anna commented on your idea “Cykelbana längs Viskan”.");

    rename(anna, "Anna Lind");
    expect(lineOf(notificationsFor(author)[0])).toBe(
      "Anna Lind commented on your idea “Cykelbana längs Viskan”.",
    );

    deleteAccount(anna);
    const afterDeletion = notificationsFor(author)[0];
    expect(afterDeletion.actorName).toBeNull();
    expect(lineOf(afterDeletion)).toBe(
      "A former participant commented on your idea “Cykelbana längs Viskan”.",
    );
    expect(JSON.stringify(notificationsFor(author))).not.toContain("Anna");
  });

  it("names the replier on a reply, and the stage a group moved to by its label, not its code", () => {
    const moderator = makeUser({ role: "moderator" });
    const author = makeUser();
    const commenter = makeUser({ name: "Kim" });
    const replier = makeUser({ name: "Sara" });
    const idea = makeIdea(author, { title: "Solceller på skolan" });
    const first = addComment({ ideaId: idea, authorId: commenter, body: "Vilken skola menar du?" });
    if (!first.ok) throw new Error("comment refused");
    addComment({
      ideaId: idea,
      authorId: replier,
      body: "Sjöboskolan, tror jag.",
      parentId: first.id,
    });
    expect(lineOf(notificationsFor(commenter)[0])).toBe(
      "Sara replied to your comment on “Solceller på skolan”.",
    );

    const group = createGroup(
      { title: "Solenergi", summary: "", focusArea: "construction" },
      moderator,
    );
    addIdeasToGroup(group, [idea], moderator);
    moveGroupToStage(group, "collecting", "co-creation", "Workshop i januari.", moderator);
    moveGroupToStage(group, "co-creation", "proposal", "Förslaget skrivs nu.", moderator);
    const stages = notificationsFor(author).filter((n) => n.kind === "group-stage");
    // Newest first: each notification keeps the stage of its own move.
    expect(stages.map((n) => n.stage)).toEqual(["proposal", "co-creation"]);
    expect(lineOf(stages[1])).toBe(
      "The co-creation group that “Solceller på skolan” belongs to has moved on to the stage Co-creation.",
    );
    expect(lineOf(stages[1])).not.toContain("co-creation.");
  });
});

describe("opening a notification", () => {
  it("marks that one read and no other, and only for its owner", () => {
    const author = makeUser();
    const other = makeUser();
    const idea = makeIdea(author);
    addComment({ ideaId: idea, authorId: other, body: "Första kommentaren här." });
    const second = addComment({ ideaId: idea, authorId: other, body: "Och en till kommentar." });
    if (!second.ok) throw new Error("comment refused");
    const [newest, older] = notificationsFor(author);
    expect(unreadNotificationCount(author)).toBe(2);

    expect(openNotification(other, newest.id)).toBeNull();
    expect(unreadNotificationCount(author)).toBe(2);

    expect(openNotification(author, newest.id)).toEqual({
      ideaId: idea,
      ideaShown: true,
      commentId: second.id,
    });
    expect(unreadNotificationCount(author)).toBe(1);
    const after = notificationsFor(author);
    expect(after.find((n) => n.id === newest.id)?.readAt).not.toBeNull();
    expect(after.find((n) => n.id === older.id)?.readAt).toBeNull();
    expect(openNotification(author, 987654)).toBeNull();
  });
});

describe("e-mail as chosen on /me", () => {
  it("at once: one mail per comment on my idea, naming who wrote what, with a link; never twice", () => {
    const author = makeUser({ name: "Bo" });
    const anna = makeUser({ name: "Anna" });
    const idea = makeIdea(author, { title: "Fler bänkar på torget" });
    const comment = addComment({ ideaId: idea, authorId: anna, body: "Gärna med skugga också." });
    if (!comment.ok) throw new Error("comment refused");

    expect(mailNotifications(at("2026-12-02T09:00:00Z")).instant).toBe(1);
    const [mail] = mailTo(author);
    // Swedish by default (no language chosen): who, what, the comment and where to answer.
    expect(plain(mail.subject)).toBe("Anna kommenterade din idé ”Fler bänkar på torget”.");
    expect(mail.text).toContain("“Gärna med skugga också.”");
    expect(mail.text).toContain(`/ideas/${idea}#comment-${comment.id}`);
    expect(mail.text).toContain("/me#email-settings");

    expect(mailNotifications(at("2026-12-02T09:01:00Z")).instant).toBe(0);
    expect(mailTo(author)).toHaveLength(1);
  });

  it("writes in the person's own language", () => {
    const author = makeUser();
    getDb().prepare("UPDATE users SET locale = 'en' WHERE id = ?").run(author);
    const kim = makeUser({ name: "Kim" });
    const idea = makeIdea(author, { title: "Laddstolpar i Norrby" });
    followIdea(makeUser(), idea);
    addComment({ ideaId: idea, authorId: kim, body: "Bra idé, behövs verkligen." });
    mailNotifications(at("2026-12-02T09:00:00Z"));
    expect(plain(mailTo(author)[0].subject)).toBe(
      "Kim commented on your idea “Laddstolpar i Norrby”.",
    );
    expect(mailTo(author)[0].text).toMatch(/^Hello!/);
  });

  it("each kind can be switched off, and all of it at once; what was off is never sent later", () => {
    const author = makeUser();
    const follower = makeUser();
    const idea = makeIdea(author);
    followIdea(follower, idea);
    setEmailSettings(author, { ...ALL_ON, comments: false });
    setEmailSettings(follower, { ...ALL_ON, on: false });
    expect(emailSettings(author)).toEqual({ ...ALL_ON, comments: false });

    addComment({
      ideaId: idea,
      authorId: makeUser(),
      body: "En kommentar som ingen vill ha mejl om.",
    });
    expect(mailNotifications(at("2026-12-02T09:00:00Z"))).toEqual({
      instant: 0,
      digests: 0,
      passedOver: 2,
    });

    setEmailSettings(author, ALL_ON);
    setEmailSettings(follower, ALL_ON);
    mailNotifications(at("2026-12-02T09:05:00Z"));
    expect(mailTo(author)).toHaveLength(0);
    expect(mailTo(follower)).toHaveLength(0);

    addComment({ ideaId: idea, authorId: makeUser(), body: "Nu vill båda ha mejl om detta." });
    mailNotifications(at("2026-12-02T09:10:00Z"));
    expect(mailTo(author)).toHaveLength(1);
    expect(plain(mailTo(follower)[0].subject)).toMatch(/kommenterade ”.*”, som du följer\.$/);
  });

  it("an address not confirmed yet gets no mail but the confirmation link: the notices wait on the site", () => {
    const author = makeUser({ confirmed: false });
    const idea = makeIdea(author, { title: "Regnbäddar på Allégatan" });
    addComment({ ideaId: idea, authorId: makeUser(), body: "Bra, det behövs vid skyfall." });
    expect(mailNotifications(at("2026-12-02T09:00:00Z"))).toMatchObject({ instant: 0 });
    expect(emailPeople([author], "Gruppen har gått vidare", "Text")).toBe(0);
    expect(mailTo(author)).toHaveLength(0);
    expect(unreadNotificationCount(author)).toBe(1);
  });

  it("news from moderators respects its own switch", () => {
    const wants = makeUser();
    const doesNot = makeUser();
    setEmailSettings(doesNot, { ...ALL_ON, updates: false });
    expect(emailPeople([wants, doesNot], "Gruppen har gått vidare", "Text")).toBe(1);
    expect(mailTo(wants)).toHaveLength(1);
    expect(mailTo(doesNot)).toHaveLength(0);
  });

  it("daily: one digest per person per day after the digest hour, with the day's unread notifications", () => {
    const author = makeUser({ name: "Eva" });
    setEmailSettings(author, { ...ALL_ON, frequency: "daily" });
    const idea = makeIdea(author, { title: "Grönare Allégatan" });
    addComment({ ideaId: idea, authorId: makeUser({ name: "Ali" }), body: "Träd i hela gatan!" });
    addComment({ ideaId: idea, authorId: makeUser({ name: "Lisa" }), body: "Och cykelställ." });
    addComment({ ideaId: idea, authorId: makeUser({ name: "Omar" }), body: "Redan läst den här." });
    openNotification(author, notificationsFor(author)[0].id); // Omar's, read on the site first

    // 15:00 in Borås: not yet.
    expect(digestClock(at("2026-12-02T14:00:00Z"))).toEqual({ day: "2026-12-02", due: false });
    expect(mailNotifications(at("2026-12-02T14:00:00Z"))).toEqual({
      instant: 0,
      digests: 0,
      passedOver: 0,
    });
    expect(mailTo(author)).toHaveLength(0);

    // 18:00 in Borås: one mail with both unread comments.
    expect(mailNotifications(at("2026-12-02T17:00:00Z")).digests).toBe(1);
    const [digest] = mailTo(author);
    expect(digest.subject).toContain("(2)");
    expect(plain(digest.text)).toContain("Ali kommenterade din idé ”Grönare Allégatan”.");
    expect(plain(digest.text)).toContain("Lisa kommenterade din idé ”Grönare Allégatan”.");
    expect(digest.text).not.toContain("Omar");

    // Later the same evening: a new comment waits for tomorrow's digest.
    addComment({ ideaId: idea, authorId: makeUser({ name: "Nora" }), body: "Bänkar också, tack." });
    expect(mailNotifications(at("2026-12-02T21:00:00Z")).digests).toBe(0);
    expect(mailNotifications(at("2026-12-03T08:00:00Z")).digests).toBe(0);
    expect(mailTo(author)).toHaveLength(1);
    expect(mailNotifications(at("2026-12-03T16:30:00Z")).digests).toBe(1);
    expect(mailTo(author)).toHaveLength(2);
    expect(plain(mailTo(author)[1].text)).toContain("Nora kommenterade");
  });
});
