// OpenID Connect sign-ins: the rows of a sign-in under way (single use), the identities linked to
// accounts, and the one transaction that turns a checked ID token into a signed-in account.
import crypto from "node:crypto";
import type { Role } from "~/domain/roles";
import { logAction } from "~/models/audit.server";
import { getDb } from "~/utils/db.server";

/** How long a person has at the provider (BankID on another device included). */
export const OIDC_LOGIN_MINUTES = 10;

export function hashState(state: string): string {
  return crypto.createHash("sha256").update(state).digest("hex");
}

export type OidcLogin = {
  providerId: string;
  codeVerifier: string;
  nonce: string;
  linkUserId: number | null;
  redirectTo: string;
  subject: string | null;
  acr: string | null;
};

/** Keeps what the callback needs to check the answer; clears the expired rows of others. */
export function saveOidcLogin(
  state: string,
  login: Omit<OidcLogin, "subject" | "acr"> & { subject?: string; acr?: string | null },
) {
  const db = getDb();
  db.transaction(() => {
    db.prepare(
      "DELETE FROM oidc_logins WHERE expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    ).run();
    db.prepare(
      `INSERT INTO oidc_logins (state_hash, provider_id, code_verifier, nonce, link_user_id, redirect_to,
         subject, acr, expires_at)
       VALUES (@stateHash, @providerId, @codeVerifier, @nonce, @linkUserId, @redirectTo, @subject, @acr,
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+${OIDC_LOGIN_MINUTES} minutes'))`,
    ).run({
      stateHash: hashState(state),
      providerId: login.providerId,
      codeVerifier: login.codeVerifier,
      nonce: login.nonce,
      linkUserId: login.linkUserId,
      redirectTo: login.redirectTo,
      subject: login.subject ?? null,
      acr: login.acr ?? null,
    });
  }).immediate();
}

/**
 * The sign-in under way for this state and provider, deleted as it is read: a second use of the
 * same callback (a replayed code) finds nothing. `finished`: a sign-in that waits for a name.
 */
export function takeOidcLogin(
  state: string,
  providerId: string,
  options: { finished: boolean },
): OidcLogin | undefined {
  const db = getDb();
  return db
    .transaction(() => {
      const row = db
        .prepare(
          `SELECT provider_id AS providerId, code_verifier AS codeVerifier, nonce, link_user_id AS linkUserId,
             redirect_to AS redirectTo, subject, acr
           FROM oidc_logins
           WHERE state_hash = ? AND provider_id = ? AND (subject IS NOT NULL) = ?
             AND expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
        )
        .get(hashState(state), providerId, options.finished ? 1 : 0) as OidcLogin | undefined;
      db.prepare("DELETE FROM oidc_logins WHERE state_hash = ?").run(hashState(state));
      return row;
    })
    .immediate();
}

/** Looks at a finished sign-in that waits for a name, without using it up (the name form's GET). */
export function pendingOidcAccountExists(state: string, providerId: string): boolean {
  return Boolean(
    getDb()
      .prepare(
        `SELECT 1 FROM oidc_logins WHERE state_hash = ? AND provider_id = ? AND subject IS NOT NULL
           AND expires_at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
      )
      .get(hashState(state), providerId),
  );
}

export type IdentitySignIn = {
  providerId: string;
  kind: "e-id" | "staff";
  /** the provider's pseudonymous subject identifier, never a personal identity number */
  subject: string;
  acr: string | null;
  /** a display name for a new account; null: ask the person */
  name: string | null;
  /** staff: the role the directory gives today; e-id: not used */
  role: Role;
  /** link to this signed-in account instead of signing in */
  linkUserId: number | null;
  locale: string | null;
};

export type IdentityOutcome =
  | { ok: true; userId: number; created: boolean }
  | { ok: false; reason: "needs-name" | "linked-elsewhere" | "blocked" | "gone" };

/**
 * One transaction: find or create the account for this identity (or link it to the signed-in
 * one), mark an e-ID account verified, and give a staff account the role its directory groups map
 * to today (back to resident when none map). Role changes are audited.
 */
export function signInWithIdentity(input: IdentitySignIn): IdentityOutcome {
  const db = getDb();
  return db
    .transaction((): IdentityOutcome => {
      const identity = db
        .prepare(
          "SELECT id, user_id AS userId FROM oidc_identities WHERE provider_id = ? AND subject = ?",
        )
        .get(input.providerId, input.subject) as { id: number; userId: number } | undefined;
      let userId: number;
      let created = false;
      if (input.linkUserId !== null) {
        if (identity && identity.userId !== input.linkUserId) {
          return { ok: false, reason: "linked-elsewhere" };
        }
        userId = input.linkUserId;
      } else if (identity) {
        userId = identity.userId;
      } else {
        if (input.name === null) return { ok: false, reason: "needs-name" };
        // No address comes from the provider (and none is needed): nothing waits for confirming,
        // so the account's supports count at once (docs/decisions/014-oidc-sign-in.md).
        userId = Number(
          db
            .prepare(
              `INSERT INTO users (email, name, password_hash, role, locale, email_confirmed_at)
               VALUES (NULL, ?, NULL, 'resident', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
            )
            .run(input.name, input.locale).lastInsertRowid,
        );
        created = true;
      }
      const user = db
        .prepare(
          "SELECT role, blocked_at AS blockedAt, deleted_at AS deletedAt FROM users WHERE id = ?",
        )
        .get(userId) as
        { role: Role; blockedAt: string | null; deletedAt: string | null } | undefined;
      if (!user || user.deletedAt) return { ok: false, reason: "gone" };
      if (user.blockedAt) return { ok: false, reason: "blocked" };
      if (identity) {
        db.prepare(
          `UPDATE oidc_identities SET acr = ?, last_used_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
           WHERE id = ?`,
        ).run(input.acr, identity.id);
      } else {
        db.prepare(
          `INSERT INTO oidc_identities (provider_id, subject, user_id, kind, acr) VALUES (?, ?, ?, ?, ?)`,
        ).run(input.providerId, input.subject, userId, input.kind, input.acr);
      }
      if (input.kind === "e-id") {
        db.prepare(
          `UPDATE users SET verified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), verified_provider = ?,
             verified_acr = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
        ).run(input.providerId, input.acr, userId);
        if (!identity) {
          logAction({
            actorId: userId,
            action: "user.verified",
            targetType: "user",
            targetId: userId,
            details: { provider: input.providerId, acr: input.acr },
          });
        }
      } else if (user.role !== input.role) {
        db.prepare(
          "UPDATE users SET role = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
        ).run(input.role, userId);
        // The directory decided, not a person here: no actor.
        logAction({
          actorId: null,
          action: "user.role",
          targetType: "user",
          targetId: userId,
          details: { role: input.role, from: user.role, provider: input.providerId },
        });
      }
      return { ok: true, userId, created };
    })
    .immediate();
}

export type LinkedIdentity = {
  providerId: string;
  kind: "e-id" | "staff";
  acr: string | null;
  createdAt: string;
  lastUsedAt: string;
};

/** The identities linked to this account (for /me and the data export); never the subject. */
export function identitiesOf(userId: number): LinkedIdentity[] {
  return getDb()
    .prepare(
      `SELECT provider_id AS providerId, kind, acr, created_at AS createdAt, last_used_at AS lastUsedAt
       FROM oidc_identities WHERE user_id = ? ORDER BY created_at`,
    )
    .all(userId) as LinkedIdentity[];
}

export type Verification = { verifiedAt: string; providerId: string | null; acr: string | null };

/** When and how an e-ID sign-in verified this account, or null. */
export function verificationOf(userId: number): Verification | null {
  const row = getDb()
    .prepare(
      `SELECT verified_at AS verifiedAt, verified_provider AS providerId, verified_acr AS acr
       FROM users WHERE id = ? AND verified_at IS NOT NULL`,
    )
    .get(userId) as Verification | undefined;
  return row ?? null;
}

/** Which of these accounts are verified residents (for the badge beside their names). */
export function verifiedAmong(userIds: (number | null)[]): number[] {
  const ids = [...new Set(userIds.filter((id): id is number => id !== null))];
  if (ids.length === 0) return [];
  return (
    getDb()
      .prepare(
        `SELECT id FROM users WHERE verified_at IS NOT NULL AND deleted_at IS NULL
           AND id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids)) as { id: number }[]
  ).map((r) => r.id);
}
