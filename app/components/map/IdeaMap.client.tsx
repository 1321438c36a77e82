// The map of Borås with ideas: the only place (with its siblings here) that imports Leaflet.
// It asks /api/map for what the viewport needs and draws clusters and single ideas.
import L from "leaflet";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { GeoJSON, MapContainer, Marker, Popup, TileLayer, useMap, useMapEvents } from "react-leaflet";
import { Link } from "@remix-run/react";
import { FOCUS_AREA_STYLE, type FocusArea } from "~/domain/focus-areas";
import { BORAS_BOUNDS, borasOutline } from "~/domain/geo";
import { focusSymbolSvg } from "~/components/focus-symbols";
import { FocusBadge } from "~/components/FocusArea";

type PointProperties = {
  cluster?: false;
  id: number;
  title: string;
  focusArea: FocusArea;
  supports: number;
  stage: string | null;
};
type ClusterProperties = {
  cluster: true;
  id: string;
  count: number;
  expansionZoom: number;
  focusCounts: Partial<Record<FocusArea, number>>;
};
type Feature = GeoJSON.Feature<GeoJSON.Point, PointProperties | ClusterProperties>;

export type IdeaMapProps = {
  tileUrl: string;
  tileAttribution: string;
  /** the filter as a query string (focus, stage, q) */
  filterQuery: string;
};

const FETCH_DEBOUNCE_MS = 150;
const outlineStyle = { color: "#0b4f3c", weight: 3, fillColor: "#0b4f3c", fillOpacity: 0.04, dashArray: "6 4" };
const bounds = L.latLngBounds(
  [BORAS_BOUNDS.south, BORAS_BOUNDS.west],
  [BORAS_BOUNDS.north, BORAS_BOUNDS.east],
);

const iconCache = new Map<string, L.DivIcon>();
function ideaIcon(focusArea: FocusArea) {
  let icon = iconCache.get(focusArea);
  if (!icon) {
    icon = L.divIcon({
      className: "idea-marker",
      html: `<span class="idea-marker-body" data-focus="${focusArea}" style="background:${FOCUS_AREA_STYLE[focusArea].color}">${focusSymbolSvg(focusArea, 18)}</span>`,
      iconSize: [34, 34],
      iconAnchor: [17, 17],
      popupAnchor: [0, -16],
    });
    iconCache.set(focusArea, icon);
  }
  return icon;
}

function clusterIcon(count: number) {
  const size = count < 10 ? 36 : count < 100 ? 44 : count < 1000 ? 52 : 60;
  return L.divIcon({
    className: "cluster-marker",
    html: `<span class="cluster-marker-body" style="width:${size}px;height:${size}px">${count}</span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

export default function IdeaMap({ tileUrl, tileAttribution, filterQuery }: IdeaMapProps) {
  const { t } = useTranslation();
  return (
    <MapContainer
      bounds={bounds}
      maxBounds={bounds.pad(0.5)}
      minZoom={9}
      maxZoom={18}
      className="idea-map"
      // The map container itself is one tab stop; markers follow it.
      keyboard
    >
      <TileLayer url={tileUrl} attribution={tileAttribution} />
      <GeoJSON data={borasOutline} style={outlineStyle} interactive={false} />
      <IdeasLayer filterQuery={filterQuery} />
      <MapLabel label={t("map.label")} />
    </MapContainer>
  );
}

/** Names the map container for screen readers. */
function MapLabel({ label }: { label: string }) {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    container.setAttribute("aria-label", label);
    container.setAttribute("role", "region");
  }, [map, label]);
  return null;
}

function IdeasLayer({ filterQuery }: { filterQuery: string }) {
  const { t, i18n } = useTranslation();
  const map = useMap();
  const [features, setFeatures] = useState<Feature[]>([]);
  const [selected, setSelected] = useState<Feature | null>(null);
  const controller = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const b = map.getBounds();
      const params = new URLSearchParams(filterQuery);
      params.set(
        "bbox",
        [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => n.toFixed(5)).join(","),
      );
      params.set("zoom", String(map.getZoom()));
      try {
        const response = await fetch(`/api/map?${params}`, { signal: abort.signal });
        if (!response.ok) return;
        const collection = (await response.json()) as GeoJSON.FeatureCollection<
          GeoJSON.Point,
          PointProperties | ClusterProperties
        >;
        setFeatures(collection.features);
        map.getContainer().dataset.ideasLoaded = "true";
      } catch (error) {
        if ((error as Error).name !== "AbortError") console.error(error);
      }
    }, FETCH_DEBOUNCE_MS);
  }, [map, filterQuery]);

  useMapEvents({ moveend: load });
  useEffect(() => {
    load();
    return () => {
      clearTimeout(timer.current);
      controller.current?.abort();
    };
  }, [load]);

  const numberFormat = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);

  return (
    <>
      {features.map((f) => {
        const [lng, lat] = f.geometry.coordinates;
        const p = f.properties;
        if (p.cluster) {
          const label = t("map.clusterLabel", { count: p.count, formatted: numberFormat.format(p.count) });
          return (
            <Marker
              key={`${p.id}-${p.count}-${lat}`}
              position={[lat, lng]}
              icon={clusterIcon(p.count)}
              title={label}
              alt={label}
              keyboard
              eventHandlers={{
                click: () => map.flyTo([lat, lng], Math.max(p.expansionZoom, map.getZoom() + 1)),
                add: (e) => labelMarker(e.target as L.Marker, label),
              }}
            />
          );
        }
        const label = t("map.ideaLabel", {
          title: p.title,
          focusArea: t(`focusAreas.${p.focusArea}.label`),
        });
        return (
          <Marker
            key={p.id}
            position={[lat, lng]}
            icon={ideaIcon(p.focusArea)}
            title={p.title}
            alt={label}
            keyboard
            eventHandlers={{
              click: () => setSelected(f),
              add: (e) => labelMarker(e.target as L.Marker, label),
            }}
          />
        );
      })}
      {selected && !selected.properties.cluster ? (
        <Popup
          position={[selected.geometry.coordinates[1], selected.geometry.coordinates[0]]}
          eventHandlers={{ remove: () => setSelected(null) }}
        >
          <div className="idea-popup">
            <FocusBadge focusArea={selected.properties.focusArea} />
            <p className="idea-popup-title">{selected.properties.title}</p>
            <p>
              {t("idea.supports", {
                count: selected.properties.supports,
                formatted: numberFormat.format(selected.properties.supports),
              })}
            </p>
            <Link to={`/ideas/${selected.properties.id}`}>{t("map.openIdea")}</Link>
          </div>
        </Popup>
      ) : null}
    </>
  );
}

/** Leaflet makes keyboard markers focusable; give them a name and a button role. */
function labelMarker(marker: L.Marker, label: string) {
  const element = marker.getElement();
  if (!element) return;
  element.setAttribute("aria-label", label);
  element.setAttribute("role", "button");
}
