// GET /w/:code/screen: the projector view — full-screen map of the workshop's area, large type,
// the QR code and code to join, new ideas arriving live, dots, the spotlighted idea, a timer.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import QRCode from "qrcode";
import { Suspense, useEffect, useReducer, useState } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { Countdown, useNow } from "~/components/workshop/Countdown";
import { TooManyCodeGuesses } from "~/components/workshop/TooManyCodeGuesses";
import { useRootData } from "~/root";
import { screenState, type ScreenState } from "~/services/workshop-hub.server";
import { env } from "~/utils/env.server";
import { getFixedT } from "~/utils/locale.server";
import { requireWorkshopByCode } from "~/utils/workshop.server";
import { lazyMap } from "~/components/map/lazy-map";

const ScreenMap = lazyMap(() => import("~/components/map/ScreenMap.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Samskapa Borås" },
];
/** A 429 for too many wrong codes carries Retry-After on the document too. */
export const headers: HeadersFunction = ({ errorHeaders, loaderHeaders }) =>
  errorHeaders?.has("Retry-After") ? errorHeaders : loaderHeaders;
/** No site header or footer: the screen is the whole page. */
export const handle = { bare: true };

const FRESH_MS = 8000;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workshop = await requireWorkshopByCode(request, params.code, context.clientIp);
  const { t } = await getFixedT(request);
  const joinUrl = `${env().PUBLIC_URL}/w/${workshop.code}`;
  return json({
    title: `${workshop.title} – ${t("site.name")}`,
    joinUrl,
    qr: await QRCode.toString(joinUrl, {
      type: "svg",
      margin: 1,
      errorCorrectionLevel: "M",
      color: { dark: "#000000", light: "#ffffff" },
    }),
    initial: screenState(workshop),
  });
}

type Idea = ScreenState["ideas"][number] & { arrivedAt?: number };
type State = Omit<ScreenState, "ideas"> & { ideas: Idea[] };
type Action =
  | { type: "state"; state: ScreenState }
  | { type: "idea"; idea: ScreenState["ideas"][number]; at: number }
  | { type: "dot"; ideaId: number; dots: number }
  | { type: "spotlight"; ideaId: number | null };

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case "state":
      return {
        ...action.state,
        ideas: action.state.ideas.map((i) => ({
          ...i,
          arrivedAt: state.ideas.find((o) => o.id === i.id)?.arrivedAt,
        })),
      };
    case "idea": {
      const rest = state.ideas.filter((i) => i.id !== action.idea.id);
      return { ...state, ideas: [...rest, { ...action.idea, arrivedAt: action.at }] };
    }
    case "dot":
      return {
        ...state,
        ideas: state.ideas.map((i) => (i.id === action.ideaId ? { ...i, dots: action.dots } : i)),
      };
    case "spotlight":
      return { ...state, spotlightIdeaId: action.ideaId };
  }
}

