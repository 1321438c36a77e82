// The features of /api/map as the map reads them, the grid cells its clusters are named after, and
// what the map draws while it keeps an idea whose popup is open: the same answer, that idea counted
// once. Pure, shared by the map index (server) and the map (client).
import { type FocusArea, type Stage } from "./focus-areas";
import type { BBox } from "./geo";
import { parseIdeaFilter } from "./idea-filter";

/** Cells are 64 screen pixels wide at their zoom: 256-px tiles / 64-px cells = 2^2 cells per tile side. */
export const CELL_SHIFT = 2;

export type MapPointProperties = {
  cluster?: false;
  id: number;
  title: string;
  focusArea: FocusArea;
  supports: number;
  stage: Stage | null;
};
export type ClusterProperties = {
  cluster: true;
  /** "c{zoom}-{x}-{y}", its grid cell; or, merged on screen, its members' ids ("c…" or "i{idea id}") joined by "+" */
  id: string;
  count: number;
  expansionZoom: number;
  focusCounts: Record<FocusArea, number>;
};
export type MapFeature = GeoJSON.Feature<GeoJSON.Point, MapPointProperties | ClusterProperties>;

/** Web-Mercator world coordinates in [0, 1). */
export function project(lat: number, lng: number) {
  return { x: lng / 360 + 0.5, y: projectY(lat) };
}

/** The world y of a latitude (x is lng / 360 + 0.5). */
export function projectY(lat: number) {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return Math.min(Math.max(y, 0), 1);
}

export const cellId = (z: number, cx: number, cy: number) => `c${z}-${cx}-${cy}`;

/** Whether a cluster's cells (or its merged ideas) take in this idea. */
function clusterHolds(id: string, idea: KeptIdea) {
  const { x, y } = project(idea.lat, idea.lng);
  return id.split("+").some((part) => {
    if (part === `i${idea.id}`) return true;
    const cell = /^c(\d+)-(\d+)-(\d+)$/.exec(part);
    if (!cell) return false;
    const n = 2 ** (Number(cell[1]) + CELL_SHIFT);
    return Math.floor(x * n) === Number(cell[2]) && Math.floor(y * n) === Number(cell[3]);
  });
}

export type KeptIdea = Pick<MapPointProperties, "id" | "focusArea"> & { lat: number; lng: number };

/**
 * The answer for `bbox` as drawn while `kept` stays on the map as itself (its popup is open): the
 * cluster that counts it counts one less, at the centroid of the ideas left in it. One left is a
 * cluster of 1 (the answer has its place and focus area, not its title); none left, no cluster.
 * An idea outside the box, or drawn as itself, is in no cluster: the answer stays as it was.
 */
export function withoutKeptIdea(features: MapFeature[], kept: KeptIdea, bbox: BBox): MapFeature[] {
  const { lat, lng } = kept;
  if (lng < bbox.west || lng > bbox.east || lat < bbox.south || lat > bbox.north) return features;
  if (features.some((f) => !f.properties.cluster && f.properties.id === kept.id)) return features;
  const at = features.findIndex(
    ({ properties: p }) =>
      p.cluster && p.focusCounts[kept.focusArea] > 0 && clusterHolds(p.id, kept),
  );
  if (at === -1) return features;
  const feature = features[at];
  const p = feature.properties as ClusterProperties;
  const count = p.count - 1;
  const [x, y] = feature.geometry.coordinates;
  const rest: MapFeature[] =
    count < 1
      ? []
      : [
          {
            ...feature,
            geometry: {
              type: "Point",
              coordinates: [(x * p.count - lng) / count, (y * p.count - lat) / count],
            },
            properties: {
              ...p,
              count,
              focusCounts: {
                ...p.focusCounts,
                [kept.focusArea]: p.focusCounts[kept.focusArea] - 1,
              },
            },
          },
        ];
  return [...features.slice(0, at), ...rest, ...features.slice(at + 1)];
}

/**
 * Whether an idea drawn as itself under the filter `seenWith` (a query string) is still counted
 * by the answer to `askedWith`. A new text cannot be told from here: then it is taken as not
 * counted (the cluster keeps its count).
 */
export function keptIdeaMatches(
  idea: Pick<MapPointProperties, "focusArea" | "stage">,
  seenWith: string,
  askedWith: string,
) {
  if (seenWith === askedWith) return true;
  const seen = parseIdeaFilter(new URLSearchParams(seenWith));
  const asked = parseIdeaFilter(new URLSearchParams(askedWith));
  if (!seen.ok || !asked.ok || seen.filter.q !== asked.filter.q) return false;
  const { focusAreas, stages } = asked.filter;
  return (
    (focusAreas.length === 0 || focusAreas.includes(idea.focusArea)) &&
    (stages.length === 0 || (idea.stage !== null && stages.includes(idea.stage)))
  );
}
