// Options every map's tile layer shares: from the root loader, so that no route has to pass them.
import { useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "~/root";

/**
 * Beyond the tile file's deepest zoom Leaflet scales that zoom's tiles up (maxNativeZoom) instead
 * of asking /tiles/ for tiles the file cannot have.
 */
export function useTileOptions(): { maxNativeZoom?: number } {
  const maxNativeZoom = useRouteLoaderData<typeof rootLoader>("root")?.map.maxNativeZoom;
  return typeof maxNativeZoom === "number" ? { maxNativeZoom } : {};
}
