// The moderator's map for adding ideas to a group: the candidate ideas as markers (clustered where
// they crowd together); drag a
// rectangle (after pressing "Välj med rektangel") to tick every idea inside it in the list below.
// The list's checkboxes stay the way to do the same by keyboard.
import L from "leaflet";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FOCUS_AREA_STYLE, type FocusArea } from "~/domain/focus-areas";
import { BORAS_BOUNDS, borasOutline } from "~/domain/geo";
import { focusSymbolSvg } from "~/components/focus-symbols";
import { useTileOptions } from "~/components/map/tile-options";

export type SelectIdeasMapProps = {
  ideas: { id: number; title: string; focusArea: FocusArea; lat: number; lng: number }[];
  /** the form whose checkboxes (name="ideaId") the rectangle ticks */
  formId: string;
  tileUrl: string;
  tileAttribution: string;
};

export default function SelectIdeasMap({
  ideas,
  formId,
  tileUrl,
  tileAttribution,
}: SelectIdeasMapProps) {
  const { t } = useTranslation();
  const tileOptions = useTileOptions();
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [picked, setPicked] = useState<number | null>(null);

  useEffect(() => {
    const created = L.map(element.current!, { keyboard: true });
    const bounds = ideas.length
      ? L.latLngBounds(ideas.map((i) => [i.lat, i.lng] as [number, number])).pad(0.2)
      : L.latLngBounds(
          [BORAS_BOUNDS.south, BORAS_BOUNDS.west],
          [BORAS_BOUNDS.north, BORAS_BOUNDS.east],
        );
    created.fitBounds(bounds, { maxZoom: 15 });
    if (tileUrl)
      L.tileLayer(tileUrl, { attribution: tileAttribution, ...tileOptions }).addTo(created);
    L.geoJSON(borasOutline, {
      style: { color: "#0b4f3c", weight: 2, fillOpacity: 0 },
      interactive: false,
    }).addTo(created);
    // Ideas close together on screen are one numbered circle (a click zooms in to them), so that
    // a neighbourhood with many ideas stays readable; drawn again at every zoom.
    const markers = L.layerGroup().addTo(created);
    const draw = () => {
      markers.clearLayers();
      for (const cell of clusterOnScreen(created, ideas)) {
        if (cell.length === 1) {
          const idea = cell[0];
          L.marker([idea.lat, idea.lng], {
            title: idea.title,
            alt: idea.title,
            keyboard: false,
            icon: L.divIcon({
              className: "idea-marker",
              html: `<span class="idea-marker-body" style="background:${FOCUS_AREA_STYLE[idea.focusArea].color}">${focusSymbolSvg(idea.focusArea, 16)}</span>`,
              iconSize: [30, 30],
              iconAnchor: [15, 15],
            }),
          }).addTo(markers);
        } else {
          const cellBounds = L.latLngBounds(cell.map((i) => [i.lat, i.lng] as [number, number]));
          const size = cell.length < 10 ? 36 : cell.length < 100 ? 44 : 52;
          L.marker(cellBounds.getCenter(), {
            title: t("moderation.selectMapCluster", { count: cell.length }),
            keyboard: false,
            icon: L.divIcon({
              className: "cluster-marker",
              html: `<span class="cluster-marker-ring" style="width:${size}px;height:${size}px;background:#0b4f3c"><span class="cluster-marker-body">${cell.length}</span></span>`,
              iconSize: [size, size],
              iconAnchor: [size / 2, size / 2],
            }),
          })
            .on("click", () => created.fitBounds(cellBounds.pad(0.3), { maxZoom: 18 }))
            .addTo(markers);
        }
      }
    };
    draw();
    created.on("zoomend", draw);
    map.current = created;
    return () => {
      created.off("zoomend", draw);
      created.remove();
      map.current = null;
    };
    // Drawn once per page load; the list of candidates comes with the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Rectangle selection: press, drag, release.
  useEffect(() => {
    const current = map.current;
    if (!current || !drawing) return;
    current.dragging.disable();
    let start: L.LatLng | null = null;
    let rectangle: L.Rectangle | null = null;
    const down = (e: L.LeafletMouseEvent) => {
      start = e.latlng;
      rectangle = L.rectangle(L.latLngBounds(start, start), { color: "#b3261e", weight: 2 }).addTo(
        current,
      );
    };
    const move = (e: L.LeafletMouseEvent) => {
      if (start && rectangle) rectangle.setBounds(L.latLngBounds(start, e.latlng));
    };
    const up = (e: L.LeafletMouseEvent) => {
      if (!start) return;
      const box = L.latLngBounds(start, e.latlng);
      const inside = new Set(ideas.filter((i) => box.contains([i.lat, i.lng])).map((i) => i.id));
      const form = document.getElementById(formId);
      form?.querySelectorAll<HTMLInputElement>('input[name="ideaId"]').forEach((box) => {
        if (inside.has(Number(box.value))) box.checked = true;
      });
      setPicked(inside.size);
      rectangle?.remove();
      start = null;
      setDrawing(false);
    };
    current.on("mousedown", down);
    current.on("mousemove", move);
    current.on("mouseup", up);
    return () => {
      current.off("mousedown", down);
      current.off("mousemove", move);
      current.off("mouseup", up);
      current.dragging.enable();
    };
  }, [drawing, ideas, formId]);

  return (
    <div className="select-map">
      <div className="control-row">
        <button
          type="button"
          className="button secondary"
          aria-pressed={drawing}
          onClick={() => setDrawing((d) => !d)}
        >
          {drawing ? t("moderation.drawingRectangle") : t("moderation.selectRectangle")}
        </button>
        <p aria-live="polite" className="muted">
          {picked === null
            ? t("moderation.rectangleHint")
            : t("moderation.rectanglePicked", { count: picked })}
        </p>
      </div>
      {/* Tall enough to see a district and draw a rectangle in it (the small idea-page map is 260 px). */}
      <div
        ref={element}
        className="location-map select-ideas-map"
        style={{ height: "min(65vh, 560px)", minHeight: 320 }}
        role="region"
        aria-label={t("moderation.selectMapLabel")}
      />
    </div>
  );
}

const CLUSTER_CELL_PX = 56;

/** The ideas grouped by the screen cell they fall in at the map's zoom (one idea: a cell of one). */
function clusterOnScreen<T extends { lat: number; lng: number }>(map: L.Map, ideas: T[]): T[][] {
  const zoom = map.getZoom();
  const cells = new Map<string, T[]>();
  for (const idea of ideas) {
    const point = map.project([idea.lat, idea.lng], zoom);
    const key = `${Math.floor(point.x / CLUSTER_CELL_PX)}:${Math.floor(point.y / CLUSTER_CELL_PX)}`;
    const cell = cells.get(key);
    if (cell) cell.push(idea);
    else cells.set(key, [idea]);
  }
  return [...cells.values()];
}
