// Server-side clustering for /api/map: a grid index per zoom level, kept in memory and updated
// idea by idea (O(zoom levels) per write, no rebuild). Cells are 64 screen pixels wide at their
// zoom; a cell with several matching ideas is a cluster at their centroid, a cell with one is that
// idea. Cells on the edge of the viewport are counted down their child cells to the ideas of the
// finest ones, so the counts always add up to exactly the matching ideas inside the box. Ideas
// and cells live in typed arrays (columns), not an object each: a million ideas are a few large
// arrays that the garbage collector does not walk. Why not a library index: docs/decisions/006.
import fs from "node:fs";
import { FOCUS_AREAS, STAGES, type FocusArea, type Stage } from "~/domain/focus-areas";
import type { BBox } from "~/domain/geo";
import {
  CELL_SHIFT,
  cellId,
  project,
  projectY,
  type ClusterProperties,
} from "~/domain/map-features";
import {
  ftsQuery,
  mapIdeaById,
  mapIdeasAfter,
  matchingIdeaIds,
  type IdeaFilter,
  type MapIdea,
  type MapIdeaRow,
} from "~/models/ideas.server";
import {
  mapIndexVersionNow,
  visibleIdeaTotals,
  type MapIndexVersion,
} from "~/models/map-index-version.server";
import { newestIdeaId } from "~/models/similar-ideas.server";
import {
  readSnapshot,
  SnapshotRejected,
  writeSnapshot,
  writeSnapshotSync,
  type SnapshotRead,
  type SnapshotVersion,
} from "~/services/map-index-snapshot.server";
import { log } from "~/utils/log.server";

export const MAX_FEATURES = 5000;
/** At zooms above this every idea stands alone. */
export const MAX_CLUSTER_ZOOM = 16;
const TEXT_CACHE_SIZE = 16;
const AREAS = FOCUS_AREAS.length;
/** The finest level: the only one whose cells know their ideas (a list through `next`/`prev`). */
const LEAF = MAX_CLUSTER_ZOOM;
const NONE = -1;

export type { ClusterProperties };
export type PointProperties = Omit<MapIdea, "lat" | "lng"> & { cluster?: false };
export type MapFeature = GeoJSON.Feature<GeoJSON.Point, PointProperties | ClusterProperties>;

const focusIndexOf = new Map<FocusArea, number>(FOCUS_AREAS.map((f, i) => [f, i]));
/** Stages as a byte: 0 for none, then STAGES' order. */
const stageCodeOf = new Map<Stage | null, number>([
  [null, 0],
  ...STAGES.map((s, i) => [s, i + 1] as const),
]);
const stageOfCode: (Stage | null)[] = [null, ...STAGES];

type Box = { x0: number; x1: number; y0: number; y1: number };

/** Where a cell lies against a box: wholly outside, across its edge, or wholly inside. */
const OUTSIDE = 0;
const ACROSS = 1;
const INSIDE = 2;

function cellsPerSide(z: number) {
  return 2 ** (z + CELL_SHIFT);
}

function cellAgainstBox(z: number, cx: number, cy: number, box: Box) {
  const n = cellsPerSide(z);
  // A cell holds the points with cx/n <= x < (cx+1)/n (and the same for y).
  if ((cx + 1) / n <= box.x0 || cx / n > box.x1 || (cy + 1) / n <= box.y0 || cy / n > box.y1)
    return OUTSIDE;
  if (cx / n >= box.x0 && (cx + 1) / n <= box.x1 && cy / n >= box.y0 && (cy + 1) / n <= box.y1)
    return INSIDE;
  return ACROSS;
}

/** A copy of `array` with room for `length` elements. */
function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}

/** The columns of a GridIndex by name, in a snapshot's order (decision 022). */
export type GridArrays = {
  slotById: Int32Array<ArrayBuffer>;
  ids: Int32Array<ArrayBuffer>;
  lat: Float64Array<ArrayBuffer>;
  lng: Float64Array<ArrayBuffer>;
  xs: Float64Array<ArrayBuffer>;
  ys: Float64Array<ArrayBuffer>;
  focus: Uint8Array<ArrayBuffer>;
  stage: Uint8Array<ArrayBuffer>;
  supports: Int32Array<ArrayBuffer>;
  next: Int32Array<ArrayBuffer>;
  prev: Int32Array<ArrayBuffer>;
  freePoints: Int32Array<ArrayBuffer>;
  cellCounts: Int32Array<ArrayBuffer>;
  cellLat: Float64Array<ArrayBuffer>;
  cellLng: Float64Array<ArrayBuffer>;
  cellHead: Int32Array<ArrayBuffer>;
  cellParent: Int32Array<ArrayBuffer>;
  cellKey: Float64Array<ArrayBuffer>;
  freeCells: Int32Array<ArrayBuffer>;
  /** per zoom from 0: the zoom, its number of cells, then their slots */
  levels: Int32Array<ArrayBuffer>;
};
/** Titles by idea slot (the live index's, or a snapshot's decoded when asked for). */
export type GridTitles = { title(s: number): string };
export type GridColumns = {
  count: number;
  /** idea slots in use (free ones included): the used length of each idea column */
  pointSlots: number;
  /** cell slots in use (free ones included) */
  cellSlots: number;
  titles: GridTitles;
  arrays: GridArrays;
};
/** The columns with a slot per idea (as long as the index's idea slots, at least). */
export const POINT_COLUMNS = [
  "ids",
  "lat",
  "lng",
  "xs",
  "ys",
  "focus",
  "stage",
  "supports",
  "next",
  "prev",
] as const;

