// Server-side clustering for /api/map: one supercluster index per filter, built from the database
// and kept in a small cache that any write invalidates (issue 4 makes updates incremental).
import Supercluster from "supercluster";
import { FOCUS_AREAS, type FocusArea } from "~/domain/focus-areas";
import type { BBox } from "~/domain/geo";
import { mapIdeas, type IdeaFilter, type MapIdea } from "~/models/ideas.server";

export const MAX_FEATURES = 5000;
const MAX_CLUSTER_ZOOM = 16;
const CACHE_SIZE = 16;

type PointProps = Omit<MapIdea, "lat" | "lng">;
// Flat numbers, not a nested object: supercluster copies cluster properties shallowly.
type ClusterProps = Record<FocusArea, number>;
type Index = Supercluster<PointProps, ClusterProps>;

export type MapFeature = GeoJSON.Feature<
  GeoJSON.Point,
  | (PointProps & { cluster?: false })
  | { cluster: true; id: string; count: number; expansionZoom: number; focusCounts: Record<FocusArea, number> }
>;

const state = globalThis as unknown as {
  __mapIndexCache?: Map<string, Index>;
};
const cache = (state.__mapIndexCache ??= new Map());

function cacheKey(filter: IdeaFilter) {
  return JSON.stringify([
    [...(filter.focusAreas ?? [])].sort(),
    [...(filter.stages ?? [])].sort(),
    filter.q?.trim().toLowerCase() ?? "",
  ]);
}

function buildIndex(filter: IdeaFilter): Index {
  const index: Index = new Supercluster<PointProps, ClusterProps>({
    radius: 60,
    maxZoom: MAX_CLUSTER_ZOOM,
    map: (p) => Object.fromEntries(FOCUS_AREAS.map((f) => [f, p.focusArea === f ? 1 : 0])) as ClusterProps,
    reduce: (acc, p) => {
      for (const f of FOCUS_AREAS) acc[f] += p[f];
    },
  });
  index.load(
    mapIdeas(filter).map(({ lat, lng, ...props }) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [lng, lat] },
      properties: props,
    })),
  );
  return index;
}

function indexFor(filter: IdeaFilter): Index {
  const key = cacheKey(filter);
  let index = cache.get(key);
  if (index) {
    cache.delete(key); // re-insert: most recently used last
  } else {
    index = buildIndex(filter);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, index);
  return index;
}

/** Builds the unfiltered index ahead of the first visitor (called once the server listens). */
export function warmMapIndex() {
  indexFor({});
}

/** Call after any write that changes what the map shows. */
export function invalidateMapIndex() {
  cache.clear();
}

/**
 * The features for a viewport: clusters and single ideas. Never more than MAX_FEATURES; when a
 * zoom would give more, a coarser zoom is used, so the counts still add up to every match.
 */
export function ideasInViewport(filter: IdeaFilter, bbox: BBox, zoom: number): MapFeature[] {
  const index = indexFor(filter);
  let z = Math.max(0, Math.min(Math.floor(zoom), MAX_CLUSTER_ZOOM + 1));
  for (;;) {
    const raw = index.getClusters([bbox.west, bbox.south, bbox.east, bbox.north], z);
    if (raw.length <= MAX_FEATURES || z === 0) {
      return raw.map((f) => toFeature(index, f));
    }
    z -= 1;
  }
}

function toFeature(
  index: Index,
  f: Supercluster.ClusterFeature<ClusterProps> | Supercluster.PointFeature<PointProps>,
): MapFeature {
  const geometry = { type: "Point" as const, coordinates: f.geometry.coordinates };
  if ("cluster" in f.properties && f.properties.cluster) {
    const p = f.properties as Supercluster.ClusterProperties & ClusterProps;
    return {
      type: "Feature",
      geometry,
      properties: {
        cluster: true,
        id: `c${p.cluster_id}`,
        count: p.point_count,
        expansionZoom: Math.min(index.getClusterExpansionZoom(p.cluster_id), MAX_CLUSTER_ZOOM + 1),
        focusCounts: Object.fromEntries(FOCUS_AREAS.map((f) => [f, p[f]])) as ClusterProps,
      },
    };
  }
  return { type: "Feature", geometry, properties: f.properties as PointProps };
}
