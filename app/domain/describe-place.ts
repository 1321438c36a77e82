// Words for a point on the map: the nearest gazetteer place and how far it is, the gazetteer as a
// sorted list per kind, and moving a point a few metres by compass direction. Pure, shared by server
// and browser; the sentences themselves are built from locale keys in the component.
import { distanceMeters } from "./geo";
import { places as gazetteer, type Place, type PlaceKind } from "./places";

export type Point = { lat: number; lng: number };

export type PlaceDescription = {
  /** the nearest place of any kind */
  place: Place;
  /** distance to it, rounded: to 10 m below 1 km, to 100 m (one decimal in km) above */
  distanceMeters: number;
  /** when the nearest place is a landmark: the district or village around it, if one is close */
  area?: Place;
};

/** A landmark is named together with the district or village within this distance of the point. */
const AREA_RADIUS_METERS = 1500;

/** 10 m steps below 1 km; 100 m steps (0.1 km) from there on. */
export function roundDistanceMeters(meters: number): number {
  const tens = Math.round(meters / 10) * 10;
  return tens < 1000 ? tens : Math.round(meters / 100) * 100;
}

/** How a rounded distance is written: metres below 1 km, else kilometres with one decimal. */
export function distanceParts(roundedMeters: number): { value: number; unit: "m" | "km" } {
  return roundedMeters < 1000
    ? { value: roundedMeters, unit: "m" }
    : { value: Math.round(roundedMeters / 100) / 10, unit: "km" };
}

function nearest(
  point: Point,
  candidates: readonly Place[],
): { place: Place; meters: number } | null {
  let best: { place: Place; meters: number } | null = null;
  for (const place of candidates) {
    const meters = distanceMeters(point, place);
    if (!best || meters < best.meters) best = { place, meters };
  }
  return best;
}

/** The gazetteer place nearest to the point; null only when the list is empty. */
export function describePlace(
  lat: number,
  lng: number,
  places: readonly Place[] = gazetteer,
): PlaceDescription | null {
  const point = { lat, lng };
  const found = nearest(point, places);
  if (!found) return null;
  const description: PlaceDescription = {
    place: found.place,
    distanceMeters: roundDistanceMeters(found.meters),
  };
  if (found.place.kind === "landmark") {
    const area = nearest(
      point,
      places.filter((p) => p.kind !== "landmark"),
    );
    if (area && area.meters <= AREA_RADIUS_METERS) description.area = area.place;
  }
  return description;
}

export const PLACE_KINDS: readonly PlaceKind[] = ["district", "village", "landmark"];

/** The gazetteer per kind, each sorted the Swedish way (Å, Ä, Ö last). */
export function placesByKind(places: readonly Place[] = gazetteer): Record<PlaceKind, Place[]> {
  const collator = new Intl.Collator("sv");
  const groups: Record<PlaceKind, Place[]> = { district: [], village: [], landmark: [] };
  for (const place of places) groups[place.kind].push(place);
  for (const kind of PLACE_KINDS) groups[kind].sort((a, b) => collator.compare(a.name, b.name));
  return groups;
}

export type CompassDirection = "north" | "south" | "east" | "west";

/** How far one nudge (a button, an arrow key on the pin) moves the pin; Shift + arrow moves less. */
export const NUDGE_METERS = 50;
export const FINE_NUDGE_METERS = 10;

// The same sphere as distanceMeters, so that a move of n metres measures n metres back.
const METERS_PER_DEGREE_LAT = (Math.PI * 6_371_008.8) / 180;

/** The point moved this many metres towards a compass direction (good for nudges of metres to km). */
export function movePoint(point: Point, direction: CompassDirection, meters: number): Point {
  const degLat = meters / METERS_PER_DEGREE_LAT;
  const degLng = meters / (METERS_PER_DEGREE_LAT * Math.cos((point.lat * Math.PI) / 180));
  switch (direction) {
    case "north":
      return { lat: point.lat + degLat, lng: point.lng };
    case "south":
      return { lat: point.lat - degLat, lng: point.lng };
    case "east":
      return { lat: point.lat, lng: point.lng + degLng };
    case "west":
      return { lat: point.lat, lng: point.lng - degLng };
  }
}