/** Counts and coordinate sums per focus area of some ideas (a cell, or its part in a box). */
type Tally = { counts: number[]; sumLat: number[]; sumLng: number[] };
const emptyTally = (): Tally => ({
  counts: [0, 0, 0, 0],
  sumLat: [0, 0, 0, 0],
  sumLng: [0, 0, 0, 0],
});

export class GridIndex {
  /** per zoom: cell key (cy · cells per side + cx) → cell slot */
  private readonly levels: Map<number, number>[] = Array.from(
    { length: MAX_CLUSTER_ZOOM + 1 },
    () => new Map(),
  );

  // Cells, a slot each: per focus area the number of ideas and the sums of their coordinates, the
  // cell that holds it one zoom out; at the finest level also the first of its ideas. A removed
  // cell's slot is used again.
  private cellCounts = new Int32Array(0);
  private cellLat = new Float64Array(0);
  private cellLng = new Float64Array(0);
  private cellHead = new Int32Array(0);
  /** the slot of the cell one zoom out that holds this one (NONE at zoom 0) */
  private cellParent = new Int32Array(0);
  private cellKey = new Float64Array(0);
  private cellSlots = 0;
  private readonly freeCells: number[] = [];

  // Ideas, a slot each. `slotById[id]` is the slot + 1 (0: not on the map); ids are SQLite rowids,
  // dense from 1, so an array indexed by id is smaller and faster than a Map.
  private slotById = new Int32Array(0);
  private ids = new Int32Array(0);
  private lat = new Float64Array(0);
  private lng = new Float64Array(0);
  private xs = new Float64Array(0);
  private ys = new Float64Array(0);
  private focus = new Uint8Array(0);
  private stage = new Uint8Array(0);
  private supports = new Int32Array(0);
  /** undefined: the title is the snapshot's this index was read from (decoded when shown) */
  private titles: (string | undefined)[] = [];
  private savedTitles: GridTitles | null = null;
  /** the ideas of one finest cell, as a list: removal is O(1) however crowded the cell */
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private pointSlots = 0;
  private readonly freePoints: number[] = [];
  private count = 0;

  constructor(ideas: Iterable<MapIdea> = []) {
    for (const idea of ideas) this.upsert(idea);
  }

  get size() {
    return this.count;
  }

  private static key(z: number, cx: number, cy: number) {
    return cy * cellsPerSide(z) + cx;
  }

  private slotOf(id: number) {
    // Past the end (or not a whole number) a typed array gives undefined: not on the map.
    return (this.slotById[id] ?? 0) - 1;
  }

  private cellAt(z: number, cx: number, cy: number) {
    return this.levels[z].get(GridIndex.key(z, cx, cy)) ?? NONE;
  }

  upsert(idea: MapIdea) {
    this.place(
      idea.id,
      idea.title,
      focusIndexOf.get(idea.focusArea) ?? 0,
      idea.lat,
      idea.lng,
      idea.supports,
      stageCodeOf.get(idea.stage) ?? 0,
    );
  }

  /** The same from a row as SQLite gives it (the build: no object per idea). */
  upsertRow(row: MapIdeaRow) {
    const [id, title, focusArea, lat, lng, supports, stage] = row;
    const focusIndex = focusIndexOf.get(focusArea) ?? 0;
    this.place(id, title, focusIndex, lat, lng, supports, stageCodeOf.get(stage) ?? 0);
  }

  private place(
    id: number,
    title: string,
    focusIndex: number,
    lat: number,
    lng: number,
    supports: number,
    stageCode: number,
  ) {
    const existing = this.slotOf(id);
    if (
      existing !== NONE &&
      this.lat[existing] === lat &&
      this.lng[existing] === lng &&
      this.focus[existing] === focusIndex
    ) {
      this.describe(existing, title, supports, stageCode); // the cells do not change
      return;
    }
    if (existing !== NONE) this.remove(id);
    const s = this.newPoint(id);
    const x = lng / 360 + 0.5;
    const y = projectY(lat);
    this.lat[s] = lat;
    this.lng[s] = lng;
    this.xs[s] = x;
    this.ys[s] = y;
    this.focus[s] = focusIndex;
    this.describe(s, title, supports, stageCode);
    // The finest cell, and the coarser ones up to the first that exists already (from there on the
    // parents are linked): most ideas cost one hash look-up, not one per zoom.
    let leaf = NONE;
    let below = NONE;
    for (let z = LEAF; z >= 0; z--) {
      const n = cellsPerSide(z);
      const key = Math.floor(y * n) * n + Math.floor(x * n);
      const found = this.levels[z].get(key);
      const c = found ?? this.newCell(key);
      if (found === undefined) this.levels[z].set(key, c);
      if (below === NONE) leaf = c;
      else this.cellParent[below] = c;
      if (found !== undefined) break;
      below = c;
    }
    for (let c = leaf; c !== NONE; c = this.cellParent[c]) {
      this.cellCounts[c * AREAS + focusIndex] += 1;
      this.cellLat[c * AREAS + focusIndex] += lat;
      this.cellLng[c * AREAS + focusIndex] += lng;
    }
    const head = this.cellHead[leaf];
    this.next[s] = head;
    this.prev[s] = NONE;
    if (head !== NONE) this.prev[head] = s;
    this.cellHead[leaf] = s;
  }

