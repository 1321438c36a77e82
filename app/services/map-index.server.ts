// Server-side clustering for /api/map: a grid index per zoom level, kept in memory and updated
// idea by idea (O(zoom levels) per write, no rebuild). Cells are 64 screen pixels wide at their
// zoom; a cell with several matching ideas is a cluster at their centroid, a cell with one is that
// idea. Cells on the edge of the viewport are counted idea by idea, so the counts always add up
// to exactly the matching ideas inside the box. Why not a library index: docs/decisions/006.
import { FOCUS_AREAS, type FocusArea } from "~/domain/focus-areas";
import type { BBox } from "~/domain/geo";
import {
  ftsQuery,
  mapIdeaById,
  mapIdeasAfter,
  matchingIdeaIds,
  type IdeaFilter,
  type MapIdea,
} from "~/models/ideas.server";

export const MAX_FEATURES = 5000;
/** At zooms above this every idea stands alone. */
export const MAX_CLUSTER_ZOOM = 16;
const CELL_SHIFT = 2; // 256-px tiles / 64-px cells = 2^2 cells per tile side
const TEXT_CACHE_SIZE = 16;

type Point = MapIdea & { focusIndex: number; x: number; y: number };

type Cell = {
  /** ideas per focus area (FOCUS_AREAS order) */
  counts: number[];
  sumLat: number[];
  sumLng: number[];
  /** a Set: adding and removing one idea is O(1) however big the cell (a z0 cell holds every idea) */
  ids: Set<number>;
};

/** Which ideas a filtered query keeps (text and stage filters; focus areas use the cell counts). */
export type Accept = (idea: Readonly<MapIdea>) => boolean;

export type ClusterProperties = {
  cluster: true;
  id: string;
  count: number;
  expansionZoom: number;
  focusCounts: Record<FocusArea, number>;
};
export type PointProperties = Omit<MapIdea, "lat" | "lng"> & { cluster?: false };
export type MapFeature = GeoJSON.Feature<GeoJSON.Point, PointProperties | ClusterProperties>;

/** Web-Mercator world coordinates in [0, 1). */
function project(lat: number, lng: number) {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return { x: lng / 360 + 0.5, y: Math.min(Math.max(y, 0), 1) };
}

const focusIndexOf = new Map<FocusArea, number>(FOCUS_AREAS.map((f, i) => [f, i]));

export class GridIndex {
  private readonly levels: Map<number, Cell>[] = Array.from(
    { length: MAX_CLUSTER_ZOOM + 1 },
    () => new Map(),
  );
  private readonly points = new Map<number, Point>();

  constructor(ideas: Iterable<MapIdea> = []) {
    for (const idea of ideas) this.upsert(idea);
  }

  get size() {
    return this.points.size;
  }

  private static cellsPerSide(z: number) {
    return 2 ** (z + CELL_SHIFT);
  }

  private static key(z: number, cx: number, cy: number) {
    return cy * GridIndex.cellsPerSide(z) + cx;
  }

  upsert(idea: MapIdea) {
    const existing = this.points.get(idea.id);
    if (
      existing &&
      existing.lat === idea.lat &&
      existing.lng === idea.lng &&
      existing.focusArea === idea.focusArea
    ) {
      Object.assign(existing, idea); // title, supports, stage: the cells do not change
      return;
    }
    if (existing) this.remove(idea.id);
    const { x, y } = project(idea.lat, idea.lng);
    const point: Point = { ...idea, focusIndex: focusIndexOf.get(idea.focusArea) ?? 0, x, y };
    this.points.set(idea.id, point);
    for (let z = 0; z <= MAX_CLUSTER_ZOOM; z++) {
      const n = GridIndex.cellsPerSide(z);
      const key = GridIndex.key(z, Math.floor(x * n), Math.floor(y * n));
      let cell = this.levels[z].get(key);
      if (!cell) {
        cell = { counts: [0, 0, 0, 0], sumLat: [0, 0, 0, 0], sumLng: [0, 0, 0, 0], ids: new Set() };
        this.levels[z].set(key, cell);
      }
      cell.counts[point.focusIndex] += 1;
      cell.sumLat[point.focusIndex] += point.lat;
      cell.sumLng[point.focusIndex] += point.lng;
      cell.ids.add(point.id);
    }
  }

