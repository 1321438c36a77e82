// Builds small MBTiles files for tests (unit and e2e): SQLite with the spec's metadata and tiles
// tables, rows numbered from the south (TMS), tiles drawn with sharp.
import Database from "better-sqlite3";
import sharp from "sharp";
import { flipY, tileRange, type Bounds, type TileAddress } from "../../app/domain/tiles";

export type FixtureTile = TileAddress & { data: Buffer };

/** A 256×256 tile of one colour (PNG unless told otherwise). */
export function solidTile(
  colour: { r: number; g: number; b: number },
  format: "png" | "jpeg" | "webp" = "png",
): Promise<Buffer> {
  return sharp({ create: { width: 256, height: 256, channels: 3, background: colour } })
    .toFormat(format)
    .toBuffer();
}

export function makeMbtiles(
  file: string,
  tiles: FixtureTile[],
  metadata: Record<string, string> = { name: "test", format: "png" },
) {
  const db = new Database(file);
  try {
    db.exec(`
      CREATE TABLE metadata (name TEXT, value TEXT);
      CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
    `);
    const meta = db.prepare("INSERT INTO metadata (name, value) VALUES (?, ?)");
    const tile = db.prepare(
      "INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)",
    );
    db.transaction(() => {
      for (const [name, value] of Object.entries(metadata)) meta.run(name, value);
      for (const t of tiles) tile.run(t.z, t.x, flipY(t.z, t.y), t.data);
    })();
  } finally {
    db.close();
  }
}

/** Every tile of an area from zoom `from` to zoom `to`, each with the same bytes. */
export function tilesOfArea(bounds: Bounds, from: number, to: number, data: Buffer): FixtureTile[] {
  const tiles: FixtureTile[] = [];
  for (let z = from; z <= to; z++) {
    const range = tileRange(bounds, z);
    for (let x = range.minX; x <= range.maxX; x++)
      for (let y = range.minY; y <= range.maxY; y++) tiles.push({ z, x, y, data });
  }
  return tiles;
}
