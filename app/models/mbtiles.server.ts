// Reads an MBTiles file (SQLite with `metadata` and `tiles` tables; rows numbered from the south,
// TMS) as the tile server and `tiles:check` need it. Opened read-only: the file is the operator's.
import Database from "better-sqlite3";
import {
  boundsOfTile,
  flipY,
  parseBoundsText,
  sniffTileFormat,
  tileFormatOf,
  TileFileError,
  type Bounds,
  type TileFile,
  type TileFormat,
} from "~/domain/tiles";

export { TileFileError };

export function openMbtiles(file: string): TileFile {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma("busy_timeout = 5000");
    db.prepare("SELECT 1 FROM tiles LIMIT 1").get();
  } catch (error) {
    throw new TileFileError(
      `${file} is not an MBTiles file (an SQLite file with a tiles table): ${(error as Error).message}`,
    );
  }
  try {
    const metadata = readMetadata(db);
    const zooms = db
      .prepare("SELECT min(zoom_level) AS min, max(zoom_level) AS max FROM tiles")
      .get() as { min: number | null; max: number | null };
    const minZoom = wholeOr(metadata.minzoom, zooms.min ?? 0);
    const maxZoom = wholeOr(metadata.maxzoom, zooms.max ?? 0);
    const format = formatOf(db, metadata.format);
    const bounds = parseBoundsText(metadata.bounds) ?? boundsAtZoom(db, zooms.max);
    const select = db.prepare(
      "SELECT tile_data AS data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
    );
    return {
      info: {
        kind: "mbtiles",
        format,
        minZoom,
        maxZoom,
        bounds,
        name: metadata.name ?? null,
        attribution: metadata.attribution ?? null,
      },
      tile({ z, x, y }) {
        const row = select.get(z, x, flipY(z, y)) as { data: Buffer | null } | undefined;
        return row?.data ?? null;
      },
      countTiles: () => (db.prepare("SELECT count(*) AS n FROM tiles").get() as { n: number }).n,
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function readMetadata(db: Database.Database): Record<string, string | undefined> {
  try {
    const rows = db.prepare("SELECT name, value FROM metadata").all() as {
      name: string;
      value: string;
    }[];
    return Object.fromEntries(rows.map((r) => [String(r.name).toLowerCase(), String(r.value)]));
  } catch {
    return {}; // the metadata table is required by the spec but not needed to serve tiles
  }
}

function wholeOr(text: string | undefined, fallback: number) {
  const n = Number(text);
  return text !== undefined && text.trim() !== "" && Number.isInteger(n) ? n : fallback;
}

/** The format named in the metadata, or else the one the first tile's bytes show. */
function formatOf(db: Database.Database, named: string | undefined): TileFormat {
  const fromMetadata = tileFormatOf(named);
  if (fromMetadata) return fromMetadata;
  const first = db.prepare("SELECT tile_data AS data FROM tiles LIMIT 1").get() as
    { data: Buffer | null } | undefined;
  const sniffed = first?.data ? sniffTileFormat(first.data) : null;
  if (sniffed) return sniffed;
  throw new TileFileError(
    `the tile format is unknown: the metadata names ${named ? `"${named}"` : "none"} and the tiles are not PNG, JPEG, WebP or gzipped vector tiles`,
  );
}

/** Without `bounds` in the metadata: the area of the tiles at the deepest zoom. */
function boundsAtZoom(db: Database.Database, z: number | null): Bounds | null {
  if (z === null) return null;
  const range = db
    .prepare(
      `SELECT min(tile_column) AS minX, max(tile_column) AS maxX, min(tile_row) AS minRow,
              max(tile_row) AS maxRow FROM tiles WHERE zoom_level = ?`,
    )
    .get(z) as { minX: number; maxX: number; minRow: number; maxRow: number };
  const northWest = boundsOfTile({ z, x: range.minX, y: flipY(z, range.maxRow) });
  const southEast = boundsOfTile({ z, x: range.maxX, y: flipY(z, range.minRow) });
  return {
    west: northWest.west,
    south: southEast.south,
    east: southEast.east,
    north: northWest.north,
  };
}
