// The map of Borås with ideas: the only place (with its siblings here) that imports Leaflet.
// It asks /api/map for what the viewport needs and keeps the markers in step imperatively
// (one Leaflet marker per feature, reused between answers), so panning stays smooth.
import L from "leaflet";
import "leaflet.heat";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "@remix-run/react";
import { FOCUS_AREA_STYLE, FOCUS_AREAS, type FocusArea } from "~/domain/focus-areas";
import { BORAS_BOUNDS, borasOutline, formatBBox, parseBBox, type BBox } from "~/domain/geo";
import {
  keptIdeaMatches,
  withoutKeptIdea,
  type MapFeature as Feature,
  type MapPointProperties as PointProperties,
} from "~/domain/map-features";
import { focusSymbolSvg } from "~/components/focus-symbols";
import { formatInteger, type IntegerSymbols } from "~/components/format";
import { HIGHLIGHT_EVENT, type HighlightDetail } from "~/components/highlight";
import type { IdeaListPage } from "~/components/IdeaList";
import { useTileOptions } from "~/components/map/tile-options";

/** What the map last drew: the answer, and the view and filter it was asked with. */
type Answer = { features: Feature[]; bbox: BBox; filterQuery: string };

export type IdeaMapProps = {
  tileUrl: string;
  tileAttribution: string;
  /** how the page's language writes the counts (from the root loader) */
  integers: IntegerSymbols;
  /** the filter as a query string (focus, stage, q) */
  filterQuery: string;
  /** the view to show (from the URL); when absent, all of Borås */
  bbox: BBox | null;
  selectedId: number | null;
  heat: boolean;
  /** the list's own parameters (sort, near, lang), asked for with the answer after a move */
  listQuery: string;
  onViewChange: (bbox: BBox) => void;
  /** the list for the view the map moved to, and what it was asked with */
  onList: (list: IdeaListPage, asked: { filterQuery: string; listQuery: string }) => void;
  onSelect: (id: number | null) => void;
};

const FETCH_DEBOUNCE_MS = 120;
/**
 * Markers are drawn in slices of about this much time, the browser free to paint and answer a tap
 * in between: a phone is about four times slower than a desktop, and a task of over 50 ms on it is
 * what Lighthouse counts as blocking (issue 14; a whole city's clusters took ~40 ms here at once).
 */
const DRAW_SLICE_MS = 8;
const outlineStyle = {
  color: "#0b4f3c",
  weight: 3,
  fillColor: "#0b4f3c",
  fillOpacity: 0.04,
  dashArray: "6 4",
};
const borasBounds = L.latLngBounds(
  [BORAS_BOUNDS.south, BORAS_BOUNDS.west],
  [BORAS_BOUNDS.north, BORAS_BOUNDS.east],
);
const toLatLngBounds = (b: BBox) => L.latLngBounds([b.south, b.west], [b.north, b.east]);
const toBBox = (b: L.LatLngBounds): BBox => ({
  west: b.getWest(),
  south: b.getSouth(),
  east: b.getEast(),
  north: b.getNorth(),
});

const ideaIcons = new Map<FocusArea, L.DivIcon>();
function ideaIcon(focusArea: FocusArea) {
  let icon = ideaIcons.get(focusArea);
  if (!icon) {
    icon = L.divIcon({
      className: "idea-marker",
      html: `<span class="idea-marker-body" data-focus="${focusArea}" style="background:${FOCUS_AREA_STYLE[focusArea].color}">${focusSymbolSvg(focusArea, 18)}</span>`,
      iconSize: [34, 34],
      iconAnchor: [17, 17],
      popupAnchor: [0, -16],
    });
    ideaIcons.set(focusArea, icon);
  }
  return icon;
}

