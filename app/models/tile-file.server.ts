// Opens MAP_TILES_FILE, whichever kind it is: PMTiles by its first bytes, MBTiles otherwise.
import type { TileFile } from "~/domain/tiles";
import { openMbtiles } from "~/models/mbtiles.server";
import { isPmtiles, openPmtiles } from "~/models/pmtiles.server";

export { TileFileError } from "~/domain/tiles";

export function openTileFile(file: string): TileFile {
  return isPmtiles(file) ? openPmtiles(file) : openMbtiles(file);
}
