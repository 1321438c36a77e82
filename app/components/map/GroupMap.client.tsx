// A group's footprint: its ideas' places on a small map.
import L from "leaflet";
import { useTranslation } from "react-i18next";
import { GeoJSON, MapContainer, Marker, TileLayer } from "react-leaflet";
import { FOCUS_AREA_STYLE, type FocusArea } from "~/domain/focus-areas";
import { borasOutline } from "~/domain/geo";
import { focusSymbolSvg } from "~/components/focus-symbols";
import { useTileOptions } from "~/components/map/tile-options";

export type GroupMapProps = {
  ideas: { id: number; title: string; focusArea: FocusArea; lat: number; lng: number }[];
  tileUrl: string;
  tileAttribution: string;
  /** what the map shows, for screen readers (default: a group's ideas) */
  label?: string;
};

export default function GroupMap({ ideas, tileUrl, tileAttribution, label }: GroupMapProps) {
  const { t } = useTranslation();
  const tileOptions = useTileOptions();
  const bounds = L.latLngBounds(ideas.map((i) => [i.lat, i.lng] as [number, number])).pad(0.3);
  return (
    <MapContainer
      bounds={bounds}
      maxZoom={16}
      className="location-map"
      scrollWheelZoom={false}
      aria-label={label ?? t("groups.mapLabel")}
    >
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} {...tileOptions} /> : null}
      <GeoJSON
        data={borasOutline}
        style={{ color: "#0b4f3c", weight: 2, fillOpacity: 0 }}
        interactive={false}
      />
      {ideas.map((idea) => (
        <Marker
          key={idea.id}
          position={[idea.lat, idea.lng]}
          keyboard={false}
          interactive={false}
          alt={idea.title}
          icon={L.divIcon({
            className: "idea-marker",
            html: `<span class="idea-marker-body" style="background:${FOCUS_AREA_STYLE[idea.focusArea].color}">${focusSymbolSvg(idea.focusArea, 18)}</span>`,
            iconSize: [34, 34],
            iconAnchor: [17, 17],
          })}
        />
      ))}
    </MapContainer>
  );
}