/** A cluster: its count in a ring showing the share of each focus area (never colour alone: the count is the text). */
function clusterIcon(count: number, focusCounts: Record<FocusArea, number>) {
  const size = count < 10 ? 38 : count < 100 ? 46 : count < 1000 ? 54 : 62;
  let angle = 0;
  const stops = FOCUS_AREAS.filter((f) => focusCounts[f] > 0).map((f) => {
    const from = angle;
    angle += (focusCounts[f] / count) * 360;
    return `${FOCUS_AREA_STYLE[f].color} ${from}deg ${angle}deg`;
  });
  return L.divIcon({
    className: "cluster-marker",
    html: `<span class="cluster-marker-ring" style="width:${size}px;height:${size}px;background:conic-gradient(${stops.join(",")})"><span class="cluster-marker-body">${count}</span></span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

function sameView(a: L.LatLngBounds, b: L.LatLngBounds) {
  const tolerance = Math.max(a.getNorth() - a.getSouth(), a.getEast() - a.getWest()) * 0.02;
  return (
    Math.abs(a.getNorth() - b.getNorth()) < tolerance &&
    Math.abs(a.getSouth() - b.getSouth()) < tolerance &&
    Math.abs(a.getEast() - b.getEast()) < tolerance &&
    Math.abs(a.getWest() - b.getWest()) < tolerance
  );
}

export default function IdeaMap(props: IdeaMapProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const propsRef = useRef(props);
  propsRef.current = props;
  const tileOptions = useTileOptions();
  /** The markers drawn, by key; an idea's with the filter it was last drawn under. */
  const markers = useRef(
    new Map<string, { marker: L.Marker; feature: Feature; filterQuery: string }>(),
  );
  const heatLayer = useRef<L.Layer | null>(null);
  const load = useRef<() => void>(() => {});
  const redrawHeat = useRef<() => void>(() => {});
  const tRef = useRef(t);
  tRef.current = t;

  // Create the map once, in steps of its own after React's commit: creating the map (with its first
  // layout), its controls, the base map, the outline and the markers each made a long task together
  // (issue 14: ~180 ms of a phone's main thread at once, which Lighthouse counts as blocking time).
  useEffect(() => {
    const element = container.current!;
    const later: ReturnType<typeof setTimeout>[] = [];
    const soon = (step: () => void) => later.push(setTimeout(step, 0));
    let stop = () => later.forEach(clearTimeout);
    soon(() => {
      // Leaflet's own setting up first; fitting the view (which lays out the page) in the next task.
      const map = L.map(element, {
        maxBounds: borasBounds.pad(0.5),
        minZoom: 9,
        maxZoom: 18,
        keyboard: true,
        zoomSnap: 1,
        zoomControl: false,
      });
      stop = () => {
        later.forEach(clearTimeout);
        map.remove();
      };
      soon(() => (stop = startMap(map, later, soon)));
    });
    return () => stop();
    // The map is created once; later prop changes are handled by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Shows the view, the controls and the ideas on the new map; returns what removes it. Later
   *  steps go through `soon`. */
  function startMap(
    map: L.Map,
    later: ReturnType<typeof setTimeout>[],
    soon: (step: () => void) => void,
  ) {
    const element = map.getContainer() as HTMLDivElement;
    mapRef.current = map;
    map.fitBounds(propsRef.current.bbox ? toLatLngBounds(propsRef.current.bbox) : borasBounds);
    soon(() => {
      // Controls sit at the start of the line: top right in a right-to-left language.
      const rtl = document.documentElement.dir === "rtl";
      L.control.zoom({ position: rtl ? "topright" : "topleft" }).addTo(map);
      map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
    });
    // No tile address: no base map (MAP_TILE_URL=off); the outline and the ideas still show.
    const { tileUrl, tileAttribution } = propsRef.current;
    if (tileUrl)
      soon(() => L.tileLayer(tileUrl, { attribution: tileAttribution, ...tileOptions }).addTo(map));
    soon(() => L.geoJSON(borasOutline, { style: outlineStyle, interactive: false }).addTo(map));
    element.setAttribute("role", "region");

    const layer = L.layerGroup().addTo(map);
    const shown = markers.current;
    // Not an Intl.NumberFormat: the page's first one costs a phone ~150 ms (components/format.ts).
    const formatted = (count: number) => formatInteger(count, propsRef.current.integers);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | null = null;
    // After a move the answer also brings the list for the new view (the page then asks no loader);
    // a first view or a new filter does not need it (the loader answers those). A request for the
    // list that a newer one cuts off hands the wish on.
    let listWanted = false;
    let listAsked = false;

    const highlight = (id: number | null, source: "map" | "list") => {
      for (const [key, { marker }] of markers.current) {
        marker.getElement()?.classList.toggle("is-highlighted", key === `i${id}`);
      }
      if (source === "map") {
        window.dispatchEvent(
          new CustomEvent<HighlightDetail>(HIGHLIGHT_EVENT, { detail: { id, source } }),
        );
      }
    };
    const onListHighlight = (event: Event) => {
      const detail = (event as CustomEvent<HighlightDetail>).detail;
      if (detail.source === "list") highlight(detail.id, "list");
    };
    window.addEventListener(HIGHLIGHT_EVENT, onListHighlight);

    let keyboardOpened = false;
    const openPopup = (marker: L.Marker, p: PointProperties) => {
      const tr = tRef.current;
      const box = document.createElement("div");
      box.className = "idea-popup";
      const focus = document.createElement("p");
      focus.className = "idea-popup-focus";
      focus.textContent = tr(`focusAreas.${p.focusArea}.label`);
      const title = document.createElement("p");
      title.className = "idea-popup-title";
      title.textContent = p.title; // text, never HTML: titles are user input
      title.dir = "auto";
      const supports = document.createElement("p");
      supports.textContent = tr("idea.supports", {
        count: p.supports,
        formatted: formatted(p.supports),
      });
      const link = document.createElement("a");
      link.href = `/ideas/${p.id}`;
      link.textContent = tr("map.openIdea");
      link.addEventListener("click", (event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(`/ideas/${p.id}`);
      });
      box.append(focus, title, supports, link);
      // Leaflet's default popup (300 px of text plus its margins) is wider than a phone's map:
      // it would stick out past the edge however the map pans. Fit it into the map's width.
      const maxWidth = Math.max(140, Math.min(300, map.getSize().x - 80));
      // Then pan the opened popup fully into the map, measured as drawn (tip and close button too).
      marker.once("popupopen", ({ popup }: L.PopupEvent) => {
        const element = popup.getElement();
        if (!element) return;
        const pad = 12;
        const frame = map.getContainer().getBoundingClientRect();
        const box = element.getBoundingClientRect();
        let dx = 0;
        let dy = 0;
        if (box.right > frame.right - pad) dx = box.right - (frame.right - pad);
        if (box.left - dx < frame.left + pad) dx = box.left - (frame.left + pad);
        if (box.top < frame.top + pad) dy = box.top - (frame.top + pad);
        if (dx || dy) map.panBy([dx, dy]);
      });
      marker.bindPopup(box, { maxWidth, autoPan: false }).openPopup();
      // Opened from the keyboard: go on into the popup, to its link.
      if (keyboardOpened) link.focus();
      keyboardOpened = false;
      marker.once("popupclose", () => {
        marker.unbindPopup();
        if (propsRef.current.selectedId === p.id) propsRef.current.onSelect(null);
        // Kept while its popup was open though the last answer counts it in a cluster (draw): its
        // cluster, drawn one less meanwhile, counts it again.
        const key = `i${p.id}`;
        if (!drawnKeys.has(key) && markers.current.get(key)?.marker === marker) {
          layer.removeLayer(marker);
          markers.current.delete(key);
          if (lastAnswer) void draw(lastAnswer);
        }
      });
    };

    let drawnKeys = new Set<string>();
    let lastAnswer: Answer | null = null;
    // The draw under way: a newer answer (or the map's removal) stops an older one between slices.
    let drawing = 0;
    const draw = async (answer: Answer) => {
      const run = ++drawing;
      lastAnswer = answer;
      const features = withoutKept(answer);
      const tr = tRef.current;
      const next = new Set<string>();
      let slice = performance.now();
      for (const f of features) {
        if (performance.now() - slice > DRAW_SLICE_MS) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          if (run !== drawing) return;
          slice = performance.now();
        }
        const p = f.properties;
        const key = p.cluster
          ? `${p.id}:${p.count}:${f.geometry.coordinates.join(",")}`
          : `i${p.id}`;
        next.add(key);
        const existing = markers.current.get(key);
        if (existing) {
          existing.feature = f;
          existing.filterQuery = answer.filterQuery;
          continue;
        }
        const [lng, lat] = f.geometry.coordinates;
        let marker: L.Marker;
        let label: string;
        if (p.cluster) {
          label = tr("map.clusterLabel", {
            count: p.count,
            formatted: formatted(p.count),
          });
          marker = L.marker([lat, lng], {
            icon: clusterIcon(p.count, p.focusCounts),
            keyboard: true,
            title: label,
            alt: label,
          });
          marker.on("click", () => {
            const map = mapRef.current!;
            map.flyTo([lat, lng], Math.max(p.expansionZoom, map.getZoom() + 1));
          });
        } else {
          label = tr("map.ideaLabel", {
            title: p.title,
            focusArea: tr(`focusAreas.${p.focusArea}.label`),
          });
          marker = L.marker([lat, lng], {
            icon: ideaIcon(p.focusArea),
            keyboard: true,
            title: p.title,
            alt: label,
          });
          marker.on("click", () => {
            propsRef.current.onSelect(p.id);
            openPopup(marker, p);
          });
          marker.on("mouseover", () => highlight(p.id, "map"));
          marker.on("mouseout", () => highlight(null, "map"));
        }
        marker.on("add", () => {
          const element = marker.getElement();
          if (!element) return;
          element.setAttribute("aria-label", label);
          element.setAttribute("role", "button");
          // A button answers Enter and Space; Leaflet's markers only answer the mouse.
          element.addEventListener("keydown", (event) => {
            if (event.key !== "Enter" && event.key !== " ") return;
            event.preventDefault();
            keyboardOpened = true;
            marker.fire("click");
          });
          if (!p.cluster) {
            element.dataset.ideaId = String(p.id);
            element.addEventListener("focus", () => highlight(p.id, "map"));
            element.addEventListener("blur", () => highlight(null, "map"));
          }
        });
        marker.addTo(layer);
        markers.current.set(key, { marker, feature: f, filterQuery: answer.filterQuery });
      }
      drawnKeys = next;
      for (const [key, { marker }] of markers.current) {
        // An idea whose popup is open stays until the popup closes, though the new view counts it
        // in a cluster (a cell across the view's edge shows its ideas one by one, the same cell
        // wholly inside as a cluster): the popup's own pan to fit must not take away what the
        // person is reading.
        if (!next.has(key) && !marker.isPopupOpen()) {
          layer.removeLayer(marker);
          markers.current.delete(key);
        }
      }
      drawHeat();
      const selected = propsRef.current.selectedId;
      if (selected !== null) {
        const entry = markers.current.get(`i${selected}`);
        if (entry && !entry.marker.isPopupOpen())
          openPopup(entry.marker, entry.feature.properties as PointProperties);
      }
      element.dataset.ideasLoaded = "true";
    };

    /**
     * The answer without the idea whose popup is open, where a cluster counts it: that idea stays
     * as itself (draw), and counted in the cluster too it would be counted twice.
     */
    const withoutKept = (answer: Answer): Feature[] => {
      for (const { marker, feature, filterQuery } of markers.current.values()) {
        const p = feature.properties;
        if (!p.cluster && marker.isPopupOpen()) {
          if (!keptIdeaMatches(p, filterQuery, answer.filterQuery)) return answer.features;
          const [lng, lat] = feature.geometry.coordinates;
          return withoutKeptIdea(answer.features, { ...p, lat, lng }, answer.bbox);
        }
      }
      return answer.features;
    };

    const drawHeat = () => {
      if (heatLayer.current) {
        map.removeLayer(heatLayer.current);
        heatLayer.current = null;
      }
      if (!propsRef.current.heat) return;
      // Cluster centroids weighted by their counts approximate the density of every idea.
      const points = (lastAnswer?.features ?? []).map((f) => {
        const [lng, lat] = f.geometry.coordinates;
        return [lat, lng, f.properties.cluster ? f.properties.count : 1] as [
          number,
          number,
          number,
        ];
      });
      const max = Math.max(1, ...points.map((p) => p[2]));
      heatLayer.current = L.heatLayer(points, {
        radius: 35,
        blur: 25,
        max,
        minOpacity: 0.25,
      }).addTo(map);
    };

    load.current = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const withList = listWanted || (controller !== null && listAsked);
        controller?.abort();
        const abort = new AbortController();
        controller = abort;
        listWanted = false;
        listAsked = withList;
        const { filterQuery, listQuery } = propsRef.current;
        const params = new URLSearchParams(filterQuery);
        const bbox = formatBBox(toBBox(map.getBounds()));
        params.set("bbox", bbox);
        params.set("zoom", String(map.getZoom()));
        if (withList) params.set("list", "1");
        const query = withList ? `${params}&${listQuery}` : String(params);
        try {
          const response = await fetch(`/api/map?${query}`, { signal: abort.signal });
          if (!response.ok) return;
          const collection = (await response.json()) as GeoJSON.FeatureCollection<
            GeoJSON.Point,
            Feature["properties"]
          > & { list?: IdeaListPage };
          // The view as the server read it (rounded), to tell which ideas it counted.
          void draw({ features: collection.features, bbox: parseBBox(bbox)!, filterQuery });
          if (collection.list) propsRef.current.onList(collection.list, { filterQuery, listQuery });
        } catch (error) {
          if ((error as Error).name !== "AbortError") console.error(error);
        } finally {
          if (controller === abort) controller = null;
        }
      }, FETCH_DEBOUNCE_MS);
    };

    map.on("moveend", () => {
      listWanted = true;
      load.current();
      propsRef.current.onViewChange(toBBox(map.getBounds()));
    });
    // A view asked for by the address rarely has the map's shape: the map shows more. As after any
    // move, the address and the list follow what it shows (the view effect below did this when the
    // map was made within React's commit, by fitting the same view again).
    const asked = propsRef.current.bbox;
    if (asked && !sameView(map.getBounds(), toLatLngBounds(asked))) map.fire("moveend");
    load.current();
    redrawHeat.current = drawHeat;

    return () => {
      later.forEach(clearTimeout);
      clearTimeout(timer);
      drawing++; // a draw still going on in slices stops
      controller?.abort();
      window.removeEventListener(HIGHLIGHT_EVENT, onListHighlight);
      shown.clear();
      map.remove();
      mapRef.current = null;
      load.current = () => {};
      redrawHeat.current = () => {};
    };
  }

  // Name the map for screen readers, in the current language.
  useEffect(() => {
    container.current?.setAttribute("aria-label", t("map.label"));
  }, [t]);

  // A new filter: ask again.
  useEffect(() => {
    load.current();
  }, [props.filterQuery]);

  // Heat on or off.
  useEffect(() => {
    redrawHeat.current();
  }, [props.heat]);

  // Back/forward or a shared link changed the view: move the map there. Selecting an idea sends the
  // same view again (a new object, the same numbers): that is no reason to move, and moving would
  // undo the pan that brings the idea's popup into view.
  const lastBBox = useRef<string | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    const key = props.bbox ? JSON.stringify(props.bbox) : null;
    const changed = key !== lastBBox.current;
    lastBBox.current = key;
    if (!map || !props.bbox || !changed) return;
    const wanted = toLatLngBounds(props.bbox);
    if (!sameView(map.getBounds(), wanted)) map.fitBounds(wanted);
  }, [props.bbox]);

  return <div ref={container} className="idea-map" />;
}
