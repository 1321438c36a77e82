// GET /tiles/{z}/{x}/{y}.{ext}: the base map from our own origin (issue 17). The tiles come from
// MAP_TILES_FILE (MBTiles or PMTiles) if set, else from MAP_TILE_URL through the server's disk cache
// (services/tile-upstream.server.ts), else there are none. Answered for two doors, as /api/map is:
// the Remix route (app/routes/tiles.$z.$x.$file.ts) and the fast path in server.ts.
import zlib from "node:zlib";
import { BORAS_BOUNDS } from "~/domain/geo";
import {
  TILE_FORMATS,
  isGzipped,
  padBounds,
  parseTileAddress,
  tileFormatOf,
  tileTouches,
  type TileFile,
  type TileFormat,
} from "~/domain/tiles";
import { openTileFile } from "~/models/tile-file.server";
import { etagOf, UpstreamTiles } from "~/services/tile-upstream.server";
import { DEFAULT_TILE_ATTRIBUTION, env, type Env } from "~/utils/env.server";
import { getFixedT } from "~/utils/locale.server";

export type TileSource =
  | { kind: "file"; path: string; file: TileFile }
  | { kind: "upstream"; format: TileFormat; upstream: UpstreamTiles }
  | { kind: "none" };

export type TileQuestion = {
  z: string;
  x: string;
  /** "{y}.{ext}" */
  file: string;
  ifNoneMatch: string | null;
  acceptsGzip: boolean;
  /** the request as a Fetch Request, made only when a message must be translated (503) */
  request: () => Request;
};

export type TileReply = {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string | null;
};

/** A week in the browser; the ETag makes a later check cheap when the file is replaced. */
const LONG_CACHE = "public, max-age=604800, stale-while-revalidate=86400";
/** A tile served from a stale copy while the upstream is down: asked again soon. */
const SHORT_CACHE = "public, max-age=300";

/** The area whose tiles may be fetched from an upstream: where the maps can go (Borås, padded). */
export const UPSTREAM_AREA = padBounds(BORAS_BOUNDS, 1);

/** Opens the configured source; a tile file that cannot be read throws (TileFileError) at start. */
export function openTileSource(config: Env): TileSource {
  if (config.MAP_TILES_FILE) {
    return { kind: "file", path: config.MAP_TILES_FILE, file: openTileFile(config.MAP_TILES_FILE) };
  }
  if (config.MAP_TILE_URL) {
    return {
      kind: "upstream",
      format: formatOfUrl(config.MAP_TILE_URL),
      upstream: new UpstreamTiles({
        urlTemplate: config.MAP_TILE_URL,
        cacheDir: config.MAP_TILE_CACHE_DIR,
        userAgent: `SamskapaBoras/1.0 (+${config.PUBLIC_URL}; map tiles cached for the city's co-creation site)`,
        allowed: (tile) => tileTouches(tile, UPSTREAM_AREA),
      }),
    };
  }
  return { kind: "none" };
}

