// `npm run places:import -- FILE`: loads places and addresses (GeoJSON points with a `name`
// property and an optional `kind`, or CSV with name,kind,lat,lng) into the place search. Points
// outside Borås municipality are skipped and counted; a file with an error changes nothing.
import fs from "node:fs";
import { parsePlaceFile, PlaceFileError } from "~/domain/place-files";
import { countImportedPlaces, importPlaces } from "~/models/places.server";

const file = process.argv[2];
if (!file || file.startsWith("-")) {
  console.error("Usage: npm run places:import -- FILE (.geojson, .json or .csv)");
  process.exit(2);
}

try {
  const rows = parsePlaceFile(file, fs.readFileSync(file, "utf8"));
  const result = importPlaces(rows);
  console.log(
    `${file}: ${rows.length} places read — ${result.added} added, ${result.updated} moved, ` +
      `${result.unchanged} already there, ${result.outside} outside Borås municipality (skipped).`,
  );
  console.log(`The place search now holds ${countImportedPlaces()} imported places.`);
} catch (error) {
  if (error instanceof PlaceFileError || (error as NodeJS.ErrnoException).code === "ENOENT") {
    console.error(`${file}: ${(error as Error).message}. Nothing was imported.`);
    process.exit(1);
  }
  throw error;
}
