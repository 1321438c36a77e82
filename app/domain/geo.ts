// Where Borås is: the municipality outline, and whether a point lies in it (with the 1 km tolerance
// that the simplified outline needs). Pure, shared by server and browser.
import boundary from "./boras-municipality.json";

export type LngLat = [lng: number, lat: number];

export const BORAS_CENTRE = { lat: 57.721, lng: 12.9401 } as const; // Stora torget
export const BORAS_BOUNDS = { west: 12.633, south: 57.557, east: 13.309, north: 57.934 } as const;
/** The outline is simplified to about 2 %: points this close outside it still count as Borås. */
export const BOUNDARY_TOLERANCE_METERS = 1000;

export const borasOutline = boundary as unknown as GeoJSON.FeatureCollection<GeoJSON.Polygon>;
const ring: LngLat[] = borasOutline.features[0].geometry.coordinates[0] as LngLat[];

const EARTH_RADIUS_METERS = 6_371_008.8;
const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Ray casting on lng/lat; the outline is small enough that planar geometry is exact enough. */
export function pointInRing(lng: number, lat: number, polygon: LngLat[] = ring): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Shortest distance in metres from a point to the outline's edge (local equirectangular projection). */
export function distanceToOutlineMeters(
  lng: number,
  lat: number,
  polygon: LngLat[] = ring,
): number {
  const mPerDegLat = (Math.PI * EARTH_RADIUS_METERS) / 180;
  const mPerDegLng = mPerDegLat * Math.cos(toRad(lat));
  let best = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const ax = (polygon[j][0] - lng) * mPerDegLng;
    const ay = (polygon[j][1] - lat) * mPerDegLat;
    const bx = (polygon[i][0] - lng) * mPerDegLng;
    const by = (polygon[i][1] - lat) * mPerDegLat;
    const dx = bx - ax;
    const dy = by - ay;
    const lengthSquared = dx * dx + dy * dy;
    const t =
      lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

/** True when an idea may be placed here: inside the municipality, or within the tolerance of its edge. */
export function isInBoras(lat: number, lng: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return false;
  if (pointInRing(lng, lat)) return true;
  return distanceToOutlineMeters(lng, lat) <= BOUNDARY_TOLERANCE_METERS;
}

export type BBox = { west: number; south: number; east: number; north: number };

/** The box reaching about `meters` each way from a point (a degree of longitude shrinks northwards). */
export function boxAround(point: { lat: number; lng: number }, meters: number): BBox {
  const dLat = meters / 111_000;
  const dLng = dLat / Math.cos((point.lat * Math.PI) / 180);
  return {
    west: point.lng - dLng,
    south: point.lat - dLat,
    east: point.lng + dLng,
    north: point.lat + dLat,
  };
}

/** `W,S,E,N` with five decimals (about a metre), as the map writes a view into an address. */
export function formatBBox(box: BBox): string {
  return [box.west, box.south, box.east, box.north].map((n) => n.toFixed(5)).join(",");
}

/** Parses `W,S,E,N`; null when it is not four finite numbers in range with W<E and S<N. */
export function parseBBox(value: string | null): BBox | null {
  if (!value) return null;
  const parts = value.split(",");
  if (parts.length !== 4 || parts.some((p) => p.trim() === "")) return null;
  const [west, south, east, north] = parts.map(Number);
  if (![west, south, east, north].every(Number.isFinite)) return null;
  if (west < -180 || east > 180 || south < -90 || north > 90) return null;
  if (west >= east || south >= north) return null;
  return { west, south, east, north };
}