  remove(id: number) {
    const s = this.slotOf(id);
    if (s === NONE) return;
    const at = this.focus[s];
    const n = cellsPerSide(LEAF);
    const leaf = this.levels[LEAF].get(Math.floor(this.ys[s] * n) * n + Math.floor(this.xs[s] * n));
    if (leaf === undefined) throw new Error("an idea outside the cells that hold it");
    if (this.prev[s] !== NONE) this.next[this.prev[s]] = this.next[s];
    else this.cellHead[leaf] = this.next[s];
    if (this.next[s] !== NONE) this.prev[this.next[s]] = this.prev[s];
    for (let c = leaf, z = LEAF; c !== NONE; z--) {
      const parent = this.cellParent[c];
      this.cellCounts[c * AREAS + at] -= 1;
      this.cellLat[c * AREAS + at] -= this.lat[s];
      this.cellLng[c * AREAS + at] -= this.lng[s];
      if (this.cellTotal(c) === 0) {
        this.levels[z].delete(this.cellKey[c]);
        this.freeCells.push(c);
      }
      c = parent;
    }
    this.slotById[id] = 0;
    this.ids[s] = 0;
    this.titles[s] = "";
    this.freePoints.push(s);
    this.count -= 1;
  }

  private describe(s: number, title: string, supports: number, stageCode: number) {
    this.titles[s] = title;
    this.supports[s] = supports;
    this.stage[s] = stageCode;
  }

  private newPoint(id: number) {
    if (id >= this.slotById.length)
      this.slotById = grown(this.slotById, Math.max(id + 1, this.slotById.length * 2, 1024));
    let s = this.freePoints.pop();
    if (s === undefined) {
      s = this.pointSlots++;
      if (s >= this.ids.length) this.growPoints(Math.max(1024, this.ids.length * 2));
    }
    this.slotById[id] = s + 1;
    this.ids[s] = id;
    this.count += 1;
    return s;
  }

  /**
   * Makes room for this many ideas with ids up to `largestId` at once: growing a million-idea index
   * by doubling copies every column, a pause of tens of milliseconds each time (the build).
   */
  reserve(ideas: number, largestId: number) {
    if (ideas > this.ids.length) this.growPoints(ideas);
    if (largestId >= this.slotById.length) this.slotById = grown(this.slotById, largestId + 1);
  }

  private growPoints(length: number) {
    this.ids = grown(this.ids, length);
    this.lat = grown(this.lat, length);
    this.lng = grown(this.lng, length);
    this.xs = grown(this.xs, length);
    this.ys = grown(this.ys, length);
    this.focus = grown(this.focus, length);
    this.stage = grown(this.stage, length);
    this.supports = grown(this.supports, length);
    this.next = grown(this.next, length);
    this.prev = grown(this.prev, length);
  }

  private newCell(key: number) {
    let c = this.freeCells.pop();
    if (c === undefined) {
      c = this.cellSlots++;
      if (c >= this.cellHead.length) {
        const length = Math.max(1024, this.cellHead.length * 2);
        this.cellCounts = grown(this.cellCounts, length * AREAS);
        this.cellLat = grown(this.cellLat, length * AREAS);
        this.cellLng = grown(this.cellLng, length * AREAS);
        this.cellHead = grown(this.cellHead, length);
        this.cellParent = grown(this.cellParent, length);
        this.cellKey = grown(this.cellKey, length);
      }
    }
    this.cellCounts.fill(0, c * AREAS, (c + 1) * AREAS);
    this.cellLat.fill(0, c * AREAS, (c + 1) * AREAS);
    this.cellLng.fill(0, c * AREAS, (c + 1) * AREAS);
    this.cellHead[c] = NONE;
    this.cellParent[c] = NONE;
    this.cellKey[c] = key;
    return c;
  }

  private cellTotal(c: number) {
    let total = 0;
    for (let f = 0; f < AREAS; f++) total += this.cellCounts[c * AREAS + f];
    return total;
  }

  /**
   * The index's columns as they are (views, no copy), for a snapshot (decision 022): per idea and
   * per cell the used part of each column, the free slots, and per zoom the slots of its cells
   * (a level's keys are the cells' `cellKey`).
   */
  columns(): GridColumns {
    const points = this.pointSlots;
    const cells = this.cellSlots;
    return {
      count: this.count,
      pointSlots: points,
      cellSlots: cells,
      titles: { title: (s) => this.titleOf(s) },
      arrays: {
        slotById: this.slotById,
        ids: this.ids.subarray(0, points),
        lat: this.lat.subarray(0, points),
        lng: this.lng.subarray(0, points),
        xs: this.xs.subarray(0, points),
        ys: this.ys.subarray(0, points),
        focus: this.focus.subarray(0, points),
        stage: this.stage.subarray(0, points),
        supports: this.supports.subarray(0, points),
        next: this.next.subarray(0, points),
        prev: this.prev.subarray(0, points),
        freePoints: Int32Array.from(this.freePoints),
        cellCounts: this.cellCounts.subarray(0, cells * AREAS),
        cellLat: this.cellLat.subarray(0, cells * AREAS),
        cellLng: this.cellLng.subarray(0, cells * AREAS),
        cellHead: this.cellHead.subarray(0, cells),
        cellParent: this.cellParent.subarray(0, cells),
        cellKey: this.cellKey.subarray(0, cells),
        freeCells: Int32Array.from(this.freeCells),
        levels: this.levelSlots(),
      },
    };
  }

  /** The ideas on the map and their supports in all (to check against the database). */
  totals() {
    let supports = 0;
    for (let s = 0; s < this.pointSlots; s++) if (this.ids[s] !== 0) supports += this.supports[s];
    return { ideas: this.count, supports };
  }

  /** Per zoom from 0: the zoom, its number of cells, then their slots. */
  private levelSlots() {
    const out = new Int32Array(this.levels.reduce((n, level) => n + 2 + level.size, 0));
    let at = 0;
    this.levels.forEach((level, z) => {
      out[at++] = z;
      out[at++] = level.size;
      for (const c of level.values()) out[at++] = c;
    });
    return out;
  }

