// The configuration, read once from the environment and validated (contract.md lists it).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { parseOidcProviders, type OidcProvider } from "../domain/oidc-config";

const DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
export const DEFAULT_TILE_ATTRIBUTION =
  '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

const onOff = (fallback: "on" | "off") =>
  z
    .enum(["on", "off", "1", "0", "true", "false"], {
      errorMap: () => ({ message: "must be on/off (or 1/0)" }),
    })
    .default(fallback)
    .transform((v) => v === "on" || v === "1" || v === "true");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("development"),
  PORT: z.coerce
    .number({ invalid_type_error: "must be a whole number from 1 to 65535" })
    .int("must be a whole number from 1 to 65535")
    .min(1, "must be a whole number from 1 to 65535")
    .max(65535, "must be a whole number from 1 to 65535")
    .default(3000),
  DATABASE_PATH: z.string().min(1).default("db/samskapa.db"),
  SESSION_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  PUBLIC_URL: z.string().url("must be a full address such as https://samskapa.boras.se").optional(),
  // "off": no base map at all (the outline and the ideas only).
  MAP_TILE_URL: z
    .string()
    .refine(
      (v) =>
        v === "off" ||
        (/^https?:\/\/[^/]/.test(v) && /\{z\}/.test(v) && /\{x\}/.test(v) && /\{-?y\}/.test(v)),
      {
        message: "must be an http(s) address with {z}, {x} and {y}, or off",
      },
    )
    .default(DEFAULT_TILE_URL),
  // Unset: the tile file's own attribution, else OpenStreetMap's.
  MAP_TILE_ATTRIBUTION: z.string().optional(),
  MAP_TILES_FILE: z
    .string()
    .refine((v) => fs.existsSync(v) && fs.statSync(v).isFile(), { message: "no such file" })
    .optional(),
  MAP_TILE_CACHE_DIR: z.string().min(1).optional(),
  // No default here: it depends on NODE_ENV (below).
  SEED_DEMO: z
    .enum(["on", "off", "1", "0", "true", "false"], {
      errorMap: () => ({ message: "must be on/off (or 1/0)" }),
    })
    .transform((v) => v === "on" || v === "1" || v === "true")
    .optional(),
  RATE_LIMITS: onOff("on"),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_INTERVAL_HOURS: z.coerce
    .number({ invalid_type_error: "must be a number of hours" })
    .positive("must be more than 0")
    .max(24 * 30)
    .default(24),
  BACKUP_KEEP: z.coerce
    .number({ invalid_type_error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(1000)
    .default(7),
  // Parsed below (parseOidcProviders): its messages name the entry, never a secret.
  OIDC_PROVIDERS: z.string().optional(),
});

export type Env = {
  NODE_ENV: "production" | "development" | "test";
  isProduction: boolean;
  PORT: number;
  DATABASE_PATH: string;
  SESSION_SECRET: string;
  PUBLIC_URL: string;
  /** null: MAP_TILE_URL=off */
  MAP_TILE_URL: string | null;
  /** null: not set (the tile file's or OpenStreetMap's attribution is shown) */
  MAP_TILE_ATTRIBUTION: string | null;
  MAP_TILES_FILE: string | null;
  MAP_TILE_CACHE_DIR: string;
  SEED_DEMO: boolean;
  RATE_LIMITS: boolean;
  backups: { dir: string; intervalHours: number; keep: number } | null;
  /** OIDC_PROVIDERS: sign-in with e-ID or the staff directory (none when unset) */
  oidcProviders: OidcProvider[];
};

export class ConfigError extends Error {}

/** Validates the environment; throws a ConfigError whose message names each wrong variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings count as unset, as most shells and .env files intend.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  let oidcProviders: OidcProvider[];
  try {
    oidcProviders = parseOidcProviders(e.OIDC_PROVIDERS);
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  OIDC_PROVIDERS: ${(error as Error).message}`);
  }
  const isProduction = e.NODE_ENV === "production";
  if (isProduction && !e.SESSION_SECRET) {
    throw new ConfigError(
      "Invalid configuration:\n  SESSION_SECRET: required when NODE_ENV=production (at least 16 random characters)",
    );
  }
  const databasePath =
    e.DATABASE_PATH === ":memory:" ? e.DATABASE_PATH : path.resolve(e.DATABASE_PATH);
  return {
    NODE_ENV: e.NODE_ENV,
    isProduction,
    PORT: e.PORT,
    DATABASE_PATH: databasePath,
    SESSION_SECRET: e.SESSION_SECRET ?? developmentSecret(databasePath),
    PUBLIC_URL: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    MAP_TILE_URL: e.MAP_TILE_URL === "off" ? null : e.MAP_TILE_URL,
    MAP_TILE_ATTRIBUTION: e.MAP_TILE_ATTRIBUTION ?? null,
    MAP_TILES_FILE: e.MAP_TILES_FILE ? path.resolve(e.MAP_TILES_FILE) : null,
    // Tiles from MAP_TILE_URL are kept beside the database (they are a cache: safe to delete).
    MAP_TILE_CACHE_DIR: path.resolve(
      e.MAP_TILE_CACHE_DIR ??
        (databasePath === ":memory:"
          ? path.join(os.tmpdir(), "samskapa-tile-cache")
          : path.join(path.dirname(databasePath), "tile-cache")),
    ),
    // Demo data (and its accounts with the public password) only where asked for: in production
    // only with SEED_DEMO set explicitly; demo accounts cannot sign in there anyway (models/users).
    SEED_DEMO: e.SEED_DEMO ?? !isProduction,
    RATE_LIMITS: e.RATE_LIMITS,
    backups: e.BACKUP_DIR
      ? {
          dir: path.resolve(e.BACKUP_DIR),
          intervalHours: e.BACKUP_INTERVAL_HOURS,
          keep: e.BACKUP_KEEP,
        }
      : null,
    oidcProviders,
  };
}

/** Outside production a secret is generated once and kept beside the database. */
function developmentSecret(databasePath: string): string {
  if (databasePath === ":memory:") return crypto.randomBytes(32).toString("hex");
  const file = path.join(path.dirname(databasePath), ".session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = crypto.randomBytes(32).toString("hex");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= readEnv();
  return cached;
}
