// Demo accounts share a public password: in production they cannot sign in, with the same answer
// as an unknown e-mail.
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEMO_PASSWORD } from "../../../db/seed";
import { getDb } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";

async function account(email: string, isDemo: boolean) {
  const hash = await hashPassword(DEMO_PASSWORD);
  return Number(
    getDb()
      .prepare(
        "INSERT INTO users (email, name, password_hash, role, is_demo) VALUES (?, ?, ?, 'moderator', ?)",
      )
      .run(email, email, hash, isDemo ? 1 : 0).lastInsertRowid,
  );
}

/** The sign-in functions with the configuration read afresh under this NODE_ENV. */
async function signInAs(nodeEnv: "production" | "development") {
  vi.stubEnv("NODE_ENV", nodeEnv);
  vi.stubEnv("SESSION_SECRET", "s".repeat(32));
  vi.resetModules();
  const auth = await import("~/utils/auth.server");
  const sessions = await import("~/models/sessions.server");
  return {
    verifyLogin: auth.verifyLogin,
    createSession: sessions.createSession,
    userForSessionToken: sessions.userForSessionToken,
  };
}

describe("demo accounts", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("are refused sign-in in production, like an unknown e-mail, while other accounts sign in", async () => {
    const demo = await account("moderator-demo@example.se", true);
    const real = await account("moderator-real@example.se", false);
    const { verifyLogin, createSession, userForSessionToken } = await signInAs("production");
    expect(await verifyLogin("moderator-demo@example.se", DEMO_PASSWORD)).toBeNull();
    expect(await verifyLogin("nobody@example.se", DEMO_PASSWORD)).toBeNull();
    expect((await verifyLogin("moderator-real@example.se", DEMO_PASSWORD))?.id).toBe(real);
    // A session from before the switch to production does not carry a demo account in.
    expect(userForSessionToken(createSession(demo))).toBeUndefined();
    expect(userForSessionToken(createSession(real))?.id).toBe(real);
  });

  it("sign in outside production", async () => {
    const demo = await account("facilitator-demo@example.se", true);
    const { verifyLogin } = await signInAs("development");
    expect((await verifyLogin("facilitator-demo@example.se", DEMO_PASSWORD))?.id).toBe(demo);
  });
});