  /**
   * An index from saved columns (a snapshot's). Arrays may be longer than used (room to grow):
   * `pointSlots` and `cellSlots` say how much is used. Throws when they do not fit together, so
   * that a damaged snapshot is never queried. Rebuilding the levels' maps is the only work; it
   * pauses now and then (`pause`) so that a server keeps answering meanwhile.
   */
  static async fromColumns(
    saved: GridColumns,
    pause: () => Promise<void> = async () => {},
  ): Promise<GridIndex> {
    const a = saved.arrays;
    const { pointSlots: points, cellSlots: cells } = saved;
    const fits = (array: { length: number }, length: number) => array.length >= length;
    for (const name of POINT_COLUMNS)
      if (!fits(a[name], points)) throw new Error(`snapshot column ${name} is too short`);
    for (const name of ["cellHead", "cellParent", "cellKey"] as const)
      if (!fits(a[name], cells)) throw new Error(`snapshot column ${name} is too short`);
    for (const name of ["cellCounts", "cellLat", "cellLng"] as const)
      if (!fits(a[name], cells * AREAS)) throw new Error(`snapshot column ${name} is too short`);
    const inRange = (array: Int32Array, length: number, low: number, high: number) => {
      for (let i = 0; i < length; i++) if (!(array[i] >= low && array[i] < high)) return false;
      return true;
    };
    for (const [array, length, low, high] of [
      [a.next, points, NONE, points],
      [a.prev, points, NONE, points],
      [a.cellHead, cells, NONE, points],
      [a.cellParent, cells, NONE, cells],
      [a.slotById, a.slotById.length, 0, points + 1],
      [a.freePoints, a.freePoints.length, 0, points],
      [a.freeCells, a.freeCells.length, 0, cells],
    ] as const) {
      if (!inRange(array, length, low, high))
        throw new Error("a snapshot column points outside the index");
      await pause();
    }
    for (let s = 0; s < points; s++)
      if (a.focus[s] >= AREAS || a.stage[s] >= stageOfCode.length)
        throw new Error("a snapshot idea has an unknown focus area or stage");

    const index = new GridIndex();
    index.slotById = a.slotById;
    index.ids = a.ids;
    index.lat = a.lat;
    index.lng = a.lng;
    index.xs = a.xs;
    index.ys = a.ys;
    index.focus = a.focus;
    index.stage = a.stage;
    index.supports = a.supports;
    index.next = a.next;
    index.prev = a.prev;
    index.titles = []; // holes: the snapshot's (a million holes at once cost 30–50 ms)
    index.savedTitles = saved.titles;
    index.pointSlots = points;
    for (const s of a.freePoints) index.freePoints.push(s);
    index.count = saved.count;
    index.cellCounts = a.cellCounts;
    index.cellLat = a.cellLat;
    index.cellLng = a.cellLng;
    index.cellHead = a.cellHead;
    index.cellParent = a.cellParent;
    index.cellKey = a.cellKey;
    index.cellSlots = cells;
    for (const c of a.freeCells) index.freeCells.push(c);
    // levels: [zoom, size, slot, slot, …] per zoom
    const levels = a.levels;
    let at = 0;
    for (let z = 0; z <= MAX_CLUSTER_ZOOM; z++) {
      if (levels[at] !== z || !(levels[at + 1] >= 0) || at + 2 + levels[at + 1] > levels.length)
        throw new Error("the snapshot's levels are damaged");
      const end = at + 2 + levels[at + 1];
      const level = index.levels[z];
      for (let i = at + 2; i < end; i++) {
        const c = levels[i];
        if (!(c >= 0 && c < cells)) throw new Error("a snapshot level names no cell");
        level.set(a.cellKey[c], c);
        if ((i & 0x1fff) === 0) await pause(); // ~8 ms of Map.set at a time here
      }
      at = end;
    }
    if (at !== levels.length) throw new Error("the snapshot's levels are damaged");
    return index;
  }

  private wantedIn(c: number, wanted: boolean[]) {
    let total = 0;
    for (let f = 0; f < AREAS; f++) if (wanted[f]) total += this.cellCounts[c * AREAS + f];
    return total;
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
    filter?: { candidates: readonly number[] | null; stages?: readonly Stage[] },
  ): MapFeature[] {
    const wanted = [false, false, false, false];
    if (focusAreas?.length) for (const f of focusAreas) wanted[focusIndexOf.get(f) ?? 0] = true;
    else wanted.fill(true);
    let z = Math.max(0, Math.min(Math.floor(zoom), MAX_CLUSTER_ZOOM + 1));
    for (;;) {
      const features = filter
        ? this.matchingIn(bbox, z, wanted, filter.candidates, filter.stages)
        : z > MAX_CLUSTER_ZOOM
          ? this.pointsIn(bbox, wanted)
          : this.cellsIn(bbox, z, wanted);
      if (features !== null && (features.length <= MAX_FEATURES || z === 0)) {
        return z > MAX_CLUSTER_ZOOM ? features : mergeCrowded(features, z);
      }
      z -= 1;
    }
  }

  private inBox(s: number, box: Box) {
    const x = this.xs[s];
    const y = this.ys[s];
    return x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1;
  }

  private worldBox(bbox: BBox): Box {
    const nw = project(bbox.north, bbox.west);
    const se = project(bbox.south, bbox.east);
    return { x0: nw.x, x1: se.x, y0: nw.y, y1: se.y };
  }