  remove(id: number) {
    const point = this.points.get(id);
    if (!point) return;
    this.points.delete(id);
    for (let z = 0; z <= MAX_CLUSTER_ZOOM; z++) {
      const n = GridIndex.cellsPerSide(z);
      const key = GridIndex.key(z, Math.floor(point.x * n), Math.floor(point.y * n));
      const cell = this.levels[z].get(key);
      if (!cell) continue;
      cell.counts[point.focusIndex] -= 1;
      cell.sumLat[point.focusIndex] -= point.lat;
      cell.sumLng[point.focusIndex] -= point.lng;
      cell.ids.delete(id);
      if (cell.ids.size === 0) this.levels[z].delete(key);
    }
  }

  /**
   * Clusters and single ideas in the box; never more than MAX_FEATURES (coarser zoom if needed).
   * A `filter` (text, stage) is answered from its candidates alone — the ids a text search found,
   * or every idea for a stage — binned into cells at the zoom asked: no index is built for it.
   */
  query(
    bbox: BBox,
    zoom: number,
    focusAreas?: readonly FocusArea[],
    filter?: { candidates: readonly number[] | null; accept?: Accept },
  ): MapFeature[] {
    const wanted = [false, false, false, false];
    if (focusAreas?.length) for (const f of focusAreas) wanted[focusIndexOf.get(f) ?? 0] = true;
    else wanted.fill(true);
    let z = Math.max(0, Math.min(Math.floor(zoom), MAX_CLUSTER_ZOOM + 1));
    for (;;) {
      const features = filter
        ? this.matchingIn(bbox, z, wanted, filter.candidates, filter.accept)
        : z > MAX_CLUSTER_ZOOM
          ? this.pointsIn(bbox, wanted)
          : this.cellsIn(bbox, z, wanted);
      if (features !== null && (features.length <= MAX_FEATURES || z === 0)) {
        return z > MAX_CLUSTER_ZOOM ? features : mergeCrowded(features, z);
      }
      z -= 1;
    }
  }

  private inBox(p: Point, box: { x0: number; x1: number; y0: number; y1: number }) {
    return p.x >= box.x0 && p.x <= box.x1 && p.y >= box.y0 && p.y <= box.y1;
  }

  private worldBox(bbox: BBox) {
    const nw = project(bbox.north, bbox.west);
    const se = project(bbox.south, bbox.east);
    return { x0: nw.x, x1: se.x, y0: nw.y, y1: se.y };
  }

  /** Every matching idea in the box, or null when there are more than MAX_FEATURES. */
  private pointsIn(bbox: BBox, wanted: boolean[]): MapFeature[] | null {
    const box = this.worldBox(bbox);
    const out: MapFeature[] = [];
    for (const cell of this.cellsCovering(box, MAX_CLUSTER_ZOOM)) {
      for (const id of cell.ids) {
        const p = this.points.get(id)!;
        if (!wanted[p.focusIndex] || !this.inBox(p, box)) continue;
        out.push(pointFeature(p));
        if (out.length > MAX_FEATURES) return null;
      }
    }
    return out;
  }

