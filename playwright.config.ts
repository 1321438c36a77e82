// End-to-end tests: the real server (npm start) on a free port with a throwaway database, driven by
// the system Chromium.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/** Ports handed out by this file: the OS may give a closed port back at once, and two servers cannot share one. */
const taken = new Set<number>();

async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Workers re-read this file: the runner's choice travels to them through the environment.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_CITY_PORT ??= String(await freePort());
process.env.E2E_OIDC_PORT ??= String(await freePort());
process.env.E2E_OIDC_SKEWED_PORT ??= String(await freePort());
process.env.E2E_DB_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-e2e-"));
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
// A second server holds 10,000 synthetic ideas, for the map at city scale (tests/e2e/city-scale.spec.ts).
const cityPort = Number(process.env.E2E_CITY_PORT);
process.env.E2E_CITY_URL = `http://127.0.0.1:${cityPort}`;
// A real OpenID provider (tests/e2e/support/oidc-provider.mjs) for e-ID and staff sign-in, and a
// second one whose clock runs two minutes behind, so that its ID tokens arrive expired.
process.env.E2E_OIDC_URL = `http://127.0.0.1:${process.env.E2E_OIDC_PORT}`;
const oidcSkewedUrl = `http://127.0.0.1:${process.env.E2E_OIDC_SKEWED_PORT}`;
const oidcClient = { clientId: "samskapa-e2e", clientSecret: "e2e-only-client-secret" };
const oidcProviders = JSON.stringify([
  {
    id: "bankid",
    label: "Testbroker",
    issuer: process.env.E2E_OIDC_URL,
    ...oidcClient,
    kind: "e-id",
    acrValues: "urn:grn:authn:se:bankid:same-device",
  },
  {
    id: "staff",
    label: "Borås Stad (test)",
    issuer: process.env.E2E_OIDC_URL,
    ...oidcClient,
    kind: "staff",
    scope: "openid profile groups",
    roleClaim: "groups",
    roles: {
      "samskapa-moderatorer": "moderator",
      "samskapa-workshop": "facilitator",
      "samskapa-admins": "admin",
    },
  },
  { id: "skewed", label: "Fel klocka", issuer: oidcSkewedUrl, ...oidcClient, kind: "e-id" },
  // Nothing listens on port 9: a provider that is down.
  { id: "down", label: "Nere", issuer: "http://127.0.0.1:9", ...oidcClient, kind: "e-id" },
]);
const oidcProvider = (port: string, extra = "") => ({
  command: `node tests/e2e/support/oidc-provider.mjs --port ${port} --app-url ${baseURL}${extra}`,
  url: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
  reuseExistingServer: false,
  timeout: 30_000,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
});

// No base map on the shared servers: the test machine has no internet, and the maps must work
// without tiles anyway. Tiles from a file and from an upstream: tests/e2e/tiles.spec.ts.
const noTiles = "off";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  // One worker on a 2-core machine drives whole journeys (join, sign in, axe on several pages):
  // several take 20–30 s on a busy machine, so a test gets a minute; each expectation still 10 s.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    locale: "sv-SE",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    },
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  // Started one after the other: the OpenID providers (a second or so), then the app, which builds
  // itself if needed, then the city server, which finds it built.
  webServer: [
    oidcProvider(process.env.E2E_OIDC_PORT),
    oidcProvider(process.env.E2E_OIDC_SKEWED_PORT, " --clock-offset -120 --id-token-ttl 60"),
    {
      command: "npm start",
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        PORT: String(port),
        DATABASE_PATH: path.join(process.env.E2E_DB_DIR, "samskapa.db"),
        SEED_DEMO: "1",
        LOG_LEVEL: "warn",
        // E-mails land here too, so that a test can follow a password-reset link.
        MAIL_OUTBOX_DIR: path.join(process.env.E2E_DB_DIR, "outbox"),
        MAP_TILE_URL: noTiles,
        // The browser's address: the providers send it back to PUBLIC_URL/auth/:id/callback.
        PUBLIC_URL: baseURL,
        OIDC_PROVIDERS: oidcProviders,
      },
    },
    {
      command: "npm run db:seed -- --ideas 10000 --reset && npm start",
      url: `${process.env.E2E_CITY_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(cityPort),
        DATABASE_PATH: path.join(process.env.E2E_DB_DIR, "city.db"),
        SEED_DEMO: "0",
        LOG_LEVEL: "warn",
        MAP_TILE_URL: noTiles,
      },
    },
  ],
});