  /** Every matching idea in the box, or null when there are more than MAX_FEATURES. */
  private pointsIn(bbox: BBox, wanted: boolean[]): MapFeature[] | null {
    const box = this.worldBox(bbox);
    const out: MapFeature[] = [];
    let tooMany = false;
    this.forEachCell(box, LEAF, (_cx, _cy, c) => {
      for (let s = this.cellHead[c]; s !== NONE; s = this.next[s]) {
        if (!wanted[this.focus[s]] || !this.inBox(s, box)) continue;
        out.push(this.pointFeature(s));
        if (out.length > MAX_FEATURES) return !(tooMany = true);
      }
      return true;
    });
    return tooMany ? null : out;
  }

  /** Calls `visit` for each occupied cell at zoom `z` meeting the box, until it returns false. */
  private forEachCell(
    box: Box,
    z: number,
    visit: (cx: number, cy: number, c: number) => boolean,
  ): void {
    const n = cellsPerSide(z);
    const cx0 = Math.floor(box.x0 * n);
    const cx1 = Math.min(n - 1, Math.floor(box.x1 * n));
    const cy0 = Math.floor(box.y0 * n);
    const cy1 = Math.min(n - 1, Math.floor(box.y1 * n));
    const level = this.levels[z];
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > level.size) {
      // A box larger than the occupied cells: walk the occupied cells instead.
      for (const [key, c] of level) {
        const cx = key % n;
        const cy = Math.floor(key / n);
        if (cx >= cx0 && cx <= cx1 && cy >= cy0 && cy <= cy1 && !visit(cx, cy, c)) return;
      }
      return;
    }
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cx = cx0; cx <= cx1; cx++) {
        const c = level.get(GridIndex.key(z, cx, cy));
        if (c !== undefined && !visit(cx, cy, c)) return;
      }
    }
  }

  private cellsIn(bbox: BBox, z: number, wanted: boolean[]): MapFeature[] {
    const box = this.worldBox(bbox);
    const out: MapFeature[] = [];
    this.forEachCell(box, z, (cx, cy, c) => {
      const tally = emptyTally();
      if (cellAgainstBox(z, cx, cy, box) === INSIDE) this.addCell(tally, c);
      // On the edge of the box: count only the ideas inside it, down the child cells.
      else this.tallyInBox(tally, z, cx, cy, c, box);
      let count = 0;
      let lat = 0;
      let lng = 0;
      for (let f = 0; f < AREAS; f++) {
        if (!wanted[f]) continue;
        count += tally.counts[f];
        lat += tally.sumLat[f];
        lng += tally.sumLng[f];
      }
      if (count === 0) return true;
      if (count === 1) {
        out.push(this.pointFeature(this.firstInBox(z, cx, cy, c, box, wanted)));
        return true;
      }
      const focusCounts = Object.fromEntries(
        FOCUS_AREAS.map((f, i) => [f, wanted[i] ? tally.counts[i] : 0]),
      ) as Record<FocusArea, number>;
      out.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [lng / count, lat / count] },
        properties: {
          cluster: true,
          id: cellId(z, cx, cy),
          count,
          expansionZoom: this.expansionZoom(z, cx, cy, box, wanted),
          focusCounts,
        },
      });
      return true;
    });
    return out;
  }

  private addCell(tally: Tally, c: number) {
    for (let f = 0; f < AREAS; f++) {
      tally.counts[f] += this.cellCounts[c * AREAS + f];
      tally.sumLat[f] += this.cellLat[c * AREAS + f];
      tally.sumLng[f] += this.cellLng[c * AREAS + f];
    }
  }

  /**
   * Adds the ideas of cell `c` (at z, cx, cy) that lie in the box: its child cells wholly inside
   * by their totals, those across the edge the same way one zoom down, and at the finest zoom idea
   * by idea. The work grows with the box's edge, not with the ideas in the cell.
   */
  private tallyInBox(tally: Tally, z: number, cx: number, cy: number, c: number, box: Box) {
    if (z === LEAF) {
      for (let s = this.cellHead[c]; s !== NONE; s = this.next[s]) {
        if (!this.inBox(s, box)) continue;
        tally.counts[this.focus[s]] += 1;
        tally.sumLat[this.focus[s]] += this.lat[s];
        tally.sumLng[this.focus[s]] += this.lng[s];
      }
      return;
    }
    for (let dy = 0; dy < 2; dy++) {
      for (let dx = 0; dx < 2; dx++) {
        const child = this.cellAt(z + 1, 2 * cx + dx, 2 * cy + dy);
        if (child === NONE) continue;
        const where = cellAgainstBox(z + 1, 2 * cx + dx, 2 * cy + dy, box);
        if (where === INSIDE) this.addCell(tally, child);
        else if (where === ACROSS)
          this.tallyInBox(tally, z + 1, 2 * cx + dx, 2 * cy + dy, child, box);
      }
    }
  }

  /**
   * The slot of the first wanted idea of cell `c` inside the box, or NONE: down the first child
   * that holds one, to an idea of a finest cell. O(zoom levels) for a cell wholly inside the box.
   */
  private firstInBox(
    z: number,
    cx: number,
    cy: number,
    c: number,
    box: Box,
    wanted: boolean[],
  ): number {
    if (z === LEAF) {
      for (let s = this.cellHead[c]; s !== NONE; s = this.next[s])
        if (wanted[this.focus[s]] && this.inBox(s, box)) return s;
      return NONE;
    }
    for (let dy = 0; dy < 2; dy++) {
      for (let dx = 0; dx < 2; dx++) {
        const child = this.cellAt(z + 1, 2 * cx + dx, 2 * cy + dy);
        if (child === NONE || this.wantedIn(child, wanted) === 0) continue;
        if (cellAgainstBox(z + 1, 2 * cx + dx, 2 * cy + dy, box) === OUTSIDE) continue;
        const found = this.firstInBox(z + 1, 2 * cx + dx, 2 * cy + dy, child, box, wanted);
        if (found !== NONE) return found;
      }
    }
    return NONE;
  }

  /**
   * The first zoom at which this cluster's ideas (the wanted ones inside the box) no longer share
   * one cell: walk down the cell's children (each cell has four at the next zoom) while they stay
   * in one of them. O(zoom levels) for a cell wholly inside the box.
   */
  private expansionZoom(z: number, cx: number, cy: number, box: Box, wanted: boolean[]) {
    let x = cx;
    let y = cy;
    for (let next = z + 1; next <= MAX_CLUSTER_ZOOM; next++) {
      let occupied = 0;
      let onlyX = 0;
      let onlyY = 0;
      for (let dy = 0; dy < 2; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          const child = this.cellAt(next, 2 * x + dx, 2 * y + dy);
          if (child === NONE || this.wantedIn(child, wanted) === 0) continue;
          const where = cellAgainstBox(next, 2 * x + dx, 2 * y + dy, box);
          if (
            where === INSIDE ||
            (where === ACROSS &&
              this.firstInBox(next, 2 * x + dx, 2 * y + dy, child, box, wanted) !== NONE)
          ) {
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

  /**
   * The filtered answer at zoom `z` (above MAX_CLUSTER_ZOOM: single ideas, or null past
   * MAX_FEATURES): the candidates in the box of the stages asked, binned by cell. O(candidates).
   */
  private matchingIn(
    bbox: BBox,
    z: number,
    wanted: boolean[],
    candidates: readonly number[] | null,
    stages?: readonly Stage[],
  ): MapFeature[] | null {
    const box = this.worldBox(bbox);
    const stageWanted = new Uint8Array(stageOfCode.length).fill(stages?.length ? 0 : 1);
    for (const stage of stages ?? []) stageWanted[stageCodeOf.get(stage) ?? 0] = 1;
    const kept: number[] = [];
    const keep = (s: number) => {
      if (wanted[this.focus[s]] && stageWanted[this.stage[s]] === 1 && this.inBox(s, box))
        kept.push(s);
    };
    if (candidates) {
      for (const id of candidates) {
        const s = this.slotOf(id);
        if (s !== NONE) keep(s);
      }
    } else {
      for (let s = 0; s < this.pointSlots; s++) if (this.ids[s] !== 0) keep(s);
    }

    if (z > MAX_CLUSTER_ZOOM)
      return kept.length > MAX_FEATURES ? null : kept.map((s) => this.pointFeature(s));
    const n = cellsPerSide(z);
    const bins = new Map<number, Bin>();
    for (const s of kept) {
      const x = this.xs[s];
      const y = this.ys[s];
      const cx = Math.floor(x * n);
      const cy = Math.floor(y * n);
      const key = cy * n + cx;
      const bin = bins.get(key);
      if (!bin) {
        bins.set(key, {
          cx,
          cy,
          first: s,
          count: 1,
          counts: FOCUS_AREAS.map((_, f) => (f === this.focus[s] ? 1 : 0)),
          lat: this.lat[s],
          lng: this.lng[s],
          x0: x,
          x1: x,
          y0: y,
          y1: y,
        });
        continue;
      }
      bin.count += 1;
      bin.counts[this.focus[s]] += 1;
      bin.lat += this.lat[s];
      bin.lng += this.lng[s];
      if (x < bin.x0) bin.x0 = x;
      if (x > bin.x1) bin.x1 = x;
      if (y < bin.y0) bin.y0 = y;
      if (y > bin.y1) bin.y1 = y;
    }
    const out: MapFeature[] = [];
    for (const bin of bins.values()) {
      if (bin.count === 1) {
        out.push(this.pointFeature(bin.first));
        continue;
      }
      out.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [bin.lng / bin.count, bin.lat / bin.count] },
        properties: {
          cluster: true,
          id: cellId(z, bin.cx, bin.cy),
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

  private titleOf(s: number): string {
    return this.titles[s] ?? this.savedTitles?.title(s) ?? "";
  }

  private pointFeature(s: number): MapFeature {
    if (s === NONE) throw new Error("a cell counted an idea it does not hold");
    return {
      type: "Feature",
      geometry: { type: "Point", coordinates: [this.lng[s], this.lat[s]] },
      properties: {
        id: this.ids[s],
        title: this.titleOf(s),
        focusArea: FOCUS_AREAS[this.focus[s]],
        supports: this.supports[s],
        stage: stageOfCode[this.stage[s]],
      },
    };
  }
}

/** A filtered cluster: its ideas' counts and sums, and the extent of their points. */
type Bin = {
  cx: number;
  cy: number;
  /** the slot of its first idea */
  first: number;
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
    return {
      type: "Feature",
      geometry: { type: "Point", coordinates: [lng / g.count, lat / g.count] },
      properties: {
        cluster: true,
        // Every member named, so that the map can tell which cluster counts an idea it keeps.
        id: g.members.map(({ properties: m }) => (m.cluster ? m.id : `i${m.id}`)).join("+"),
        count: g.count,
        // Neighbours split one zoom further in, at the latest.
        expansionZoom: Math.min(expansionZoom, z + 1),
        focusCounts,
      },
    };
  });
}

// One index for all visible ideas. Focus areas are answered from its cell counts; stage and text
// filters by keeping ideas one by one, the text's matching ids coming from the full-text
// index once per search and write (a small cache). No filter builds an index of its own: that cost
// seconds at 100,000 ideas for a common word (issue 14).
const state = globalThis as unknown as {
  __mapIndex?: {
    main: GridIndex | null;
    /** an index being built a slice at a time, and the last id read into it */
    partial: { index: GridIndex; after: number; done: Promise<void>; basis: Basis } | null;
    /** a snapshot read ahead of warmMapIndex (preloadMapIndexSnapshot) */
    preload: PreparedSnapshot | null;
    /** a snapshot being read; the ideas written meanwhile, to re-read once it is in */
    loading: { pending: Set<number>; done: Promise<void> } | null;
    texts: Map<string, { version: number; ids: readonly number[] }>;
    version: number;
    /** the main index's start: the database's version when its build began or its snapshot was read */
    basis: Basis;
    origin: "snapshot" | "build" | null;
    /** where snapshots are read and written (decision 022); null: none */
    snapshotFile: string | null;
    /** the stamp of the snapshot file as it is now (read or written by this process) */
    snapshotStamp: string | null;
    saving: Promise<void> | null;
    stopping: boolean;
  };
};
type Basis = MapIndexVersion | null;
const store = (state.__mapIndex ??= {
  main: null,
  partial: null,
  preload: null,
  loading: null,
  texts: new Map(),
  version: 0,
  basis: null,
  origin: null,
  snapshotFile: null,
  snapshotStamp: null,
  saving: null,
  stopping: false,
});

/** How long after a build its snapshot is begun. */
const SAVE_AFTER_BUILD_MS = 1000;
/** Ideas read per slice while building: ~3 ms of work on the development machine. */
const BUILD_SLICE = 1000;

/** Reads the next slice into the index being built; true when there is nothing more to read. */
function buildSlice(partial: NonNullable<typeof store.partial>): boolean {
  const slice = mapIdeasAfter(partial.after, BUILD_SLICE);
  for (const row of slice) partial.index.upsertRow(row);
  if (slice.length > 0) partial.after = slice[slice.length - 1][0];
  if (slice.length === BUILD_SLICE) return false;
  if (store.partial === partial) {
    store.main = partial.index;
    store.partial = null;
    store.basis = partial.basis;
    store.origin = "build";
    store.version += 1;
    // A moment later: the first map answers, waiting for this build, go first.
    setTimeout(saveSnapshotInBackground, SAVE_AFTER_BUILD_MS).unref();
  }
  return true;
}

/**
 * A build about to begin: an empty index with room for every idea there is now (ids are dense: the
 * newest id bounds), and the database's version now (what a snapshot of it will claim to reflect).
 */
function newBuild(): NonNullable<typeof store.partial> {
  const index = new GridIndex();
  const newest = newestIdeaId();
  index.reserve(newest + 1024, newest + 1024);
  return { index, after: 0, done: Promise.resolve(), basis: mapIndexVersionNow() };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function buildInSlices(): Promise<void> {
  const partial = newBuild();
  store.partial = partial;
  partial.done = (async () => {
    while (store.partial === partial && !buildSlice(partial)) await nextTurn();
  })();
  return partial.done;
}

/**
 * Starts making the index (once) and resolves when it is ready: from the snapshot file when it is
 * provably the database's state now (decision 022), otherwise built a slice at a time with the event
 * loop free between slices, so that a server with a million ideas answers other requests at once.
 */
export function warmMapIndex(options: { snapshot?: string | null } = {}): Promise<void> {
  if (options.snapshot !== undefined) store.snapshotFile = options.snapshot;
  if (store.main) return Promise.resolve();
  if (store.partial) return store.partial.done;
  if (store.loading) return store.loading.done;
  const file = store.snapshotFile;
  if (!file) return buildInSlices();
  const read = store.preload?.file === file ? store.preload : prepareSnapshot(file);
  store.preload = null;
  const loading = { pending: new Set<number>(), done: Promise.resolve() };
  store.loading = loading;
  loading.done = (async () => {
    let reason: string;
    try {
      const saved = await read.version;
      // From here on, the database's writes are what the snapshot misses: this connection's own
      // are re-read once it is in (pending), another's change data_version (never saved again).
      const basis = mapIndexVersionNow();
      const refusal = whyNotCurrent(saved, basis);
      if (refusal) {
        read.cancel();
        throw new SnapshotRejected(refusal);
      }
      const index = await read.index;
      if (store.loading !== loading) return; // dropped meanwhile (invalidated, or built at once)
      store.loading = null;
      store.main = index;
      store.basis = basis;
      store.origin = "snapshot";
      store.snapshotStamp = saved.stamp;
      store.version += 1;
      refreshIdeas([...loading.pending]);
      log.info({ snapshot: file, ideas: index.size }, "map index read from its snapshot");
      return;
    } catch (error) {
      reason = error instanceof SnapshotRejected ? error.message : `it failed to load: ${error}`;
    }
    if (store.loading !== loading) return;
    store.loading = null;
    log.info({ snapshot: file, reason }, "map index snapshot not used; building the index");
    await buildInSlices();
  })();
  return loading.done;
}

/**
 * Starts reading the snapshot file before the server is ready to use it (while it migrates and
 * loads its build): warmMapIndex with the same file takes it from there. Trust is decided then.
 */
export function preloadMapIndexSnapshot(file: string | null) {
  store.preload?.cancel();
  store.preload = file ? prepareSnapshot(file) : null;
}

/** A snapshot read and made an index (its maps rebuilt), not yet trusted. */
function prepareSnapshot(file: string): PreparedSnapshot {
  const read = readSnapshot(file);
  const index = read.columns.then((columns) => GridIndex.fromColumns(columns, nextTurn));
  index.catch(() => {}); // awaited by warmMapIndex, or dropped
  return { file, version: read.version, index, cancel: read.cancel };
}
type PreparedSnapshot = Omit<SnapshotRead, "columns"> & { index: Promise<GridIndex> };

/** Why a snapshot made at `saved` does not show the database at `now`; null when it does. */
function whyNotCurrent(saved: SnapshotVersion, now: Basis): string | null {
  if (!now) return "the database has no map index version (migration 0023)";
  if (saved.schemaVersion !== now.schemaVersion)
    return `it is of schema version ${saved.schemaVersion}, the database ${now.schemaVersion}`;
  if (saved.counter !== now.counter || saved.stamp !== now.stamp)
    return `the database changed since (version ${now.counter}, the snapshot's ${saved.counter})`;
  return null;
}

/**
 * The database's version now when the index in memory provably shows it, or why not: every write
 * since the index's start must have been this connection's own (which refreshIdeas put in) — a
 * commit by any other connection or process changes `data_version`, and then nothing is claimed.
 */
function provenVersion(): { version: SnapshotVersion } | { reason: string } {
  if (!store.main) return { reason: "the index is not built" };
  const basis = store.basis;
  if (!basis) return { reason: "the database has no map index version (migration 0023)" };
  const now = mapIndexVersionNow();
  if (!now) return { reason: "the database has no map index version (migration 0023)" };
  if (now.dataVersion !== basis.dataVersion)
    return { reason: "another connection wrote to the database while the index was in memory" };
  if (now.schemaVersion !== basis.schemaVersion)
    return { reason: "the schema changed while the index was in memory" };
  return { version: { counter: now.counter, stamp: now.stamp, schemaVersion: now.schemaVersion } };
}

/** After a build: the snapshot written off the request path (dropped if a write comes meanwhile). */
function saveSnapshotInBackground() {
  const file = store.snapshotFile;
  const index = store.main;
  if (!file || !index || store.saving || store.stopping) return;
  let proven: ReturnType<typeof provenVersion>;
  try {
    proven = provenVersion();
  } catch (error) {
    return void log.warn({ err: error }, "map index snapshot failed");
  }
  if ("reason" in proven) return void log.info({ reason: proven.reason }, "map index not saved");
  if (proven.version.stamp === store.snapshotStamp) return; // written already
  const version = store.version;
  const unchanged = () => store.main === index && store.version === version && !store.stopping;
  const started = performance.now();
  store.saving = writeSnapshot(file, index.columns(), proven.version, unchanged)
    .then(
      (written) => {
        if (!written) return;
        store.snapshotStamp = proven.version.stamp;
        log.info(
          { snapshot: file, ms: Math.round(performance.now() - started) },
          "map index snapshot written",
        );
      },
      (error: unknown) => log.warn({ err: error, snapshot: file }, "map index snapshot failed"),
    )
    .finally(() => (store.saving = null));
}

/**
 * At a graceful shutdown (requests finished, the database still open): writes the snapshot when the
 * index shows the database as it is now, and otherwise removes any older one. Never throws.
 */
export async function saveMapIndexSnapshot(): Promise<void> {
  store.stopping = true;
  await store.saving;
  const file = store.snapshotFile;
  if (!file) return;
  try {
    const proven = provenVersion();
    if ("reason" in proven) {
      // An older file could only be rejected (its version is behind); gone, nobody wonders.
      fs.rmSync(file, { force: true });
      log.info({ snapshot: file, reason: proven.reason }, "map index snapshot not written");
      return;
    }
    if (proven.version.stamp === store.snapshotStamp && fs.existsSync(file)) return; // as it is
    // A write of this process that forgot refreshIdeas would otherwise outlive the restart.
    const index = store.main as GridIndex;
    const inMemory = index.totals();
    const inDatabase = visibleIdeaTotals();
    if (inMemory.ideas !== inDatabase.ideas || inMemory.supports !== inDatabase.supports) {
      fs.rmSync(file, { force: true });
      log.warn(
        { inMemory, inDatabase },
        "map index differs from the database; snapshot not written",
      );
      return;
    }
    const started = performance.now();
    writeSnapshotSync(file, index.columns(), proven.version);
    store.snapshotStamp = proven.version.stamp;
    log.info(
      { snapshot: file, ms: Math.round(performance.now() - started) },
      "map index snapshot written",
    );
  } catch (error) {
    log.warn({ err: error, snapshot: file }, "map index snapshot failed");
  } finally {
    store.stopping = false;
  }
}

/** Where the index in memory came from: its snapshot file, a build, or nowhere yet. */
export function mapIndexOrigin() {
  return store.main ? store.origin : null;
}

/** The index, finishing a build in progress (or building it) at once when asked synchronously. */
function mainIndex(): GridIndex {
  if (store.main) return store.main;
  store.loading = null; // a snapshot still being read is dropped: the build reads the database
  const partial = store.partial ?? newBuild();
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
  const stages = filter.stages?.length ? filter.stages : undefined;
  const match = ftsQuery(filter.q);
  if (!stages && !match) return mainIndex().query(bbox, zoom, filter.focusAreas);
  return mainIndex().query(bbox, zoom, filter.focusAreas, {
    candidates: match ? textMatches(match) : null,
    stages,
  });
}

/** Re-reads these ideas and puts them on (or takes them off) the map. Call after any write. */
export function refreshIdeas(ids: readonly number[]) {
  // While the index is being built, the write goes into it too (a later slice may read the same
  // idea again: upsert and remove are idempotent).
  const index = store.main ?? store.partial?.index;
  if (!index) {
    for (const id of ids) store.loading?.pending.add(id);
    return void (store.version += 1);
  }
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
  store.loading = null;
  store.basis = null;
  store.origin = null;
  store.texts.clear();
  store.version += 1;
}

/** Changes whenever anything on the map may have changed (for ETags). */
export function mapIndexVersion() {
  return store.version;
}
