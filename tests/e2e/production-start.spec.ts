// A production start (NODE_ENV=production) seen from outside: an empty database stays empty unless
// SEED_DEMO=1 is set explicitly, and the demo accounts, whose password is public, cannot sign in —
// with the same answer as an unknown e-mail. Each test starts its own server on the built app.
import { spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO_PASSWORD } from "./support/people";
import { startBuiltServer, type BuiltServer } from "./support/server";

const WRONG = "E-postadressen eller lösenordet stämmer inte";

/**
 * The production server as `npm start` runs it on the existing build — the compiled
 * build/server/server.js on plain Node, no TypeScript loader — with an empty database.
 */
function startProduction(
  extraEnv: Record<string, string>,
  prepare?: (databasePath: string) => Promise<void>,
): Promise<BuiltServer> {
  return startBuiltServer({
    env: {
      NODE_ENV: "production",
      SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
      SEED_DEMO: "",
      MAP_TILE_URL: "http://127.0.0.1:9/{z}/{x}/{y}.png",
      ...extraEnv,
    },
    prepare,
    timeoutMs: 20_000,
  });
}

const count = (databasePath: string, table: string) => {
  const db = new Database(databasePath, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

async function signIn(request: APIRequestContext, email: string, password: string) {
  const response = await request.post("/login", { form: { email, password }, maxRedirects: 0 });
  return {
    status: response.status(),
    body: await response.text(),
    cookie: response.headers()["set-cookie"] ?? "",
  };
}

test.describe("a production start", () => {
  test("on an empty database creates no demo data and no demo moderator", async ({
    playwright,
  }) => {
    const server = await startProduction({});
    try {
      expect(count(server.databasePath, "users")).toBe(0);
      expect(count(server.databasePath, "ideas")).toBe(0);
      expect(server.output()).not.toContain(DEMO_PASSWORD);
      const request = await playwright.request.newContext({ baseURL: server.baseURL });
      const attempt = await signIn(request, "moderator@example.se", DEMO_PASSWORD);
      expect(attempt.status).toBe(400);
      expect(attempt.body).toContain(WRONG);
      await request.dispose();
      // The operator's line (and the bench's reading of it): how long the map index took.
      await expect.poll(() => server.output()).toMatch(/Map index ready in \d+ ms \(\w+\)/);
    } finally {
      await server.stop();
    }
  });

  test("with SEED_DEMO=1 shows the demo ideas, but a demo account gets the wrong-password answer", async ({
    playwright,
  }) => {
    const server = await startProduction({ SEED_DEMO: "1" });
    try {
      expect(count(server.databasePath, "ideas")).toBeGreaterThan(0);
      expect(server.output()).not.toContain(DEMO_PASSWORD);
      // A real account with the very same password, made with the compiled `user:create` (as an
      // operator would in production, without TypeScript): only the demo accounts are refused.
      const created = spawnSync(
        process.execPath,
        [
          "build/server/scripts/user-create.js",
          "--email",
          "moderator.real@example.se",
          "--password",
          DEMO_PASSWORD,
          "--name",
          "Riktig moderator",
          "--role",
          "moderator",
        ],
        {
          env: {
            ...process.env,
            NODE_ENV: "production",
            DATABASE_PATH: server.databasePath,
            SESSION_SECRET: "x".repeat(64),
          },
          encoding: "utf8",
        },
      );
      expect(created.status, created.stderr).toBe(0);

      const request = await playwright.request.newContext({ baseURL: server.baseURL });
      const demo = await signIn(request, "moderator@example.se", DEMO_PASSWORD);
      const unknown = await signIn(request, "nobody-at-all@example.se", DEMO_PASSWORD);
      const real = await signIn(request, "moderator.real@example.se", DEMO_PASSWORD);
      expect(demo.status).toBe(400);
      expect(demo.body).toContain(WRONG);
      expect(demo.cookie).not.toContain("samskapa_session=");
      expect(unknown.status).toBe(400);
      expect(unknown.body).toContain(WRONG);
      expect(real.status).toBe(302);
      expect(real.cookie).toContain("samskapa_session=");
      await request.dispose();
    } finally {
      await server.stop();
    }
  });

  test("runs on Node alone: the compiled server and commands import nothing but Node's modules and production dependencies", () => {
    const manifest = JSON.parse(fs.readFileSync("package.json", "utf8")) as {
      dependencies: Record<string, string>;
    };
    const files = fs
      .readdirSync("build/server", { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".js"));
    expect(files).toEqual(
      expect.arrayContaining([
        "server.js",
        "scripts/user-create.js",
        "scripts/db-backup.js",
        "scripts/db-migrate.js",
      ]),
    );
    const outside: string[] = [];
    for (const file of files) {
      const code = fs.readFileSync(path.join("build/server", file), "utf8");
      for (const [, specifier] of code.matchAll(/\b(?:from|import\(?)\s*"([^"]+)"/g)) {
        if (specifier.startsWith("node:") || builtinModules.includes(specifier)) continue;
        const name = specifier.startsWith("@")
          ? specifier.split("/").slice(0, 2).join("/")
          : specifier.split("/")[0];
        if (!(name in manifest.dependencies)) outside.push(`${file}: ${specifier}`);
      }
    }
    expect(outside, "imports of TypeScript sources, the ~/ alias or devDependencies").toEqual([]);
  });
});
