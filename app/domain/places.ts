// Gazetteer of Borås municipality (kommun 1490): city districts (stadsdelar), villages (tätorter and
// small places) and landmarks. Coordinates are WGS84 and approximate (a point near the centre of the
// district or village, or at the landmark itself); populations are rough resident counts.
// Pure data, shared by server and browser.

export type PlaceKind = "district" | "village" | "landmark";

export type Place = {
  /** kebab-case ascii, stable: ideas refer to it */
  id: string;
  /** Swedish name as residents write it */
  name: string;
  kind: PlaceKind;
  lat: number;
  lng: number;
  /** rough number of residents, for districts and villages only */
  population?: number;
};

export const places: readonly Place[] = [
  // ── Districts of the city of Borås ────────────────────────────────────────────────────────────
  {
    id: "centrum",
    name: "Centrum",
    kind: "district",
    lat: 57.7205,
    lng: 12.9405,
    population: 6500,
  },
  { id: "norrby", name: "Norrby", kind: "district", lat: 57.728, lng: 12.9345, population: 4000 },
  {
    id: "norrmalm",
    name: "Norrmalm",
    kind: "district",
    lat: 57.7285,
    lng: 12.944,
    population: 3500,
  },
  { id: "lugnet", name: "Lugnet", kind: "district", lat: 57.724, lng: 12.95, population: 2500 },
  {
    id: "villastaden",
    name: "Villastaden",
    kind: "district",
    lat: 57.7185,
    lng: 12.951,
    population: 1500,
  },
  {
    id: "ostermalm",
    name: "Östermalm",
    kind: "district",
    lat: 57.719,
    lng: 12.966,
    population: 2000,
  },
  {
    id: "hassleholmen",
    name: "Hässleholmen",
    kind: "district",
    lat: 57.7285,
    lng: 12.978,
    population: 6000,
  },
  { id: "hulta", name: "Hulta", kind: "district", lat: 57.715, lng: 12.975, population: 3500 },
  {
    id: "bramhult",
    name: "Brämhult",
    kind: "district",
    lat: 57.733,
    lng: 13.005,
    population: 4500,
  },
  { id: "sjobo", name: "Sjöbo", kind: "district", lat: 57.75, lng: 12.955, population: 7000 },
  {
    id: "alideberg",
    name: "Alideberg",
    kind: "district",
    lat: 57.742,
    lng: 12.942,
    population: 1500,
  },
  { id: "hestra", name: "Hestra", kind: "district", lat: 57.7297, lng: 12.9028, population: 3500 },
  { id: "kypered", name: "Kypered", kind: "district", lat: 57.748, lng: 12.901 },
  { id: "byttorp", name: "Byttorp", kind: "district", lat: 57.7215, lng: 12.913, population: 3000 },
  { id: "tullen", name: "Tullen", kind: "district", lat: 57.7165, lng: 12.912, population: 2500 },
  {
    id: "regementet",
    name: "Regementet",
    kind: "district",
    lat: 57.71,
    lng: 12.912,
    population: 1000,
  },
  { id: "gota", name: "Göta", kind: "district", lat: 57.712, lng: 12.928, population: 4500 },
  { id: "gasslosa", name: "Gässlösa", kind: "district", lat: 57.702, lng: 12.928, population: 800 },
  {
    id: "kristineberg",
    name: "Kristineberg",
    kind: "district",
    lat: 57.704,
    lng: 12.94,
    population: 2500,
  },
  {
    id: "druvefors",
    name: "Druvefors",
    kind: "district",
    lat: 57.712,
    lng: 12.943,
    population: 2000,
  },
  {
    id: "bergsater",
    name: "Bergsäter",
    kind: "district",
    lat: 57.7135,
    lng: 12.952,
    population: 2500,
  },
  {
    id: "trandared",
    name: "Trandared",
    kind: "district",
    lat: 57.708,
    lng: 12.962,
    population: 4000,
  },

  // ── Villages and smaller places in the municipality ───────────────────────────────────────────
  { id: "fristad", name: "Fristad", kind: "village", lat: 57.8245, lng: 13.011, population: 5500 },
  {
    id: "dalsjofors",
    name: "Dalsjöfors",
    kind: "village",
    lat: 57.718,
    lng: 13.086,
    population: 3800,
  },
  {
    id: "viskafors",
    name: "Viskafors",
    kind: "village",
    lat: 57.633,
    lng: 12.851,
    population: 3500,
  },
  { id: "sandared", name: "Sandared", kind: "village", lat: 57.715, lng: 12.792, population: 3300 },
  {
    id: "sjomarken",
    name: "Sjömarken",
    kind: "village",
    lat: 57.72,
    lng: 12.838,
    population: 2900,
  },
  {
    id: "frufallan",
    name: "Frufällan",
    kind: "village",
    lat: 57.776,
    lng: 13.001,
    population: 1600,
  },
  {
    id: "ganghester",
    name: "Gånghester",
    kind: "village",
    lat: 57.7035,
    lng: 13.013,
    population: 1300,
  },
  {
    id: "rydboholm",
    name: "Rydboholm",
    kind: "village",
    lat: 57.656,
    lng: 12.872,
    population: 1100,
  },
  { id: "sparsor", name: "Sparsör", kind: "village", lat: 57.794, lng: 13.021, population: 1100 },
  { id: "malsryd", name: "Målsryd", kind: "village", lat: 57.715, lng: 13.042, population: 700 },
  { id: "tosseryd", name: "Tosseryd", kind: "village", lat: 57.761, lng: 12.986, population: 500 },
  {
    id: "kinnarumma",
    name: "Kinnarumma",
    kind: "village",
    lat: 57.66,
    lng: 12.89,
    population: 500,
  },
  { id: "aplared", name: "Aplared", kind: "village", lat: 57.652, lng: 13.07, population: 470 },
  { id: "dannike", name: "Dannike", kind: "village", lat: 57.685, lng: 13.217, population: 450 },
  {
    id: "borgstena",
    name: "Borgstena",
    kind: "village",
    lat: 57.8835,
    lng: 13.017,
    population: 420,
  },
  {
    id: "svaneholm",
    name: "Svaneholm",
    kind: "village",
    lat: 57.642,
    lng: 12.858,
    population: 400,
  },
  {
    id: "rangedala",
    name: "Rångedala",
    kind: "village",
    lat: 57.767,
    lng: 13.117,
    population: 400,
  },
  { id: "bredared", name: "Bredared", kind: "village", lat: 57.849, lng: 12.967, population: 330 },
  { id: "hedared", name: "Hedared", kind: "village", lat: 57.8125, lng: 12.802, population: 300 },
  { id: "aspered", name: "Äspered", kind: "village", lat: 57.68, lng: 13.105, population: 300 },

  // ── Landmarks ─────────────────────────────────────────────────────────────────────────────────
  { id: "stora-torget", name: "Stora torget", kind: "landmark", lat: 57.721, lng: 12.9401 },
  { id: "caroli-kyrka", name: "Caroli kyrka", kind: "landmark", lat: 57.7217, lng: 12.9388 },
  {
    id: "viskan",
    name: "Viskan vid Krokshallstorget",
    kind: "landmark",
    lat: 57.7197,
    lng: 12.9372,
  },
  { id: "stadsparken", name: "Stadsparken", kind: "landmark", lat: 57.7235, lng: 12.939 },
  { id: "kulturhuset", name: "Kulturhuset", kind: "landmark", lat: 57.7232, lng: 12.9437 },
  {
    id: "resecentrum",
    name: "Resecentrum (Borås C)",
    kind: "landmark",
    lat: 57.7202,
    lng: 12.9327,
  },
  { id: "hogskolan", name: "Högskolan i Borås", kind: "landmark", lat: 57.7224, lng: 12.938 },
  {
    id: "textilmuseet",
    name: "Textilmuseet / Textile Fashion Center",
    kind: "landmark",
    lat: 57.7214,
    lng: 12.935,
  },
  { id: "navet", name: "Navet Science Center", kind: "landmark", lat: 57.7208, lng: 12.934 },
  { id: "ahaga", name: "Åhaga", kind: "landmark", lat: 57.7155, lng: 12.937 },
  { id: "ramnaparken", name: "Ramnaparken", kind: "landmark", lat: 57.716, lng: 12.921 },
  { id: "knalleland", name: "Knalleland", kind: "landmark", lat: 57.738, lng: 12.944 },
  { id: "ryavallen", name: "Ryavallen", kind: "landmark", lat: 57.7325, lng: 12.929 },
  { id: "boras-arena", name: "Borås Arena", kind: "landmark", lat: 57.7335, lng: 12.933 },
  {
    id: "ryaverket",
    name: "Ryaverket (kraftvärmeverk)",
    kind: "landmark",
    lat: 57.7345,
    lng: 12.9375,
  },
  { id: "boras-djurpark", name: "Borås Djurpark", kind: "landmark", lat: 57.743, lng: 12.933 },
  { id: "rya-asar", name: "Rya åsar", kind: "landmark", lat: 57.739, lng: 12.917 },
  {
    id: "sodra-alvsborgs-sjukhus",
    name: "Södra Älvsborgs sjukhus",
    kind: "landmark",
    lat: 57.7205,
    lng: 12.958,
  },
  { id: "kransmossen", name: "Kransmossen", kind: "landmark", lat: 57.7035, lng: 12.97 },
  {
    id: "sobacken",
    name: "Sobacken (Borås Energi och Miljö)",
    kind: "landmark",
    lat: 57.6895,
    lng: 12.972,
  },
  { id: "viared", name: "Viared", kind: "landmark", lat: 57.713, lng: 12.87 },
  { id: "oresjo", name: "Öresjö", kind: "landmark", lat: 57.778, lng: 12.978 },
];