  private *cellsCovering(
    box: { x0: number; x1: number; y0: number; y1: number },
    z: number,
  ): Generator<Cell> {
    const n = GridIndex.cellsPerSide(z);
    const cx0 = Math.floor(box.x0 * n);
    const cx1 = Math.min(n - 1, Math.floor(box.x1 * n));
    const cy0 = Math.floor(box.y0 * n);
    const cy1 = Math.min(n - 1, Math.floor(box.y1 * n));
    const level = this.levels[z];
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > level.size) {
      // A box larger than the occupied cells: walk the occupied cells instead.
      for (const [key, cell] of level) {
        const cx = key % n;
        const cy = Math.floor(key / n);
        if (cx >= cx0 && cx <= cx1 && cy >= cy0 && cy <= cy1) yield cell;
      }
      return;
    }
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const cell = level.get(GridIndex.key(z, cx, cy));
        if (cell) yield cell;
      }
    }
  }

  private cellsIn(bbox: BBox, z: number, wanted: boolean[]): MapFeature[] {
    const box = this.worldBox(bbox);
    const n = GridIndex.cellsPerSide(z);
    const out: MapFeature[] = [];
    for (const cell of this.cellsCovering(box, z)) {
      const first = this.points.get(cell.ids.values().next().value as number)!;
      const cx = Math.floor(first.x * n);
      const cy = Math.floor(first.y * n);
      const inside =
        cx / n >= box.x0 && (cx + 1) / n <= box.x1 && cy / n >= box.y0 && (cy + 1) / n <= box.y1;
      let counts: number[];
      let sumLat: number[];
      let sumLng: number[];
      let members: number[] | null = null;
      if (inside) {
        ({ counts, sumLat, sumLng } = cell);
      } else {
        // On the edge of the box: count only the ideas inside it.
        counts = [0, 0, 0, 0];
        sumLat = [0, 0, 0, 0];
        sumLng = [0, 0, 0, 0];
        members = [];
        for (const id of cell.ids) {
          const p = this.points.get(id)!;
          if (!this.inBox(p, box)) continue;
          counts[p.focusIndex] += 1;
          sumLat[p.focusIndex] += p.lat;
          sumLng[p.focusIndex] += p.lng;
          members.push(id);
        }
      }
      let count = 0;
      let lat = 0;
      let lng = 0;
      for (let f = 0; f < 4; f++) {
        if (!wanted[f]) continue;
        count += counts[f];
        lat += sumLat[f];
        lng += sumLng[f];
      }
      if (count === 0) continue;
      if (count === 1) {
        out.push(pointFeature(this.firstWanted(members ?? cell.ids, wanted)));
        continue;
      }
      const focusCounts = Object.fromEntries(
        FOCUS_AREAS.map((f, i) => [f, wanted[i] ? counts[i] : 0]),
      ) as Record<FocusArea, number>;
      out.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [lng / count, lat / count] },
        properties: {
          cluster: true,
          id: `c${z}-${cx}-${cy}`,
          count,
          expansionZoom: members
            ? this.expansionZoomOf(members, z, wanted)
            : this.expansionZoom(z, cx, cy, wanted),
          focusCounts,
        },
      });
    }
    return out;
  }

  /**
   * The filtered answer at zoom `z` (above MAX_CLUSTER_ZOOM: single ideas, or null past
   * MAX_FEATURES): the candidates in the box that `accept` keeps, binned by cell. O(candidates).
   */
  private matchingIn(
    bbox: BBox,
    z: number,
    wanted: boolean[],
    candidates: readonly number[] | null,
    accept?: Accept,
  ): MapFeature[] | null {
    const box = this.worldBox(bbox);
    const kept: Point[] = [];
    const keep = (p: Point | undefined) => {
      if (p && wanted[p.focusIndex] && this.inBox(p, box) && (!accept || accept(p))) kept.push(p);
    };
    if (candidates && candidates.length < this.points.size / 8) {
      for (const id of candidates) keep(this.points.get(id));
    } else if (candidates) {
      // Many candidates: one pass in order over every idea, with the candidates marked in a byte
      // array, beats looking each one up (on this machine a random look-up in a Map of 100,000
      // costs ~1 µs in cache misses; a pass in order ~0.3 µs an idea).
      let largest = 0;
      for (const id of candidates) if (id > largest) largest = id;
      const marked = new Uint8Array(largest + 1);
      for (const id of candidates) marked[id] = 1;
      for (const p of this.points.values()) if (marked[p.id] === 1) keep(p);
    } else {
      for (const p of this.points.values()) keep(p);
    }

    if (z > MAX_CLUSTER_ZOOM) return kept.length > MAX_FEATURES ? null : kept.map(pointFeature);
    const n = GridIndex.cellsPerSide(z);
    const bins = new Map<number, Bin>();
    for (const p of kept) {
      const cx = Math.floor(p.x * n);
      const cy = Math.floor(p.y * n);
      const key = cy * n + cx;
      const bin = bins.get(key);
      if (!bin) {
        bins.set(key, {
          cx,
          cy,
          first: p,
          count: 1,
          counts: FOCUS_AREAS.map((_, f) => (f === p.focusIndex ? 1 : 0)),
          lat: p.lat,
          lng: p.lng,
          x0: p.x,
          x1: p.x,
          y0: p.y,
          y1: p.y,
        });
        continue;
      }
      bin.count += 1;
      bin.counts[p.focusIndex] += 1;
      bin.lat += p.lat;
      bin.lng += p.lng;
      if (p.x < bin.x0) bin.x0 = p.x;
      if (p.x > bin.x1) bin.x1 = p.x;
      if (p.y < bin.y0) bin.y0 = p.y;
      if (p.y > bin.y1) bin.y1 = p.y;
    }
    const out: MapFeature[] = [];
    for (const bin of bins.values()) {
      if (bin.count === 1) {
        out.push(pointFeature(bin.first));
        continue;
      }
      out.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [bin.lng / bin.count, bin.lat / bin.count] },
        properties: {
          cluster: true,
          id: `c${z}-${bin.cx}-${bin.cy}`,
          count: bin.count,
          expansionZoom: spreadZoom(bin, z),
          focusCounts: Object.fromEntries(FOCUS_AREAS.map((f, i) => [f, bin.counts[i]])) as Record<
            FocusArea,
            number
          >,
        },
      });
    }
    return out;
  }

  private firstWanted(ids: Iterable<number>, wanted: boolean[]): Point {
    for (const id of ids) {
      const p = this.points.get(id)!;
      if (wanted[p.focusIndex]) return p;
    }
    throw new Error("a cell counted an idea it does not hold");
  }

  /**
   * The same for a cluster of some of a cell's ideas (an edge cell, or a filtered query): the first
   * zoom at which the wanted ones among `members` fall into two cells, from their extent: one pass
   * over the members, then a look per zoom.
   */
  private expansionZoomOf(members: readonly number[], z: number, wanted: boolean[]) {
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const id of members) {
      const p = this.points.get(id)!;
      if (!wanted[p.focusIndex]) continue;
      x0 = Math.min(x0, p.x);
      x1 = Math.max(x1, p.x);
      y0 = Math.min(y0, p.y);
      y1 = Math.max(y1, p.y);
    }
    return spreadZoom({ x0, x1, y0, y1 }, z);
  }

  /**
   * The first zoom at which this cluster's ideas no longer share one cell: walk down the cell's
   * children (each cell has four at the next zoom) while the matching ideas stay in one of them.
   * O(zoom levels), whatever the number of ideas.
   */
  private expansionZoom(z: number, cx: number, cy: number, wanted: boolean[]) {
    let x = cx;
    let y = cy;
    for (let next = z + 1; next <= MAX_CLUSTER_ZOOM; next++) {
      let occupied = 0;
      let onlyX = 0;
      let onlyY = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const child = this.levels[next].get(GridIndex.key(next, 2 * x + dx, 2 * y + dy));
          if (child && child.counts.some((c, f) => c > 0 && wanted[f])) {
            occupied += 1;
            onlyX = 2 * x + dx;
            onlyY = 2 * y + dy;
          }
        }
      }
      if (occupied !== 1) return next;
      x = onlyX;
      y = onlyY;
    }
    return MAX_CLUSTER_ZOOM + 1;
  }
}

