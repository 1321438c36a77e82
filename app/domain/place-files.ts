// Reads a file of places for `npm run places:import`: GeoJSON points with a `name` property (and an
// optional `kind`), or CSV with the columns name,kind,lat,lng. Pure; a file that cannot be read
// throws PlaceFileError with a message for the person running the import.
export type PlaceRow = { name: string; kind: string; lat: number; lng: number };

export class PlaceFileError extends Error {}

export const DEFAULT_IMPORTED_KIND = "address";
const MAX_NAME = 200;
const MAX_KIND = 40;

function row(where: string, name: unknown, kind: unknown, lat: unknown, lng: unknown): PlaceRow {
  const text = typeof name === "string" ? name.replace(/\s+/g, " ").trim() : "";
  if (!text) throw new PlaceFileError(`${where}: the name is missing`);
  if (text.length > MAX_NAME)
    throw new PlaceFileError(`${where}: the name is longer than ${MAX_NAME} characters`);
  const kindText =
    typeof kind === "string" && kind.trim() ? kind.trim().toLowerCase() : DEFAULT_IMPORTED_KIND;
  if (kindText.length > MAX_KIND)
    throw new PlaceFileError(`${where}: the kind is longer than ${MAX_KIND} characters`);
  const [y, x] = [lat, lng].map((v) => (typeof v === "string" && v.trim() ? Number(v) : v));
  if (typeof y !== "number" || typeof x !== "number" || !Number.isFinite(y) || !Number.isFinite(x))
    throw new PlaceFileError(`${where}: lat and lng must be numbers in decimal degrees`);
  if (Math.abs(y) > 90 || Math.abs(x) > 180)
    throw new PlaceFileError(`${where}: lat ${y}, lng ${x} is not a point on Earth`);
  return { name: text, kind: kindText, lat: y, lng: x };
}

export function parseGeoJsonPlaces(text: string): PlaceRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlaceFileError(`Not valid JSON: ${(error as Error).message}`);
  }
  const collection = data as { type?: unknown; features?: unknown };
  if (collection?.type !== "FeatureCollection" || !Array.isArray(collection.features))
    throw new PlaceFileError("Not a GeoJSON FeatureCollection");
  return collection.features.map((feature: unknown, index: number) => {
    const where = `Feature ${index + 1}`;
    const f = feature as {
      geometry?: { type?: unknown; coordinates?: unknown };
      properties?: Record<string, unknown> | null;
    };
    const coordinates = f?.geometry?.coordinates;
    if (f?.geometry?.type !== "Point" || !Array.isArray(coordinates) || coordinates.length < 2)
      throw new PlaceFileError(`${where}: not a Point (only points can be imported)`);
    const properties = f.properties ?? {};
    return row(where, properties.name, properties.kind, coordinates[1], coordinates[0]);
  });
}

/** RFC 4180 fields: commas, quotes doubled inside quoted fields, CRLF or LF line ends. */
export function parseCsvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = "";
  let fields: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      if (fields.length > 1 || fields[0] !== "") records.push(fields);
      fields = [];
      field = "";
    } else field += c;
  }
  if (quoted) throw new PlaceFileError("The CSV ends inside a quoted field");
  fields.push(field);
  if (fields.length > 1 || fields[0] !== "") records.push(fields);
  return records;
}

const CSV_COLUMNS = ["name", "kind", "lat", "lng"] as const;

export function parseCsvPlaces(text: string): PlaceRow[] {
  const [header, ...records] = parseCsvRecords(text);
  const columns = header?.map((h) => h.trim().toLowerCase()) ?? [];
  const at = Object.fromEntries(CSV_COLUMNS.map((c) => [c, columns.indexOf(c)]));
  const missing = CSV_COLUMNS.filter((c) => c !== "kind" && at[c] < 0);
  if (missing.length)
    throw new PlaceFileError(
      `The CSV header must name the columns name,kind,lat,lng (missing: ${missing.join(", ")})`,
    );
  return records.map((fields, index) =>
    row(
      `Line ${index + 2}`,
      fields[at.name],
      at.kind >= 0 ? fields[at.kind] : undefined,
      fields[at.lat] ?? "",
      fields[at.lng] ?? "",
    ),
  );
}

/** By the file's extension: .geojson/.json or .csv. */
export function parsePlaceFile(fileName: string, text: string): PlaceRow[] {
  if (/\.(geo)?json$/i.test(fileName)) return parseGeoJsonPlaces(text);
  if (/\.csv$/i.test(fileName)) return parseCsvPlaces(text);
  throw new PlaceFileError("The file must end in .geojson, .json or .csv");
}
