// "Support this instead" keeps the new idea's text for later, in the same transaction as the support.
import { describe, expect, it } from "vitest";
import { makeIdea, makeUser } from "../helpers";
import { deleteAccount } from "~/models/me.server";
import { discardIdeaDraft, ideaDraftFor, keepDraftAndSupport } from "~/models/idea-drafts.server";
import { getDb } from "~/utils/db.server";

const draft = {
  title: "Skugga på torget",
  body: "Träd och bänkar på Stora torget, tack.",
  focusArea: "construction",
  lat: 57.721,
  lng: 12.9401,
};
const supports = (ideaId: number) =>
  (
    getDb().prepare("SELECT supports_count AS n FROM ideas WHERE id = ?").get(ideaId) as {
      n: number;
    }
  ).n;

describe("a kept draft", () => {
  it("is kept with the support, replaced by the next one, and gone when discarded", () => {
    const resident = makeUser();
    const other = makeIdea(makeUser());
    expect(keepDraftAndSupport(resident, other, draft)).toBeDefined();
    expect(supports(other)).toBe(1);
    expect(ideaDraftFor(resident)).toEqual(draft);

    const second = makeIdea(makeUser());
    keepDraftAndSupport(resident, second, {
      ...draft,
      body: "Ändrad text om torget.",
      lat: null,
      lng: null,
    });
    expect(ideaDraftFor(resident)).toMatchObject({
      body: "Ändrad text om torget.",
      lat: null,
      lng: null,
    });

    discardIdeaDraft(resident);
    expect(ideaDraftFor(resident)).toBeNull();
  });

  it("is not kept when the idea to support is not shown, and goes with the account", () => {
    const resident = makeUser();
    const hidden = makeIdea(makeUser(), { status: "hidden" });
    expect(keepDraftAndSupport(resident, hidden, draft)).toBeUndefined();
    expect(ideaDraftFor(resident)).toBeNull();

    keepDraftAndSupport(resident, makeIdea(makeUser()), draft);
    deleteAccount(resident);
    expect(ideaDraftFor(resident)).toBeNull();
  });
});
