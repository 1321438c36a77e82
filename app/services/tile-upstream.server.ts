// Map tiles fetched by the server from an upstream tile server (MAP_TILE_URL) and kept on disk, so
// that browsers only ever ask our origin. Follows OpenStreetMap's tile usage policy: an identifying
// User-Agent, the upstream's cache headers with at least 7 days, one fetch however many people ask
// for the same tile at once, a few fetches at a time, and nothing fetched that nobody asked for.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { TileAddress } from "~/domain/tiles";

export type UpstreamOptions = {
  /** e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png ({s}, {r} and {-y} are understood too) */
  urlTemplate: string;
  cacheDir: string;
  userAgent: string;
  /** upstream fetches at a time */
  concurrency?: number;
  /** requests that may wait for a free fetch; more are told to come back (503) */
  queueLimit?: number;
  /** for one fetch, and for the wait before it */
  timeoutMs?: number;
  /** a cached tile is used this long at least, whatever the upstream says */
  minFreshMs?: number;
  /** after a failed fetch, the upstream is taken as down this long: cached tiles or 503 at once */
  downForMs?: number;
  /** upstream fetches in one minute at most, so that no client can make us download in bulk */
  maxFetchesPerMinute?: number;
  /** tiles that may be fetched at all (the area the maps can show); others are not found */
  allowed?: (tile: TileAddress) => boolean;
  now?: () => number;
};

export type UpstreamTile =
  | { status: "ok"; data: Buffer; contentType: string; etag: string; stale: boolean }
  | { status: "missing" }
  | { status: "unavailable"; reason: "down" | "busy" };

type CacheMeta = {
  contentType: string;
  etag: string; // ours: a hash of the bytes
  bytes: number;
  fetchedAt: number;
  freshUntil: number;
  upstreamEtag?: string;
  lastModified?: string;
};

const DAY = 24 * 60 * 60 * 1000;
const MAX_TILE_BYTES = 2 * 1024 * 1024;

export class UpstreamTiles {
  readonly options: Required<UpstreamOptions>;
  private readonly dir: string;
  private readonly inFlight = new Map<string, Promise<UpstreamTile>>();
  private active = 0;
  private readonly waiting: { resume: (ok: boolean) => void }[] = [];
  private downUntil = 0;
  private window = { start: 0, fetches: 0 };
  private subdomain = 0;
  /** upstream requests made so far (for tests and /healthz-like looks) */
  fetches = 0;

  constructor(options: UpstreamOptions) {
    this.options = {
      concurrency: 4,
      queueLimit: 256,
      timeoutMs: 10_000,
      minFreshMs: 7 * DAY,
      downForMs: 10_000,
      maxFetchesPerMinute: 600,
      allowed: () => true,
      now: Date.now,
      ...options,
    };
    // One folder per upstream: another MAP_TILE_URL never serves the old one's tiles.
    const source = crypto.createHash("sha1").update(options.urlTemplate).digest("hex").slice(0, 12);
    this.dir = path.join(options.cacheDir, source);
  }

