// OIDC sign-ins (issue 16): single-use sign-in rows, accounts made, linked and verified by an
// e-ID, staff roles from the directory with an audit trail, and the two admin settings.
import { describe, expect, it } from "vitest";
import { makeIdea, makeUser } from "../helpers";
import { deleteAccount } from "~/models/me.server";
import {
  identitiesOf,
  saveOidcLogin,
  signInWithIdentity,
  takeOidcLogin,
  verificationOf,
  verifiedAmong,
  type IdentitySignIn,
} from "~/models/oidc.server";
import {
  countsOnlyVerifiedSupports,
  getVerificationSettings,
  saveVerificationSettings,
  showsVerifiedBadge,
} from "~/models/settings.server";
import { supportIdea } from "~/models/supports.server";
import { setBlocked } from "~/models/users.server";
import { getDb } from "~/utils/db.server";

let n = 0;
function eId(overrides: Partial<IdentitySignIn> = {}): IdentitySignIn {
  n += 1;
  return {
    providerId: "bankid",
    kind: "e-id",
    subject: `sub-${n}`,
    acr: "urn:grn:authn:se:bankid:same-device",
    name: "Eva Eidsson",
    role: "resident",
    linkUserId: null,
    locale: "sv",
    ...overrides,
  };
}

const roleOf = (id: number) =>
  (getDb().prepare("SELECT role FROM users WHERE id = ?").get(id) as { role: string }).role;

describe("sign-ins under way", () => {
  it("are used once, for their provider only", () => {
    const login = {
      providerId: "bankid",
      codeVerifier: "v",
      nonce: "n",
      linkUserId: null,
      redirectTo: "/ideas/1",
    };
    saveOidcLogin("state-1", login);
    expect(takeOidcLogin("state-1", "staff", { finished: false })).toBeUndefined();
    // The wrong provider used it up too: a second try with the right one finds nothing.
    saveOidcLogin("state-2", login);
    expect(takeOidcLogin("state-2", "bankid", { finished: false })).toMatchObject({
      codeVerifier: "v",
      nonce: "n",
      redirectTo: "/ideas/1",
    });
    expect(takeOidcLogin("state-2", "bankid", { finished: false })).toBeUndefined();
  });

  it("expire after ten minutes", () => {
    saveOidcLogin("state-old", {
      providerId: "bankid",
      codeVerifier: "v",
      nonce: "n",
      linkUserId: null,
      redirectTo: "/",
    });
    getDb().prepare("UPDATE oidc_logins SET expires_at = '2000-01-01T00:00:00.000Z'").run();
    expect(takeOidcLogin("state-old", "bankid", { finished: false })).toBeUndefined();
  });
});

describe("signInWithIdentity", () => {
  it("makes a verified account without an e-mail whose supports count at once, and finds it again", () => {
    const input = eId();
    const first = signInWithIdentity(input);
    expect(first).toMatchObject({ ok: true, created: true });
    if (!first.ok) throw new Error("expected an account");
    const user = getDb()
      .prepare("SELECT email, name, email_confirmed_at AS confirmed FROM users WHERE id = ?")
      .get(first.userId) as { email: string | null; name: string; confirmed: string | null };
    expect(user).toMatchObject({ email: null, name: "Eva Eidsson" });
    expect(user.confirmed).not.toBeNull();
    expect(verificationOf(first.userId)).toMatchObject({
      providerId: "bankid",
      acr: "urn:grn:authn:se:bankid:same-device",
    });
    const idea = makeIdea(makeUser());
    supportIdea(first.userId, idea);
    expect(
      (
        getDb().prepare("SELECT supports_count AS c FROM ideas WHERE id = ?").get(idea) as {
          c: number;
        }
      ).c,
    ).toBe(1);

    expect(signInWithIdentity({ ...input, name: "Another Name" })).toEqual({
      ok: true,
      userId: first.userId,
      created: false,
    });
    expect(identitiesOf(first.userId)).toHaveLength(1);
  });

  it("asks for a name when the provider gave none, and makes nothing meanwhile", () => {
    const input = eId({ name: null });
    const before = getDb().prepare("SELECT count(*) AS c FROM users").get() as { c: number };
    expect(signInWithIdentity(input)).toEqual({ ok: false, reason: "needs-name" });
    expect(getDb().prepare("SELECT count(*) AS c FROM users").get()).toEqual(before);
  });

  it("links an e-ID to a signed-in account, and never to a second one", () => {
    const owner = makeUser({ confirmed: false });
    const input = eId({ linkUserId: owner });
    expect(signInWithIdentity(input)).toMatchObject({ ok: true, userId: owner, created: false });
    expect(verificationOf(owner)).not.toBeNull();
    const other = makeUser();
    expect(signInWithIdentity({ ...input, linkUserId: other })).toEqual({
      ok: false,
      reason: "linked-elsewhere",
    });
    expect(verificationOf(other)).toBeNull();
    expect(verifiedAmong([owner, other, null])).toEqual([owner]);
  });

  it("refuses a blocked account", () => {
    const input = eId();
    const made = signInWithIdentity(input);
    if (!made.ok) throw new Error("expected an account");
    setBlocked(made.userId, true, makeUser({ role: "admin" }));
    expect(signInWithIdentity(input)).toEqual({ ok: false, reason: "blocked" });
  });

  it("gives staff the role of their groups today, back to resident when none map, audited", () => {
    const input = eId({ providerId: "entra", kind: "staff", role: "moderator", name: "Stina" });
    const made = signInWithIdentity(input);
    if (!made.ok) throw new Error("expected an account");
    expect(roleOf(made.userId)).toBe("moderator");
    expect(verificationOf(made.userId)).toBeNull();
    signInWithIdentity({ ...input, role: "moderator" });
    signInWithIdentity({ ...input, role: "resident" });
    expect(roleOf(made.userId)).toBe("resident");
    const audit = getDb()
      .prepare(
        "SELECT actor_id AS actor, details FROM audit_log WHERE action = 'user.role' AND target_id = ? ORDER BY id",
      )
      .all(made.userId) as { actor: number | null; details: string }[];
    expect(audit.map((a) => [a.actor, JSON.parse(a.details)])).toEqual([
      [null, { role: "moderator", from: "resident", provider: "entra" }],
      [null, { role: "resident", from: "moderator", provider: "entra" }],
    ]);
  });

  it("lets go of the identity when the account is deleted", () => {
    const input = eId();
    const made = signInWithIdentity(input);
    if (!made.ok) throw new Error("expected an account");
    deleteAccount(made.userId);
    expect(identitiesOf(made.userId)).toEqual([]);
    expect(verificationOf(made.userId)).toMatchObject({ providerId: null, acr: null });
    // The same e-ID later makes a new account, not the deleted one again.
    const again = signInWithIdentity(input);
    expect(again).toMatchObject({ ok: true, created: true });
  });
});

describe("verification settings", () => {
  it("are off by default and stored", () => {
    expect(getVerificationSettings()).toEqual({
      verifiedBadge: false,
      verifiedSupportsOnly: false,
    });
    expect(countsOnlyVerifiedSupports()).toBe(false);
    saveVerificationSettings({ verifiedBadge: true, verifiedSupportsOnly: true });
    expect(showsVerifiedBadge()).toBe(true);
    expect(countsOnlyVerifiedSupports()).toBe(true);
    saveVerificationSettings({ verifiedBadge: false, verifiedSupportsOnly: true });
    expect(getVerificationSettings()).toEqual({ verifiedBadge: false, verifiedSupportsOnly: true });
  });
});