export default function ProjectorScreen() {
  const { initial, qr, joinUrl } = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t } = useTranslation();
  const [state, dispatch] = useReducer(reducer, initial as State);
  // Null until the page runs in the browser (see useNow): no time drawn on the server.
  const now = useNow();
  const [connected, setConnected] = useState(true);

  useEffect(() => {
    const source = new EventSource(`/api/workshops/${initial.code}/events`);
    source.addEventListener("state", (e) =>
      dispatch({ type: "state", state: JSON.parse((e as MessageEvent).data) }),
    );
    source.addEventListener("idea", (e) =>
      dispatch({ type: "idea", idea: JSON.parse((e as MessageEvent).data), at: Date.now() }),
    );
    source.addEventListener("dot", (e) => {
      const { ideaId, dots } = JSON.parse((e as MessageEvent).data);
      dispatch({ type: "dot", ideaId, dots });
    });
    source.addEventListener("spotlight", (e) =>
      dispatch({ type: "spotlight", ideaId: JSON.parse((e as MessageEvent).data).ideaId }),
    );
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false); // EventSource reconnects by itself, with Last-Event-ID
    return () => source.close();
  }, [initial.code]);

  const closed = state.status === "closed";
  // A closed workshop thanks the room: no code to join, no spotlight or timer left over.
  const spotlight = closed
    ? null
    : (state.ideas.find((i) => i.id === state.spotlightIdeaId) ?? null);
  const isFresh = (i: Idea) => Boolean(now !== null && i.arrivedAt && now - i.arrivedAt < FRESH_MS);
  const latest = [...state.ideas]
    .sort((a, b) => (b.arrivedAt ?? 0) - (a.arrivedAt ?? 0) || b.id - a.id)
    .slice(0, 5);
  const mapIdeas = state.ideas.map((i) => ({ ...i, fresh: isFresh(i) }));

  return (
    <div className="screen" data-status={state.status}>
      <div className="screen-main">
        <h1 className="screen-title">{state.title}</h1>
        <ClientOnly fallback={<div className="screen-map" />}>
          {() => (
            <Suspense fallback={<div className="screen-map" />}>
              <ScreenMap
                ideas={mapIdeas}
                area={state.area}
                spotlightId={spotlight?.id ?? null}
                tileUrl={root.map.tileUrl}
                tileAttribution={root.map.tileAttribution}
              />
            </Suspense>
          )}
        </ClientOnly>
        {spotlight ? (
          <section className="spotlight" aria-live="polite" aria-labelledby="spotlight-title">
            <p className="spotlight-kicker">{t("workshop.spotlightNow")}</p>
            <h2 id="spotlight-title">{spotlight.title}</h2>
            <p>{spotlight.body}</p>
            <p className="spotlight-meta">
              {spotlight.name && !state.namesHidden ? `${spotlight.name} · ` : ""}
              {t("workshop.dotCount", { count: spotlight.dots })}
            </p>
          </section>
        ) : null}
      </div>
      <aside className="screen-side">
        {closed ? (
          <div className="screen-closed" role="status">
            <p className="screen-closed-title">{t("workshop.closedScreen")}</p>
            <p>{t("workshop.closedScreenBody")}</p>
          </div>
        ) : (
          <div className="screen-join">
            {/* SVG drawn by the qrcode library from our own address. */}
            <div
              className="qr"
              role="img"
              aria-label={t("workshop.qrLabel", { url: joinUrl })}
              dangerouslySetInnerHTML={{ __html: qr }}
            />
            <p className="screen-code">
              {t("workshop.code")} <strong>{state.code}</strong>
            </p>
            <p className="screen-url">{joinUrl.replace(/^https?:\/\//, "")}</p>
          </div>
        )}
        {state.timer && !closed ? (
          <Countdown timer={state.timer} now={now} variant="screen" />
        ) : null}
        <p className="screen-count" aria-live="polite">
          {t("workshop.ideaCount", { count: state.ideas.length })} ·{" "}
          {t("workshop.dotCount", { count: state.ideas.reduce((s, i) => s + i.dots, 0) })}
        </p>
        {state.frozen && !closed ? (
          <p className="screen-frozen">{t("workshop.frozenScreen")}</p>
        ) : null}
        <ol className="screen-latest" aria-label={t("workshop.latestIdeas")}>
          {latest.map((i) => (
            <li key={i.id} className={isFresh(i) ? "is-fresh" : undefined}>
              <span className="screen-latest-title">{i.title}</span>
              <span className="screen-latest-meta">
                {i.name && !state.namesHidden ? `${i.name} · ` : ""}
                {t("workshop.dotCount", { count: i.dots })}
              </span>
            </li>
          ))}
        </ol>
        {!connected ? <p className="screen-offline">{t("workshop.reconnecting")}</p> : null}
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 429) return <TooManyCodeGuesses />;
  return <GeneralErrorBoundary />;
}
