// GET /workshops/:id/results: what a workshop produced, for anyone (its ideas' pages link here):
// the public ideas by dots, per focus area and on a map. No names, no code, nothing still hidden
// or waiting; while the workshop runs, a line saying that the results come when it closes.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { ClientOnly } from "remix-utils/client-only";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ResultsLists } from "~/components/workshop/ResultsLists";
import { publicWorkshopResults, workshopById } from "~/models/workshops.server";
import { useRootData } from "~/root";
import { getFixedT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/misc";
import { lazyMap } from "~/components/map/lazy-map";

const GroupMap = lazyMap(() => import("~/components/map/GroupMap.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.pageTitle ?? "Samskapa Borås" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  const workshop = Number.isSafeInteger(id) ? workshopById(id) : undefined;
  invariantResponse(workshop, "Not found", { status: 404 });
  const { t } = await getFixedT(request);
  const closed = workshop.status === "closed";
  return json({
    pageTitle: `${t("workshop.resultsOf")}: ${workshop.title} – ${t("site.name")}`,
    title: workshop.title,
    closed,
    results: closed ? publicWorkshopResults(workshop.id) : [],
  });
}

export default function WorkshopResults() {
  const { title, closed, results } = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t } = useTranslation();
  return (
    <div className="page workshop-results">
      <p className="kicker">{t("workshop.resultsOf")}</p>
      <h1 dir="auto">{title}</h1>
      {closed ? (
        <>
          <ResultsLists results={results} heading="h2" />
          {results.length ? (
            <>
              <h2>{t("workshop.onMap")}</h2>
              <ClientOnly
                fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
              >
                {() => (
                  <Suspense
                    fallback={
                      <div className="location-map map-placeholder">{t("map.loading")}</div>
                    }
                  >
                    <GroupMap
                      ideas={results}
                      tileUrl={root.map.tileUrl}
                      tileAttribution={root.map.tileAttribution}
                    />
                  </Suspense>
                )}
              </ClientOnly>
            </>
          ) : null}
        </>
      ) : (
        <p>{t("workshop.resultsPending")}</p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
