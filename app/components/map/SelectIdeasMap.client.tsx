// The moderator's map for adding ideas to a group: the candidate ideas as markers; drag a
// rectangle (after pressing "Välj med rektangel") to tick every idea inside it in the list below.
// The list's checkboxes stay the way to do the same by keyboard.
import L from "leaflet";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FOCUS_AREA_STYLE, type FocusArea } from "~/domain/focus-areas";
import { BORAS_BOUNDS, borasOutline } from "~/domain/geo";
import { focusSymbolSvg } from "~/components/focus-symbols";

export type SelectIdeasMapProps = {
  ideas: { id: number; title: string; focusArea: FocusArea; lat: number; lng: number }[];
  /** the form whose checkboxes (name="ideaId") the rectangle ticks */
  formId: string;
  tileUrl: string;
  tileAttribution: string;
};

export default function SelectIdeasMap({ ideas, formId, tileUrl, tileAttribution }: SelectIdeasMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const [drawing, setDrawing] = useState(false);
  const [picked, setPicked] = useState<number | null>(null);

  useEffect(() => {
    const created = L.map(element.current!, { keyboard: true });
    const bounds = ideas.length
      ? L.latLngBounds(ideas.map((i) => [i.lat, i.lng] as [number, number])).pad(0.2)
      : L.latLngBounds([BORAS_BOUNDS.south, BORAS_BOUNDS.west], [BORAS_BOUNDS.north, BORAS_BOUNDS.east]);
    created.fitBounds(bounds, { maxZoom: 15 });
    L.tileLayer(tileUrl, { attribution: tileAttribution }).addTo(created);
    L.geoJSON(borasOutline, { style: { color: "#0b4f3c", weight: 2, fillOpacity: 0 }, interactive: false }).addTo(created);
    for (const idea of ideas) {
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
      }).addTo(created);
    }
    map.current = created;
    return () => {
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
      rectangle = L.rectangle(L.latLngBounds(start, start), { color: "#b3261e", weight: 2 }).addTo(current);
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
        <button type="button" className="button secondary" aria-pressed={drawing} onClick={() => setDrawing((d) => !d)}>
          {drawing ? t("moderation.drawingRectangle") : t("moderation.selectRectangle")}
        </button>
        <p aria-live="polite" className="muted">
          {picked === null ? t("moderation.rectangleHint") : t("moderation.rectanglePicked", { count: picked })}
        </p>
      </div>
      <div ref={element} className="location-map" role="region" aria-label={t("moderation.selectMapLabel")} />
    </div>
  );
}
