// `npm run tiles:check -- FILE`: what a tile file holds before MAP_TILES_FILE points at it — the
// format, zoom range and bounds, and whether it covers Borås and can be drawn by the maps.
import { BORAS_BOUNDS } from "~/domain/geo";
import { TILE_FORMATS, TileFileError, type Bounds } from "~/domain/tiles";
import { openTileFile } from "~/models/tile-file.server";

const file = process.argv[2];
if (!file || file.startsWith("-")) {
  console.error("Usage: npm run tiles:check -- FILE (an .mbtiles or .pmtiles file)");
  process.exit(2);
}

const degrees = (b: Bounds) =>
  [b.west, b.south, b.east, b.north].map((n) => n.toFixed(5)).join(", ");
const covers = (outer: Bounds, inner: Bounds) =>
  outer.west <= inner.west &&
  outer.south <= inner.south &&
  outer.east >= inner.east &&
  outer.north >= inner.north;

try {
  const tiles = openTileFile(file);
  const { info } = tiles;
  const count = tiles.countTiles();
  tiles.close();
  console.log(`File:        ${file} (${info.kind})`);
  if (info.name) console.log(`Name:        ${info.name}`);
  console.log(`Format:      ${info.format} (${TILE_FORMATS[info.format].contentType})`);
  console.log(`Zoom:        ${info.minZoom}–${info.maxZoom}`);
  console.log(
    `Bounds:      ${info.bounds ? degrees(info.bounds) : "unknown"} (west, south, east, north)`,
  );
  console.log(`Tiles:       ${count ?? "not said in the file"}`);
  console.log(`Attribution: ${info.attribution ?? "none in the file (set MAP_TILE_ATTRIBUTION)"}`);
  const notes: string[] = [];
  if (!TILE_FORMATS[info.format].raster)
    notes.push(
      "vector tiles: served at /tiles/, but the maps draw raster tiles (png, jpg, webp) only",
    );
  if (info.bounds && !covers(info.bounds, BORAS_BOUNDS))
    notes.push(`does not cover all of Borås (${degrees(BORAS_BOUNDS)})`);
  if (count === 0) notes.push("holds no tiles");
  for (const note of notes) console.log(`Note:        ${note}`);
} catch (error) {
  console.error(error instanceof TileFileError ? error.message : error);
  process.exit(1);
}
