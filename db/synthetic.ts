// Synthetic ideas for benchmarks: deterministic for a given count, all inside Borås municipality,
// denser where people live (weighted by the gazetteer's populations), text built from Swedish phrases.
import { FOCUS_AREAS, type FocusArea } from "~/domain/focus-areas";
import { BORAS_BOUNDS, isInBoras } from "~/domain/geo";
import { places, type Place } from "~/domain/places";

export type SyntheticIdea = {
  title: string;
  body: string;
  focusArea: FocusArea;
  lat: number;
  lng: number;
  /** how many supports to give it */
  supports: number;
  createdAt: string;
};

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OBJECTS: Record<FocusArea, string[]> = {
  mobility: [
    "cykelbana",
    "cykelparkering",
    "busshållplats",
    "laddstolpar",
    "gångväg",
    "pendlarparkering",
    "lånecyklar",
    "säkra skolvägar",
    "bilpool",
    "övergångsställe",
    "cykelgarage",
    "tätare busstrafik",
    "servicestation för cyklar",
    "hastighetsdämpning",
    "belysning längs gångstråket",
  ],
  construction: [
    "solceller på taken",
    "gröna tak",
    "träbyggnad",
    "renovering av hyreshusen",
    "återbruk av byggmaterial",
    "energieffektiv skola",
    "regnbäddar",
    "fler träd i gatumiljön",
    "fjärrvärme",
    "klimatsmart förskola",
    "dagvattendamm",
    "ombyggnad i stället för rivning",
    "ladugård blir mötesplats",
  ],
  "co-creation": [
    "reparationskafé",
    "kvartersodling",
    "bytesdag för kläder",
    "verktygsbibliotek",
    "medborgardialog",
    "workshop om klimatet",
    "delningsförråd",
    "ungdomsråd för klimatet",
    "textilåtervinning",
    "grannskapsfest utan plast",
    "lånebod",
    "stadsodling på taket",
  ],
  leadership: [
    "klimatbudget",
    "klimatlöfte från företagen",
    "utbildning för politiker",
    "grön upphandling",
    "klimatdata öppet för alla",
    "klimatråd med invånare",
    "mål för minskade utsläpp",
    "klimatbokslut",
    "samarbete med högskolan",
    "nätverk för klimatledare",
    "klimatkrav i bygglov",
  ],
};

const STARTS = [
  "Fler",
  "Bättre",
  "Ny",
  "Satsa på",
  "Inför",
  "Bygg ut",
  "Förbättra",
  "Önskar",
  "Dags för",
  "Gör plats för",
];
const PREPOSITIONS = ["vid", "i", "nära", "kring", "längs vägen till"];
const OPENINGS = [
  "Jag bor i {place} och har länge tänkt på det här.",
  "Många av oss i {place} saknar detta.",
  "Varje dag ser jag hur det fungerar i {place}.",
  "Vi är flera grannar i {place} som vill ändra på det här.",
  "I {place} skulle det göra stor skillnad.",
];
const REASONS = [
  "Det skulle minska utsläppen och göra vardagen enklare.",
  "Barn och äldre skulle få det tryggare.",
  "Det sparar pengar på sikt och är bra för klimatet.",
  "Fler skulle välja ett hållbart alternativ om det fanns här.",
  "Andra städer har gjort så med goda resultat.",
  "Det ger också en trevligare miljö att mötas i.",
];
const WISHES = [
  "Kan kommunen och Borås Energi och Miljö titta på det?",
  "Vi hjälper gärna till att planera.",
  "Börja gärna med ett försök i liten skala.",
  "Det borde ingå i klimatinvesteringsplanen.",
  "Fristadbostäder kunde vara med från början.",
];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

type WeightedPlace = { place: Place; cumulative: number; spreadMeters: number };

function weightedPlaces(): { list: WeightedPlace[]; total: number } {
  let total = 0;
  const list: WeightedPlace[] = [];
  for (const place of places) {
    const weight = place.population ?? (place.kind === "landmark" ? 800 : 200);
    total += weight;
    list.push({ place, cumulative: total, spreadMeters: place.kind === "village" ? 700 : 450 });
  }
  return { list, total };
}

const METERS_PER_DEGREE_LAT = 111_320;
const FIXED_EPOCH = Date.UTC(2026, 5, 1); // deterministic dates, independent of today
const SHARE_SPREAD_EVERYWHERE = 0.12; // farms, forests and lakes get some ideas too

export function* syntheticIdeas(count: number): Generator<SyntheticIdea> {
  const random = seededRandom(0x5eed ^ count);
  const { list, total } = weightedPlaces();
  for (let n = 0; n < count; n++) {
    let lat: number;
    let lng: number;
    let placeName: string;
    if (random() < SHARE_SPREAD_EVERYWHERE) {
      do {
        lat = BORAS_BOUNDS.south + random() * (BORAS_BOUNDS.north - BORAS_BOUNDS.south);
        lng = BORAS_BOUNDS.west + random() * (BORAS_BOUNDS.east - BORAS_BOUNDS.west);
      } while (!isInBoras(lat, lng));
      placeName = "Borås";
    } else {
      const r = random() * total;
      const chosen = list.find((p) => p.cumulative >= r) ?? list[list.length - 1];
      const mPerDegLng = METERS_PER_DEGREE_LAT * Math.cos((chosen.place.lat * Math.PI) / 180);
      do {
        lat = chosen.place.lat + (gaussian(random) * chosen.spreadMeters) / METERS_PER_DEGREE_LAT;
        lng = chosen.place.lng + (gaussian(random) * chosen.spreadMeters) / mPerDegLng;
      } while (!isInBoras(lat, lng));
      placeName = chosen.place.name;
    }
    const focusArea = FOCUS_AREAS[Math.floor(random() * FOCUS_AREAS.length)];
    const object = pick(random, OBJECTS[focusArea]);
    const title =
      `${pick(random, STARTS)} ${object} ${pick(random, PREPOSITIONS)} ${placeName}`.slice(0, 120);
    const body = [
      pick(random, OPENINGS).replace("{place}", placeName),
      `Förslaget gäller ${object}.`,
      pick(random, REASONS),
      pick(random, WISHES),
    ].join(" ");
    // Supports follow a long tail: most ideas have a few, some have many.
    const supports = Math.min(60, Math.floor(-Math.log(1 - random()) * 2.2));
    const createdAt = new Date(FIXED_EPOCH - Math.floor(random() * 730 * 86_400_000)).toISOString();
    yield {
      title,
      body,
      focusArea,
      lat: Math.round(lat * 1e6) / 1e6,
      lng: Math.round(lng * 1e6) / 1e6,
      supports,
      createdAt,
    };
  }
}
