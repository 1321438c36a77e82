// A small map showing where one idea is placed.
import L from "leaflet";
import { useTranslation } from "react-i18next";
import { GeoJSON, MapContainer, Marker, TileLayer } from "react-leaflet";
import { FOCUS_AREA_STYLE, type FocusArea } from "~/domain/focus-areas";
import { borasOutline } from "~/domain/geo";
import { focusSymbolSvg } from "~/components/focus-symbols";
import { useTileOptions } from "~/components/map/tile-options";

export type IdeaLocationMapProps = {
  lat: number;
  lng: number;
  focusArea: FocusArea;
  tileUrl: string;
  tileAttribution: string;
};

export default function IdeaLocationMap({
  lat,
  lng,
  focusArea,
  tileUrl,
  tileAttribution,
}: IdeaLocationMapProps) {
  const { t } = useTranslation();
  const tileOptions = useTileOptions();
  const icon = L.divIcon({
    className: "idea-marker",
    html: `<span class="idea-marker-body" style="background:${FOCUS_AREA_STYLE[focusArea].color}">${focusSymbolSvg(focusArea, 18)}</span>`,
    iconSize: [34, 34],
    iconAnchor: [17, 17],
  });
  return (
    <MapContainer center={[lat, lng]} zoom={14} className="location-map" scrollWheelZoom={false}>
      {tileUrl ? <TileLayer url={tileUrl} attribution={tileAttribution} {...tileOptions} /> : null}
      <GeoJSON
        data={borasOutline}
        style={{ color: "#0b4f3c", weight: 2, fillOpacity: 0 }}
        interactive={false}
      />
      <Marker
        position={[lat, lng]}
        icon={icon}
        keyboard={false}
        interactive={false}
        alt={t("idea.placeMarker")}
      />
    </MapContainer>
  );
}
