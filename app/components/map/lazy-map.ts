// A map component loaded only when it is about to show, together with Leaflet's stylesheet: no
// page waits for the map's styles before its first paint (issue 14: on `/` leaflet.css was
// render-blocking though the map comes after the list), and pages without JavaScript, which never
// show a map, never load them.
import { lazy, type ComponentType } from "react";
import leafletStyles from "leaflet/dist/leaflet.css";

let stylesheet: Promise<void> | undefined;

/** Adds Leaflet's stylesheet to the document once; resolves when it has loaded (or failed). */
function leafletStylesheet(): Promise<void> {
  return (stylesheet ??= new Promise<void>((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = leafletStyles;
    // A map without its styles still beats no map: a failed load does not hold the map back.
    link.onload = link.onerror = () => resolve();
    document.head.append(link);
  }));
}

/** `React.lazy` for a map module: the module and Leaflet's stylesheet load side by side. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the props of any map component
export function lazyMap<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() => Promise.all([load(), leafletStylesheet()]).then(([module]) => module));
}