/** A filtered cluster: its ideas' counts and sums, and the extent of their points. */
type Bin = {
  cx: number;
  cy: number;
  first: Point;
  count: number;
  counts: number[];
  lat: number;
  lng: number;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
};

/** The first zoom at which the points spanning this extent no longer share one cell. */
function spreadZoom(bin: Pick<Bin, "x0" | "x1" | "y0" | "y1">, z: number): number {
  for (let next = z + 1; next <= MAX_CLUSTER_ZOOM; next++) {
    const n = 2 ** (next + CELL_SHIFT);
    if (
      Math.floor(bin.x0 * n) !== Math.floor(bin.x1 * n) ||
      Math.floor(bin.y0 * n) !== Math.floor(bin.y1 * n)
    )
      return next;
  }
  return MAX_CLUSTER_ZOOM + 1;
}

/** Markers closer than this on screen are merged: two grid cells can put clusters side by side. */
const MIN_MARKER_DISTANCE_PX = 48;

/**
 * Merges features whose markers would touch on screen at zoom `z` (cells are a grid, so two
 * clusters can sit on either side of a cell edge). Counts are summed, so they still add up; the
 * position is the count-weighted centroid. Keeps markers apart enough to tap one at a time.
 */
export function mergeCrowded(features: MapFeature[], z: number): MapFeature[] {
  const scale = 256 * 2 ** z;
  const cellSize = MIN_MARKER_DISTANCE_PX;
  type Group = { x: number; y: number; members: MapFeature[]; count: number };
  const groups: Group[] = [];
  const buckets = new Map<string, Group[]>();
  const weight = (f: MapFeature) => (f.properties.cluster ? f.properties.count : 1);
  // Biggest first, so that small neighbours join the big cluster rather than the reverse.
  const sorted = [...features].sort((a, b) => weight(b) - weight(a));
  for (const f of sorted) {
    const [lng, lat] = f.geometry.coordinates;
    const { x: wx, y: wy } = project(lat, lng);
    const x = wx * scale;
    const y = wy * scale;
    const bx = Math.floor(x / cellSize);
    const by = Math.floor(y / cellSize);
    let target: Group | undefined;
    for (let dy = -1; dy <= 1 && !target; dy++) {
      for (let dx = -1; dx <= 1 && !target; dx++) {
        target = buckets
          .get(`${bx + dx}:${by + dy}`)
          ?.find((g) => Math.hypot(g.x - x, g.y - y) < MIN_MARKER_DISTANCE_PX);
      }
    }
    if (target) {
      target.members.push(f);
      target.count += weight(f);
      continue;
    }
    const group: Group = { x, y, members: [f], count: weight(f) };
    groups.push(group);
    const key = `${bx}:${by}`;
    buckets.set(key, [...(buckets.get(key) ?? []), group]);
  }
  return groups.map((g) => {
    if (g.members.length === 1) return g.members[0];
    let lat = 0;
    let lng = 0;
    const focusCounts = Object.fromEntries(FOCUS_AREAS.map((f) => [f, 0])) as Record<
      FocusArea,
      number
    >;
    let expansionZoom = MAX_CLUSTER_ZOOM + 1;
    for (const m of g.members) {
      const w = weight(m);
      lng += m.geometry.coordinates[0] * w;
      lat += m.geometry.coordinates[1] * w;
      if (m.properties.cluster) {
        for (const f of FOCUS_AREAS) focusCounts[f] += m.properties.focusCounts[f];
        expansionZoom = Math.min(expansionZoom, m.properties.expansionZoom);
      } else {
        focusCounts[m.properties.focusArea] += 1;
      }
    }
    const first = g.members[0].properties;
    return {
      type: "Feature",
      geometry: { type: "Point", coordinates: [lng / g.count, lat / g.count] },
      properties: {
        cluster: true,
        id: `${first.cluster ? first.id : `i${first.id}`}+${g.members.length}`,
        count: g.count,
        // Neighbours split one zoom further in, at the latest.
        expansionZoom: Math.min(expansionZoom, z + 1),
        focusCounts,
      },
    };
  });
}

