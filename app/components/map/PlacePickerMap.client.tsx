// The map part of the place picker: tap or click to drop the pin, drag it, arrow keys on the pin to
// nudge it, Enter on the map to drop it in the middle. It only draws and reports; PlacePicker owns
// the point.
import L from "leaflet";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { GeoJSON, MapContainer, Marker, TileLayer, useMap, useMapEvents } from "react-leaflet";
import {
  FINE_NUDGE_METERS,
  NUDGE_METERS,
  type CompassDirection,
  type Point,
} from "~/domain/describe-place";
import { BORAS_BOUNDS, borasOutline } from "~/domain/geo";
import { useTileOptions } from "~/components/map/tile-options";

/** Where PlacePicker wants the map: "focus" zooms to the point, "reveal" pans only if it is off screen. */
export type MapView = Point & { mode: "focus" | "reveal"; zoom?: number; seq: number };

export type PlacePickerMapProps = {
  point: Point | null;
  outside: boolean;
  view: MapView | null;
  /** a click, a drag or Enter on the map put the pin here */
  onPick: (point: Point) => void;
  /** an arrow key on the pin: move it this many metres */
  onNudge: (direction: CompassDirection, meters: number) => void;
  /** ids of the texts that explain how to use the map with a keyboard */
  describedBy?: string;
  tileUrl: string;
  tileAttribution: string;
};

const ARROWS: Record<string, CompassDirection> = {
  ArrowUp: "north",
  ArrowDown: "south",
  ArrowRight: "east",
  ArrowLeft: "west",
};
const outlineStyle = {
  color: "#0b4f3c",
  weight: 3,
  fillColor: "#0b4f3c",
  fillOpacity: 0.04,
  dashArray: "6 4",
};
const bounds = L.latLngBounds(
  [BORAS_BOUNDS.south, BORAS_BOUNDS.west],
  [BORAS_BOUNDS.north, BORAS_BOUNDS.east],
);
const INITIAL_ZOOM_WITH_POINT = 15;

// One icon for both states: changing a marker's icon replaces its element, and the pin would lose
// keyboard focus in the middle of a nudge. The warning style is a class on the element instead.
const pinIcon = L.divIcon({
  className: "idea-marker place-picker-pin",
  html:
    '<span class="idea-marker-body place-picker-pin-body">' +
    '<svg class="place-picker-pin-inside" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">' +
    '<circle cx="8" cy="8" r="4" fill="currentColor"/><circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="2"/></svg>' +
    '<svg class="place-picker-pin-outside" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">' +
    '<rect x="7.5" y="2" width="3" height="9" rx="1" fill="currentColor"/><circle cx="9" cy="14.5" r="1.8" fill="currentColor"/></svg>' +
    "</span>",
  iconSize: [44, 44],
  iconAnchor: [22, 22],
});

function prefersReducedMotion() {
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

export default function PlacePickerMap({
  point,
  outside,
  view,
  onPick,
  onNudge,
  describedBy,
  tileUrl,
  tileAttribution,
}: PlacePickerMapProps) {
  const { t } = useTranslation();
  const tileOptions = useTileOptions();
  return (
    <MapContainer
      {...(point ? { center: [point.lat, point.lng], zoom: INITIAL_ZOOM_WITH_POINT } : { bounds })}
      maxBounds={bounds.pad(0.5)}
      minZoom={9}
      maxZoom={18}
      className="place-picker-map"
      // A form scrolls; the wheel should scroll the page, not zoom the map under the pointer.
      scrollWheelZoom={false}
      keyboard
    >
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} {...tileOptions} /> : null}
      <GeoJSON data={borasOutline} style={outlineStyle} interactive={false} />
      <MapBehaviour
        label={t("placePicker.mapLabel")}
        describedBy={describedBy}
        view={view}
        onPick={onPick}
      />
      {point ? (
        <Pin
          point={point}
          outside={outside}
          label={t(outside ? "placePicker.pinLabelOutside" : "placePicker.pinLabel")}
          onPick={onPick}
          onNudge={onNudge}
        />
      ) : null}
    </MapContainer>
  );
}

/** Names the map, drops the pin on click or Enter, and follows the view PlacePicker asks for. */
function MapBehaviour({
  label,
  describedBy,
  view,
  onPick,
}: {
  label: string;
  describedBy?: string;
  view: MapView | null;
  onPick: (point: Point) => void;
}) {
  const map = useMap();
  const pick = useRef(onPick);
  pick.current = onPick;

  useMapEvents({
    click: (e) => pick.current({ lat: e.latlng.lat, lng: e.latlng.lng }),
  });

  useEffect(() => {
    const container = map.getContainer();
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", label);
    if (describedBy) container.setAttribute("aria-describedby", describedBy);
    else container.removeAttribute("aria-describedby");
  }, [map, label, describedBy]);

  useEffect(() => {
    const container = map.getContainer();
    // Leaflet pans with the arrow keys but has no way to drop a point from the keyboard.
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.target !== container || (event.key !== "Enter" && event.key !== " ")) return;
      event.preventDefault();
      const centre = map.getCenter();
      pick.current({ lat: centre.lat, lng: centre.lng });
    };
    container.addEventListener("keydown", onKeyDown);
    return () => container.removeEventListener("keydown", onKeyDown);
  }, [map]);

  const seq = view?.seq;
  useEffect(() => {
    if (!view) return;
    const target = L.latLng(view.lat, view.lng);
    const animate = !prefersReducedMotion();
    if (view.mode === "focus") {
      const zoom = Math.max(view.zoom ?? map.getZoom(), map.getZoom());
      if (animate) map.flyTo(target, zoom, { duration: 0.6 });
      else map.setView(target, zoom, { animate: false });
    } else if (!map.getBounds().pad(-0.15).contains(target)) {
      map.panTo(target, { animate });
    }
    // Only a new request moves the map; the same request re-rendered does not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, seq]);

  return null;
}

function Pin({
  point,
  outside,
  label,
  onPick,
  onNudge,
}: {
  point: Point;
  outside: boolean;
  label: string;
  onPick: (point: Point) => void;
  onNudge: (direction: CompassDirection, meters: number) => void;
}) {
  const marker = useRef<L.Marker | null>(null);
  const nudge = useRef(onNudge);
  nudge.current = onNudge;

  // The element exists once the marker is on the map; it stays the same as long as the icon does.
  const element = () => marker.current?.getElement() ?? null;

  useEffect(() => {
    const pin = element();
    if (!pin) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const direction = ARROWS[event.key];
      if (!direction || event.altKey || event.ctrlKey || event.metaKey) return;
      // Keep Leaflet's map keyboard handler from panning the map as well.
      event.preventDefault();
      event.stopPropagation();
      nudge.current(direction, event.shiftKey ? FINE_NUDGE_METERS : NUDGE_METERS);
    };
    pin.addEventListener("keydown", onKeyDown);
    return () => pin.removeEventListener("keydown", onKeyDown);
  }, []);

  useEffect(() => {
    const pin = element();
    if (!pin) return;
    pin.setAttribute("aria-label", label);
    pin.classList.toggle("is-outside", outside);
  }, [label, outside]);

  return (
    <Marker
      ref={marker}
      position={[point.lat, point.lng]}
      icon={pinIcon}
      draggable
      keyboard
      autoPan
      eventHandlers={{
        dragend: (e) => {
          const { lat, lng } = (e.target as L.Marker).getLatLng();
          onPick({ lat, lng });
        },
      }}
    />
  );
}