  /** The tile, from the disk cache while fresh, else from the upstream (one fetch per tile at a time). */
  get(tile: TileAddress): Promise<UpstreamTile> {
    if (!this.options.allowed(tile)) return Promise.resolve({ status: "missing" });
    const key = `${tile.z}/${tile.x}/${tile.y}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const loading = this.load(tile).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, loading);
    return loading;
  }

  private async load(tile: TileAddress): Promise<UpstreamTile> {
    const now = this.options.now();
    const cached = await this.readCache(tile);
    if (cached && cached.meta.freshUntil > now) return ok(cached, false);
    const fallback = (reason: "down" | "busy"): UpstreamTile =>
      cached ? ok(cached, true) : { status: "unavailable", reason };
    if (now < this.downUntil) return fallback("down");
    if (!this.withinBudget(now)) return fallback("busy");
    if (!(await this.acquire())) return fallback("busy");
    try {
      return await this.fetchTile(tile, cached);
    } catch {
      this.downUntil = this.options.now() + this.options.downForMs;
      return fallback("down");
    } finally {
      this.release();
    }
  }

  private async fetchTile(
    tile: TileAddress,
    cached: { meta: CacheMeta; data: Buffer } | null,
  ): Promise<UpstreamTile> {
    const headers: Record<string, string> = {
      "User-Agent": this.options.userAgent,
      Accept: "image/png,image/jpeg,image/webp,application/x-protobuf;q=0.9,*/*;q=0.1",
    };
    if (cached?.meta.upstreamEtag) headers["If-None-Match"] = cached.meta.upstreamEtag;
    if (cached?.meta.lastModified) headers["If-Modified-Since"] = cached.meta.lastModified;
    this.fetches++;
    const response = await fetch(this.urlOf(tile), {
      headers,
      redirect: "follow",
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const now = this.options.now();
    if (response.status === 304 && cached) {
      await response.body?.cancel();
      const meta = { ...cached.meta, fetchedAt: now, freshUntil: this.freshUntil(response, now) };
      await this.writeMeta(tile, meta);
      return ok({ meta, data: cached.data }, false);
    }
    if (response.status === 404 || response.status === 410 || response.status === 400) {
      await response.body?.cancel();
      return { status: "missing" };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`upstream answered ${response.status}`);
    }
    // A captive portal or an error page answers 200 with HTML: that is not a tile.
    const contentType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
    if (!/^image\/|^application\/(x-protobuf|vnd\.mapbox-vector-tile)/.test(contentType)) {
      await response.body?.cancel();
      throw new Error(`upstream answered ${contentType || "no content type"}, not a tile`);
    }
    if (Number(response.headers.get("content-length") ?? 0) > MAX_TILE_BYTES)
      throw new Error("upstream tile too large");
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length > MAX_TILE_BYTES) throw new Error("upstream tile too large");
    const meta: CacheMeta = {
      contentType,
      etag: etagOf(data),
      bytes: data.length,
      fetchedAt: now,
      freshUntil: this.freshUntil(response, now),
      upstreamEtag: response.headers.get("etag") ?? undefined,
      lastModified: response.headers.get("last-modified") ?? undefined,
    };
    await this.writeCache(tile, meta, data);
    return ok({ meta, data }, false);
  }

  /** The upstream's lifetime for the tile (Cache-Control max-age, or Expires), but at least minFreshMs. */
  private freshUntil(response: Response, now: number) {
    const cacheControl = response.headers.get("cache-control") ?? "";
    const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(cacheControl);
    let lifetime = 0;
    if (maxAge) lifetime = Number(maxAge[1]) * 1000;
    else {
      const expires = Date.parse(response.headers.get("expires") ?? "");
      const date = Date.parse(response.headers.get("date") ?? "");
      if (Number.isFinite(expires)) lifetime = expires - (Number.isFinite(date) ? date : now);
    }
    return now + Math.max(lifetime, this.options.minFreshMs);
  }

  private urlOf({ z, x, y }: TileAddress) {
    const subdomains = ["a", "b", "c"];
    return this.options.urlTemplate
      .replace(/\{s\}/g, () => subdomains[this.subdomain++ % subdomains.length])
      .replace(/\{z\}/g, String(z))
      .replace(/\{x\}/g, String(x))
      .replace(/\{-y\}/g, String(2 ** z - 1 - y))
      .replace(/\{y\}/g, String(y))
      .replace(/\{r\}/g, "");
  }

  private withinBudget(now: number) {
    if (now - this.window.start >= 60_000) this.window = { start: now, fetches: 0 };
    if (this.window.fetches >= this.options.maxFetchesPerMinute) return false;
    this.window.fetches++;
    return true;
  }

  /** A free fetch slot, after waiting in line if need be; false when the line is full or too slow. */
  private acquire(): Promise<boolean> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.options.queueLimit) return Promise.resolve(false);
    return new Promise((resolve) => {
      const entry = {
        resume: (ok: boolean) => {
          clearTimeout(timer);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        resolve(false);
      }, this.options.timeoutMs);
      this.waiting.push(entry);
    });
  }

  private release() {
    const next = this.waiting.shift();
    if (next)
      next.resume(true); // the slot goes straight to the next in line
    else this.active--;
  }

  private fileOf({ z, x, y }: TileAddress) {
    return path.join(this.dir, String(z), String(x), String(y));
  }

  private async readCache(tile: TileAddress): Promise<{ meta: CacheMeta; data: Buffer } | null> {
    const file = this.fileOf(tile);
    try {
      const meta = JSON.parse(await fs.readFile(`${file}.json`, "utf8")) as CacheMeta;
      const data = await fs.readFile(`${file}.tile`);
      return data.length === meta.bytes ? { meta, data } : null;
    } catch {
      return null; // not cached (or half written): fetch it
    }
  }

  private async writeCache(tile: TileAddress, meta: CacheMeta, data: Buffer) {
    const file = this.fileOf(tile);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeAtomically(`${file}.tile`, data);
    await this.writeMeta(tile, meta);
  }

  private async writeMeta(tile: TileAddress, meta: CacheMeta) {
    await writeAtomically(`${this.fileOf(tile)}.json`, JSON.stringify(meta));
  }
}

function ok(cached: { meta: CacheMeta; data: Buffer }, stale: boolean): UpstreamTile {
  const { meta, data } = cached;
  return { status: "ok", data, contentType: meta.contentType, etag: meta.etag, stale };
}

/** A strong ETag from a tile's bytes. */
export function etagOf(data: Uint8Array) {
  return `"${crypto.createHash("sha1").update(data).digest("base64url").slice(0, 22)}"`;
}

async function writeAtomically(file: string, data: string | Buffer) {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
  } catch {
    await fs.rm(temporary, { force: true }); // a full disk only costs the cache, not the answer
  }
}