function pointFeature(p: Point): MapFeature {
  return {
    type: "Feature",
    geometry: { type: "Point", coordinates: [p.lng, p.lat] },
    properties: {
      id: p.id,
      title: p.title,
      focusArea: p.focusArea,
      supports: p.supports,
      stage: p.stage,
    },
  };
}

// One index for all visible ideas. Focus areas are answered from its cell counts; stage and text
// filters by keeping ideas one by one (`Accept`), the text's matching ids coming from the full-text
// index once per search and write (a small cache). No filter builds an index of its own: that cost
// seconds at 100,000 ideas for a common word (issue 14).
const state = globalThis as unknown as {
  __mapIndex?: {
    main: GridIndex | null;
    /** an index being built a slice at a time, and the last id read into it */
    partial: { index: GridIndex; after: number; done: Promise<void> } | null;
    texts: Map<string, { version: number; ids: readonly number[] }>;
    version: number;
  };
};
const store = (state.__mapIndex ??= { main: null, partial: null, texts: new Map(), version: 0 });

/** Ideas read per slice while building: ~13 ms of work on the development machine. */
const BUILD_SLICE = 500;

/** Reads the next slice into the index being built; true when there is nothing more to read. */
function buildSlice(partial: NonNullable<typeof store.partial>): boolean {
  const slice = mapIdeasAfter(partial.after, BUILD_SLICE);
  for (const idea of slice) partial.index.upsert(idea);
  if (slice.length > 0) partial.after = slice[slice.length - 1].id;
  if (slice.length === BUILD_SLICE) return false;
  if (store.partial === partial) {
    store.main = partial.index;
    store.partial = null;
    store.version += 1;
  }
  return true;
}

