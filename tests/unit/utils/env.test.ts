import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, readEnv } from "~/utils/env.server";
import { securityHeaders } from "~/utils/security.server";

describe("readEnv", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "samskapa-env-"));
  const base = { DATABASE_PATH: path.join(dir, "test.db") };

  it("has the defaults of contract.md", () => {
    const env = readEnv(base);
    expect(env.PORT).toBe(3000);
    expect(env.PUBLIC_URL).toBe("http://localhost:3000");
    expect(env.MAP_TILE_URL).toContain("tile.openstreetmap.org");
    expect(env.SEED_DEMO).toBe(true);
    expect(env.RATE_LIMITS).toBe(true);
  });

  it("generates a session secret once and keeps it beside the database", () => {
    const first = readEnv(base).SESSION_SECRET;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readEnv(base).SESSION_SECRET).toBe(first);
    expect(fs.existsSync(path.join(dir, ".session-secret"))).toBe(true);
  });

  it("refuses to start in production without SESSION_SECRET", () => {
    expect(() => readEnv({ ...base, NODE_ENV: "production" })).toThrow(ConfigError);
    expect(() => readEnv({ ...base, NODE_ENV: "production" })).toThrow(/SESSION_SECRET/);
    expect(
      readEnv({ ...base, NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).isProduction,
    ).toBe(true);
  });

  it("names each wrong variable", () => {
    expect(() => readEnv({ ...base, PORT: "eighty", RATE_LIMITS: "maybe" })).toThrow(
      /PORT[\s\S]*RATE_LIMITS/,
    );
    expect(() => readEnv({ ...base, PUBLIC_URL: "not a url" })).toThrow(/PUBLIC_URL/);
  });

  it("seeds no demo data in production unless SEED_DEMO is set explicitly", () => {
    const production = { ...base, NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) };
    expect(readEnv(production).SEED_DEMO).toBe(false);
    expect(readEnv({ ...production, SEED_DEMO: "" }).SEED_DEMO).toBe(false);
    expect(readEnv({ ...production, SEED_DEMO: "1" }).SEED_DEMO).toBe(true);
    expect(readEnv({ ...base, NODE_ENV: "development" }).SEED_DEMO).toBe(true);
    expect(readEnv({ ...base, NODE_ENV: "test", SEED_DEMO: "0" }).SEED_DEMO).toBe(false);
    expect(() => readEnv({ ...production, SEED_DEMO: "maybe" })).toThrow(/SEED_DEMO/);
  });

  it("reads SEED_DEMO=0 and RATE_LIMITS=off", () => {
    const env = readEnv({ ...base, SEED_DEMO: "0", RATE_LIMITS: "off" });
    expect(env.SEED_DEMO).toBe(false);
    expect(env.RATE_LIMITS).toBe(false);
  });

  it("reads the map tile settings: off, a tile file, a cache beside the database", () => {
    const defaults = readEnv(base);
    expect(defaults.MAP_TILES_FILE).toBeNull();
    expect(defaults.MAP_TILE_ATTRIBUTION).toBeNull();
    expect(defaults.MAP_TILE_CACHE_DIR).toBe(path.join(dir, "tile-cache"));
    expect(readEnv({ ...base, MAP_TILE_URL: "off" }).MAP_TILE_URL).toBeNull();
    const file = path.join(dir, "boras.mbtiles");
    fs.writeFileSync(file, "");
    expect(readEnv({ ...base, MAP_TILES_FILE: file }).MAP_TILES_FILE).toBe(file);
    expect(() => readEnv({ ...base, MAP_TILES_FILE: path.join(dir, "none.mbtiles") })).toThrow(
      /MAP_TILES_FILE: no such file/,
    );
    expect(() => readEnv({ ...base, MAP_TILE_URL: "tile.openstreetmap.org" })).toThrow(
      /MAP_TILE_URL/,
    );
    expect(() => readEnv({ ...base, MAP_TILE_URL: "https://example.org/{z}/{x}.png" })).toThrow(
      /MAP_TILE_URL/,
    );
  });
});

describe("securityHeaders", () => {
  it("lets images and connections come from this origin only (tiles are served from /tiles/)", () => {
    const csp = securityHeaders({ nonce: "n", production: true })["Content-Security-Policy"];
    expect(csp).toContain("img-src 'self' data: blob:;");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/https?:/);
  });
});
