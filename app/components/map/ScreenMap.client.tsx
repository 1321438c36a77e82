// The projector's map: the workshop's area, its ideas as markers with their dots, the spotlighted
// idea raised. Redrawn from the live state; marker elements are reused between updates.
import L from "leaflet";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { FOCUS_AREA_STYLE, type FocusArea } from "~/domain/focus-areas";
import { BORAS_BOUNDS, borasOutline, type BBox } from "~/domain/geo";
import { focusSymbolSvg } from "~/components/focus-symbols";
import { useTileOptions } from "~/components/map/tile-options";

export type ScreenMapIdea = {
  id: number;
  title: string;
  lat: number;
  lng: number;
  focusArea: FocusArea;
  dots: number;
  fresh: boolean;
};

export default function ScreenMap({
  ideas,
  area,
  spotlightId,
  tileUrl,
  tileAttribution,
}: {
  ideas: ScreenMapIdea[];
  area: BBox | null;
  spotlightId: number | null;
  tileUrl: string;
  tileAttribution: string;
}) {
  const { t } = useTranslation();
  const tileOptions = useTileOptions();
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markers = useRef(new Map<number, { marker: L.Marker; key: string }>());

  useEffect(() => {
    const b = area ?? BORAS_BOUNDS;
    const created = L.map(element.current!, {
      zoomControl: false,
      attributionControl: true,
      keyboard: false,
    });
    created.fitBounds([
      [b.south, b.west],
      [b.north, b.east],
    ]);
    if (tileUrl)
      L.tileLayer(tileUrl, { attribution: tileAttribution, ...tileOptions }).addTo(created);
    L.geoJSON(borasOutline, {
      style: { color: "#0b4f3c", weight: 4, fillOpacity: 0.03 },
      interactive: false,
    }).addTo(created);
    map.current = created;
    const shown = markers.current;
    return () => {
      shown.clear();
      created.remove();
      map.current = null;
    };
    // The map is made once per screen; the area does not change during a workshop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const current = map.current;
    if (!current) return;
    const seen = new Set<number>();
    for (const idea of ideas) {
      seen.add(idea.id);
      const spot = idea.id === spotlightId;
      const key = `${idea.dots}:${spot}:${idea.fresh}`;
      const existing = markers.current.get(idea.id);
      if (existing && existing.key === key) continue;
      const icon = L.divIcon({
        className: `screen-marker${spot ? " is-spotlight" : ""}${idea.fresh ? " is-fresh" : ""}`,
        html: `<span class="idea-marker-body" style="background:${FOCUS_AREA_STYLE[idea.focusArea].color}">${focusSymbolSvg(idea.focusArea, 26)}</span>${idea.dots ? `<span class="dot-badge">${idea.dots}</span>` : ""}`,
        iconSize: [48, 48],
        iconAnchor: [24, 24],
      });
      if (existing) {
        existing.marker.setIcon(icon);
        existing.marker.setZIndexOffset(spot ? 1000 : 0);
        existing.key = key;
      } else {
        const marker = L.marker([idea.lat, idea.lng], {
          icon,
          keyboard: false,
          interactive: false,
          alt: idea.title,
          zIndexOffset: spot ? 1000 : 0,
        }).addTo(current);
        markers.current.set(idea.id, { marker, key });
      }
    }
    for (const [id, { marker }] of markers.current) {
      if (!seen.has(id)) {
        marker.remove();
        markers.current.delete(id);
      }
    }
  }, [ideas, spotlightId]);

  // A region, not an image: it holds the map's attribution links.
  return (
    <div
      ref={element}
      className="screen-map"
      role="region"
      aria-label={t("workshop.screenMapLabel", { count: ideas.length })}
    />
  );
}