/** The extension an upstream's URL names (png when it names none). */
export function formatOfUrl(template: string): TileFormat {
  const match = /\.([a-z]+)(?:[?#]|$)/i.exec(new URL(template.replace(/[{}]/g, "")).pathname);
  return tileFormatOf(match?.[1]) ?? "png";
}

// On globalThis: server.ts and the Remix build each bundle their own copy of this module, and the
// two doors must share one cache and one line of upstream fetches.
const state = globalThis as unknown as { __samskapaTiles?: TileSource };

export function tileSource(): TileSource {
  state.__samskapaTiles ??= openTileSource(env());
  return state.__samskapaTiles;
}

export function setTileSourceForTesting(source: TileSource | undefined) {
  state.__samskapaTiles = source;
}

/**
 * What the maps in the browser are given: our own /tiles/ address (empty when there is no base
 * map, or when the file holds vector tiles, which Leaflet cannot draw) and the attribution.
 */
export function mapTilesForBrowser(source: TileSource = tileSource()): {
  tileUrl: string;
  tileAttribution: string;
  /** the file's deepest zoom: the maps scale its tiles up beyond it */
  maxNativeZoom: number | null;
} {
  const explicit = env().MAP_TILE_ATTRIBUTION;
  const none = { tileUrl: "", tileAttribution: "", maxNativeZoom: null };
  if (source.kind === "file") {
    const { format, attribution, maxZoom } = source.file.info;
    if (!TILE_FORMATS[format].raster) return none;
    return {
      tileUrl: `/tiles/{z}/{x}/{y}.${format}`,
      tileAttribution: explicit ?? attribution ?? DEFAULT_TILE_ATTRIBUTION,
      maxNativeZoom: maxZoom,
    };
  }
  if (source.kind === "upstream" && TILE_FORMATS[source.format].raster) {
    return {
      tileUrl: `/tiles/{z}/{x}/{y}.${source.format}`,
      tileAttribution: explicit ?? DEFAULT_TILE_ATTRIBUTION,
      maxNativeZoom: null,
    };
  }
  return none;
}

/** One line for the start-up log: where the tiles come from. */
export function describeTileSource(source: TileSource = tileSource()) {
  if (source.kind === "file") {
    const { info } = source.file;
    const vector = TILE_FORMATS[info.format].raster
      ? ""
      : " (vector tiles: served, but the maps draw raster tiles only and show none)";
    return `Map tiles from ${source.path}: ${info.format}, zoom ${info.minZoom}–${info.maxZoom}${vector}`;
  }
  if (source.kind === "upstream")
    return `Map tiles from ${new URL(source.upstream.options.urlTemplate.replace(/[{}]/g, "")).host}, cached in ${source.upstream.options.cacheDir}`;
  return "No map tiles (MAP_TILE_URL=off): the maps show the outline and the ideas";
}

export async function answerTileRequest(
  question: TileQuestion,
  source: TileSource = tileSource(),
): Promise<TileReply> {
  const parsed = parseTileAddress(question.z, question.x, question.file);
  if (!parsed.ok) {
    return {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      body: parsed.reason,
    };
  }
  const { tile, format } = parsed;
  if (source.kind === "none") return notFound();

  if (source.kind === "file") {
    if (format !== source.file.info.format) return notFound();
    const data = await source.file.tile(tile);
    if (!data || data.length === 0) return notFound();
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return found(bytes, TILE_FORMATS[format].contentType, etagOf(bytes), LONG_CACHE, question);
  }

  if (format !== source.format) return notFound();
  const result = await source.upstream.get(tile);
  if (result.status === "missing") return notFound();
  if (result.status === "unavailable") {
    const { t } = await getFixedT(question.request());
    return {
      status: 503,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
        "Retry-After": result.reason === "busy" ? "5" : "30",
      },
      body: t("errors.tilesUnavailable"),
    };
  }
  const cacheControl = result.stale ? SHORT_CACHE : LONG_CACHE;
  return found(result.data, result.contentType, result.etag, cacheControl, question);
}

function notFound(): TileReply {
  return {
    status: 404,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    },
    body: "No such tile",
  };
}

function found(
  data: Buffer,
  contentType: string,
  etag: string,
  cacheControl: string,
  question: TileQuestion,
): TileReply {
  const gzipped = isGzipped(data);
  // Vector tiles are kept gzipped: sent so to those who take gzip, unpacked (another ETag) for the rest.
  const unpack = gzipped && !question.acceptsGzip;
  const tag = unpack ? `${etag.slice(0, -1)}-identity"` : etag;
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    "Cache-Control": cacheControl,
    ETag: tag,
  };
  if (gzipped) headers.Vary = "Accept-Encoding";
  if (etagMatches(question.ifNoneMatch, tag)) return { status: 304, headers, body: null };
  if (unpack) return { status: 200, headers, body: zlib.gunzipSync(data) };
  if (gzipped) headers["Content-Encoding"] = "gzip";
  return { status: 200, headers, body: data };
}

/** If-None-Match may list several tags, weak or strong (a proxy may have weakened ours). */
function etagMatches(header: string | null, etag: string) {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}