/**
 * Starts building the index (once), a slice at a time with the event loop free between slices, so
 * that a server with a million ideas answers other requests at once. Resolves when it is ready.
 */
export function warmMapIndex(): Promise<void> {
  if (store.main) return Promise.resolve();
  if (store.partial) return store.partial.done;
  const partial = { index: new GridIndex(), after: 0, done: Promise.resolve() };
  store.partial = partial;
  partial.done = (async () => {
    while (store.partial === partial && !buildSlice(partial)) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  })();
  return partial.done;
}

/** The index, finishing a build in progress (or building it) at once when asked synchronously. */
function mainIndex(): GridIndex {
  if (store.main) return store.main;
  const partial = store.partial ?? { index: new GridIndex(), after: 0, done: Promise.resolve() };
  store.partial = partial;
  while (!buildSlice(partial));
  return store.main ?? partial.index;
}

/** The ids of the ideas (in any state) a full-text query matches, cached until the next write. */
function textMatches(match: string): readonly number[] {
  const cached = store.texts.get(match);
  if (cached && cached.version === store.version) {
    store.texts.delete(match);
    store.texts.set(match, cached);
    return cached.ids;
  }
  const ids = matchingIdeaIds(match);
  store.texts.delete(match);
  if (store.texts.size >= TEXT_CACHE_SIZE)
    store.texts.delete(store.texts.keys().next().value as string);
  store.texts.set(match, { version: store.version, ids });
  return ids;
}

/** The features for a viewport: clusters and single ideas whose counts add up to every match. */
export function ideasInViewport(filter: IdeaFilter, bbox: BBox, zoom: number): MapFeature[] {
  const stages = filter.stages?.length ? new Set<string | null>(filter.stages) : null;
  const match = ftsQuery(filter.q);
  if (!stages && !match) return mainIndex().query(bbox, zoom, filter.focusAreas);
  return mainIndex().query(bbox, zoom, filter.focusAreas, {
    candidates: match ? textMatches(match) : null,
    accept: stages ? (idea) => stages.has(idea.stage) : undefined,
  });
}

/** Re-reads these ideas and puts them on (or takes them off) the map. Call after any write. */
export function refreshIdeas(ids: readonly number[]) {
  // While the index is being built, the write goes into it too (a later slice may read the same
  // idea again: upsert and remove are idempotent).
  const index = store.main ?? store.partial?.index;
  if (!index) return void (store.version += 1);
  for (const id of ids) {
    const idea = mapIdeaById(id);
    if (idea) index.upsert(idea);
    else index.remove(id);
  }
  store.version += 1;
}

/** Waits while the index is being built (the map's answers do; nothing else needs it). */
export function mapIndexReady(): Promise<void> {
  return store.main ? Promise.resolve() : warmMapIndex();
}

/** Changes every cached answer; for bulk changes, rebuilds from the database. */
export function invalidateMapIndex() {
  store.main = null;
  store.partial = null;
  store.texts.clear();
  store.version += 1;
}

/** Changes whenever anything on the map may have changed (for ETags). */
export function mapIndexVersion() {
  return store.version;
}
