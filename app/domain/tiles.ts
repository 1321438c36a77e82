// Map tiles as the web addresses them (z/x/y in the XYZ scheme, y from the north): formats, the
// check of a tile address, and the tiles of an area. Pure: the tile server and `tiles:check` use it.

export const TILE_FORMATS = {
  png: { contentType: "image/png", raster: true },
  jpg: { contentType: "image/jpeg", raster: true },
  webp: { contentType: "image/webp", raster: true },
  pbf: { contentType: "application/x-protobuf", raster: false },
} as const;

export type TileFormat = keyof typeof TILE_FORMATS;

/** The deepest zoom a tile address may name (no web map goes further). */
export const MAX_TILE_ZOOM = 24;

export type TileAddress = { z: number; x: number; y: number };

export type Bounds = { west: number; south: number; east: number; north: number };

/** The format an extension or an MBTiles `format` value names (jpeg and mvt are other names). */
export function tileFormatOf(name: string | null | undefined): TileFormat | null {
  const lower = (name ?? "").trim().toLowerCase();
  if (lower === "jpeg") return "jpg";
  if (lower === "mvt") return "pbf";
  return lower in TILE_FORMATS ? (lower as TileFormat) : null;
}

const WHOLE = /^(0|[1-9][0-9]{0,8})$/;

/**
 * Reads `/tiles/{z}/{x}/{y}.{ext}`: z, x and y whole numbers with x and y inside the zoom's grid,
 * ext a known format. Anything else is a bad request.
 */
export function parseTileAddress(
  z: string,
  x: string,
  file: string,
): { ok: true; tile: TileAddress; format: TileFormat } | { ok: false; reason: string } {
  const dot = file.lastIndexOf(".");
  const y = dot > 0 ? file.slice(0, dot) : "";
  const format = dot > 0 ? tileFormatOf(file.slice(dot + 1)) : null;
  if (!WHOLE.test(z) || Number(z) > MAX_TILE_ZOOM)
    return { ok: false, reason: `z must be a whole number from 0 to ${MAX_TILE_ZOOM}` };
  const size = 2 ** Number(z);
  if (!WHOLE.test(x) || Number(x) >= size)
    return { ok: false, reason: `x must be a whole number below ${size} at zoom ${z}` };
  if (!WHOLE.test(y) || Number(y) >= size)
    return { ok: false, reason: `y must be a whole number below ${size} at zoom ${z}` };
  if (!format) return { ok: false, reason: "the extension must be png, jpg, webp or pbf" };
  return { ok: true, tile: { z: Number(z), x: Number(x), y: Number(y) }, format };
}

/** The format a tile's first bytes show; gzip is taken for a vector tile (how MBTiles keeps them). */
export function sniffTileFormat(bytes: Uint8Array): TileFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e)
    return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return "jpg";
  if (
    bytes.length >= 12 &&
    String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF" &&
    String.fromCharCode(...bytes.subarray(8, 12)) === "WEBP"
  )
    return "webp";
  if (isGzipped(bytes)) return "pbf";
  return null;
}

export function isGzipped(bytes: Uint8Array) {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** MBTiles number rows from the south (TMS): tile_row = 2^z - 1 - y. The same formula goes back. */
export function flipY(z: number, y: number) {
  return 2 ** z - 1 - y;
}

const clampLat = (lat: number) => Math.max(-85.0511287798, Math.min(85.0511287798, lat));

/** The tile (Web Mercator) that holds a point at a zoom. */
export function tileOfPoint(lat: number, lng: number, z: number): { x: number; y: number } {
  const size = 2 ** z;
  const rad = (clampLat(lat) * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * size);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * size);
  return { x: Math.min(size - 1, Math.max(0, x)), y: Math.min(size - 1, Math.max(0, y)) };
}

/** The area a tile covers, in degrees. */
export function boundsOfTile({ z, x, y }: TileAddress): Bounds {
  const size = 2 ** z;
  const lng = (col: number) => (col / size) * 360 - 180;
  const lat = (row: number) =>
    (Math.atan(Math.sinh(Math.PI * (1 - (2 * row) / size))) * 180) / Math.PI;
  return { west: lng(x), south: lat(y + 1), east: lng(x + 1), north: lat(y) };
}

/** The range of tiles at zoom z that an area touches. */
export function tileRange(bounds: Bounds, z: number) {
  const nw = tileOfPoint(bounds.north, bounds.west, z);
  const se = tileOfPoint(bounds.south, bounds.east, z);
  return { minX: nw.x, maxX: se.x, minY: nw.y, maxY: se.y };
}

export function tileTouches(tile: TileAddress, bounds: Bounds) {
  const range = tileRange(bounds, tile.z);
  return (
    tile.x >= range.minX && tile.x <= range.maxX && tile.y >= range.minY && tile.y <= range.maxY
  );
}

/** An area grown by a share of its size on every side (as Leaflet's LatLngBounds.pad). */
export function padBounds(bounds: Bounds, share: number): Bounds {
  const dx = (bounds.east - bounds.west) * share;
  const dy = (bounds.north - bounds.south) * share;
  return {
    west: bounds.west - dx,
    south: bounds.south - dy,
    east: bounds.east + dx,
    north: bounds.north + dy,
  };
}

/** A tile file that cannot be served (not MBTiles or PMTiles, or of a kind not supported). */
export class TileFileError extends Error {}

/** What a tile file says about itself (MBTiles metadata, PMTiles header), as `tiles:check` reports it. */
export type TileFileInfo = {
  kind: "mbtiles" | "pmtiles";
  format: TileFormat;
  minZoom: number;
  maxZoom: number;
  bounds: Bounds | null;
  name: string | null;
  attribution: string | null;
};

/** A tile file open for reading: a tile is its bytes as stored (a vector tile may be gzipped), or null. */
export type TileFile = {
  info: TileFileInfo;
  tile(address: TileAddress): Uint8Array | null | Promise<Uint8Array | null>;
  /** How many tiles it holds (null when the file does not say) */
  countTiles(): number | null;
  close(): void;
};

/** "w,s,e,n" in degrees (MBTiles metadata), or null when it is not four numbers that make an area. */
export function parseBoundsText(text: string | null | undefined): Bounds | null {
  const parts = (text ?? "").split(",").map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [west, south, east, north] = parts;
  return west < east && south < north ? { west, south, east, north } : null;
}