const byId = new Map(places.map((place) => [place.id, place]));

/** The place with this id, or undefined. */
export function findPlace(id: string): Place | undefined {
  return byId.get(id);
}

/** The form field that carries a place chosen from the list when there is no map (no JavaScript). */
export const PLACE_ID_FIELD = "placeId";

const blank = (value: unknown) => value === undefined || value === null || value === "";

/**
 * A form's values with the listed place's coordinates filled in — only when the person chose a
 * place from the list and typed no coordinates (coordinates typed by hand win). Anything else is
 * returned as it is, for the schema to judge.
 */
export function withListedPlace(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const fields = value as Record<string, unknown>;
  const id = fields[PLACE_ID_FIELD];
  if (typeof id !== "string" || !blank(fields.lat) || !blank(fields.lng)) return value;
  const place = findPlace(id) ?? pointOfImportedPlaceId(id);
  return place ? { ...fields, lat: String(place.lat), lng: String(place.lng) } : value;
}

// An imported place (an address: app/models/places.server.ts) is listed by its point, so that the
// list's value means the same after a re-import and is read here without the database.
const IMPORTED_PLACE_ID = /^at:(-?\d{1,2}\.\d{1,7}),(-?\d{1,3}\.\d{1,7})$/;

/** The `placeId` value of an imported place: `at:57.720510,12.940510`. */
export function importedPlaceId(lat: number, lng: number): string {
  return `at:${lat.toFixed(6)},${lng.toFixed(6)}`;
}

/** The point of an imported place's `placeId` value, or undefined. */
export function pointOfImportedPlaceId(id: string): { lat: number; lng: number } | undefined {
  const match = IMPORTED_PLACE_ID.exec(id);
  if (!match) return undefined;
  const [lat, lng] = [Number(match[1]), Number(match[2])];
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { lat, lng } : undefined;
}
