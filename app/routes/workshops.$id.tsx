// GET /workshops/:id: the facilitator's console — join code and QR, controls, the room's ideas;
// after closing, the results. POST: spotlight / freeze / unfreeze / hide-names / show-names /
// timer / stop-timer / close / capture (a sticky note typed on the laptop).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { FocusAreaSelect } from "~/components/FocusArea";
import { ClientOnly } from "remix-utils/client-only";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { ResultsLists } from "~/components/workshop/ResultsLists";
import { Notice } from "~/components/Notice";
import { CloseWorkshop } from "~/components/moderation/CloseWorkshop";
import { PlacePicker } from "~/components/PlacePicker";
import { isInBoras } from "~/domain/geo";
import { WorkshopControlSchema } from "~/domain/workshop-schemas";
import { participantCount, screenIdeas, workshopResults } from "~/models/workshops.server";
import { useRootData } from "~/root";
import { addWorkshopIdea, controlWorkshop } from "~/services/workshop-actions.server";
import { connectedCounts } from "~/services/workshop-hub.server";
import { env } from "~/utils/env.server";
import { getFixedT } from "~/utils/locale.server";
import { placeSearchOf } from "~/utils/place-search.server";
import { requireWorkshopFacilitator } from "~/utils/workshop.server";
import { lazyMap } from "~/components/map/lazy-map";

const GroupMap = lazyMap(() => import("~/components/map/GroupMap.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { workshop } = await requireWorkshopFacilitator(request, params);
  const { t } = await getFixedT(request);
  const joinUrl = `${env().PUBLIC_URL}/w/${workshop.code}`;
  return json({
    title: `${workshop.title} – ${t("site.name")}`,
    workshop,
    joinUrl,
    qr: await QRCode.toString(joinUrl, { type: "svg", margin: 1, errorCorrectionLevel: "M" }),
    ideas: workshop.status === "open" ? screenIdeas({ ...workshop, namesHidden: false }) : [],
    results: workshop.status === "closed" ? workshopResults(workshop.id) : [],
    participants: participantCount(workshop.id),
    connected: connectedCounts(workshop.id),
    // The sticky note's place search without JavaScript: a GET form listing its matches.
    placeSearch: placeSearchOf(request, PLACE_SEARCH_FORM_ID),
  });
}

const PLACE_SEARCH_FORM_ID = "place-search";

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, workshop } = await requireWorkshopFacilitator(request, params);
  const submission = parseWithZod(await request.formData(), { schema: WorkshopControlSchema });
  if (submission.status !== "success") {
    return json(
      { errors: (submission.reply().error ?? {}) as Record<string, string[]> },
      { status: 400 },
    );
  }
  if (workshop.status === "closed")
    return json({ errors: { "": ["workshop.closedAlready"] } }, { status: 409 });
  const value = submission.value;
  const back = () => redirect(`/workshops/${workshop.id}`, 303);
  switch (value.intent) {
    case "capture": {
      if (!isInBoras(value.lat, value.lng))
        return json({ errors: { lat: ["validation.placeOutsideBoras"] } }, { status: 400 });
      // The note is the room's, credited to the workshop: not the facilitator's, and not a phone.
      addWorkshopIdea(workshop, { facilitatorId: user.id }, value);
      return back();
    }
    case "spotlight":
      if (value.ideaId && !screenIdeas(workshop).some((i) => i.id === value.ideaId)) {
        return json({ errors: { ideaId: ["workshop.notInWorkshop"] } }, { status: 400 });
      }
      controlWorkshop(workshop, { kind: "spotlight", ideaId: value.ideaId ?? null }, user.id);
      return back();
    case "timer":
      controlWorkshop(
        workshop,
        { kind: "timer", minutes: value.minutes, label: value.label },
        user.id,
      );
      return back();
    case "hide": {
      if (!screenIdeas(workshop).some((i) => i.id === value.ideaId))
        return json({ errors: { ideaId: ["workshop.notInWorkshop"] } }, { status: 404 });
      const { t } = await getFixedT(request);
      controlWorkshop(
        workshop,
        { kind: "hide", ideaId: value.ideaId, reason: t("workshop.hiddenByFacilitator") },
        user.id,
      );
      return back();
    }
    default:
      controlWorkshop(workshop, { kind: value.intent }, user.id);
      return back();
  }
}

export default function WorkshopConsole() {
  const { workshop, joinUrl, qr, ideas, results, participants, connected, placeSearch } =
    useLoaderData<typeof loader>();
  const root = useRootData();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string[]> | undefined;
  const { t } = useTranslation();
  const open = workshop.status === "open";
  return (
    <div className="page workshop-console">
      <p>
        <Link to="/workshops">{t("workshop.allWorkshops")}</Link>
      </p>
      <Notice />
      <h1>{workshop.title}</h1>
      <ErrorList errors={errors ? Object.values(errors).flat() : undefined} />
      <div className="console-grid">
        <section aria-labelledby="join-heading" className="panel">
          <h2 id="join-heading">{t("workshop.joinHeading")}</h2>
          <p className="join-code">
            {t("workshop.code")} <strong>{workshop.code}</strong>
          </p>
          <p>
            <a href={joinUrl}>{joinUrl}</a>
          </p>
          {/* The QR code is SVG drawn by the qrcode library from our own address, not user text. */}
          <div
            className="qr"
            role="img"
            aria-label={t("workshop.qrLabel", { url: joinUrl })}
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <p>
            <a href={`/w/${workshop.code}/screen`} target="_blank" rel="noopener noreferrer">
              {t("workshop.openScreen")}
            </a>
          </p>
          <p className="muted">
            {t("workshop.inRoom", { count: participants })} ·{" "}
            {t("workshop.phonesConnected", { count: connected.phones })} ·{" "}
            {t("workshop.screensConnected", { count: connected.screens })}
          </p>
        </section>

        {open ? (
          <section aria-labelledby="controls-heading" className="panel">
            <h2 id="controls-heading">{t("workshop.controls")}</h2>
            <p>
              {workshop.frozen ? t("workshop.frozenNow") : t("workshop.liveNow")} ·{" "}
              {workshop.namesHidden ? t("workshop.namesHiddenNow") : t("workshop.namesShownNow")}
            </p>
            <div className="control-row">
              <ControlButton
                intent={workshop.frozen ? "unfreeze" : "freeze"}
                label={workshop.frozen ? t("workshop.unfreeze") : t("workshop.freeze")}
              />
              <ControlButton
                intent={workshop.namesHidden ? "show-names" : "hide-names"}
                label={workshop.namesHidden ? t("workshop.showNames") : t("workshop.hideNames")}
              />
            </div>
            <Form method="post" className="control-row">
              <input type="hidden" name="intent" value="timer" />
              <label>
                <span>{t("workshop.timerMinutes")}</span>
                <input
                  name="minutes"
                  type="number"
                  min={0.5}
                  max={180}
                  step={0.5}
                  defaultValue={5}
                  required
                />
              </label>
              <label>
                <span>{t("workshop.timerLabel")}</span>
                <input name="label" maxLength={80} />
              </label>
              <button type="submit" className="button secondary">
                {t("workshop.startTimer")}
              </button>
            </Form>
            {workshop.timer ? (
              <ControlButton intent="stop-timer" label={t("workshop.stopTimer")} />
            ) : null}
            <Form method="post" className="control-row">
              <input type="hidden" name="intent" value="spotlight" />
              <label>
                <span>{t("workshop.spotlightLabel")}</span>
                <select name="ideaId" defaultValue={workshop.spotlightIdeaId ?? ""}>
                  <option value="">{t("workshop.noSpotlight")}</option>
                  {ideas.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.title}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="button secondary">
                {t("workshop.spotlight")}
              </button>
            </Form>
            <CloseWorkshop participants={participants} />
          </section>
        ) : null}
      </div>

      {open ? (
        <section aria-labelledby="capture-heading" className="panel">
          <h2 id="capture-heading">{t("workshop.capture")}</h2>
          <Form method="post" className="stack-form">
            <input type="hidden" name="intent" value="capture" />
            <div className="field">
              <label htmlFor="c-title">{t("newIdea.titleLabel")}</label>
              <input id="c-title" name="title" required minLength={3} maxLength={120} />
            </div>
            <div className="field">
              <label htmlFor="c-body">{t("newIdea.bodyLabel")}</label>
              <textarea id="c-body" name="body" required minLength={10} maxLength={5000} rows={3} />
            </div>
            <FocusAreaSelect id="c-focus" defaultValue={workshop.focusArea ?? ""} allowAny />
            <PlacePicker
              errors={[...(errors?.lat ?? []), ...(errors?.lng ?? [])]}
              tileUrl={root.map.tileUrl}
              tileAttribution={root.map.tileAttribution}
              placeSearch={placeSearch}
            />
            <button type="submit" className="button">
              {t("workshop.captureButton")}
            </button>
          </Form>
          {/* The no-JavaScript place search's fields sit in the note's form and belong to this one. */}
          <form
            id={PLACE_SEARCH_FORM_ID}
            method="get"
            action={`/workshops/${workshop.id}`}
            hidden
          />
        </section>
      ) : null}

      {open ? (
        <section aria-labelledby="room-ideas">
          <h2 id="room-ideas">{t("workshop.roomIdeas", { count: ideas.length })}</h2>
          <ol className="plain-list">
            {ideas.map((i) => (
              <li key={i.id}>
                <span dir="auto">{i.title}</span>{" "}
                <span className="muted">· {t("workshop.dotCount", { count: i.dots })}</span>{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="hide" />
                  <input type="hidden" name="ideaId" value={i.id} />
                  <button
                    type="submit"
                    className="button secondary small"
                    aria-label={t("workshop.hideOn", { title: i.title })}
                  >
                    {t("workshop.hide")}
                  </button>
                </Form>
              </li>
            ))}
          </ol>
        </section>
      ) : (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t("workshop.results")}</h2>
          <p>
            <a href={`/workshops/${workshop.id}/results.csv`} download>
              {t("workshop.downloadCsv")}
            </a>
          </p>
          <ResultsLists results={results} heading="h3" />
          <h3>{t("workshop.onMap")}</h3>
          {results.length ? (
            <ClientOnly
              fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
            >
              {() => (
                <Suspense
                  fallback={<div className="location-map map-placeholder">{t("map.loading")}</div>}
                >
                  <GroupMap
                    ideas={results}
                    tileUrl={root.map.tileUrl}
                    tileAttribution={root.map.tileAttribution}
                  />
                </Suspense>
              )}
            </ClientOnly>
          ) : null}
          <p>
            <Link
              to={`/?bbox=${workshop.area ? [workshop.area.west, workshop.area.south, workshop.area.east, workshop.area.north].join(",") : ""}`}
            >
              {t("workshop.seeOnMap")}
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}

function ControlButton({ intent, label }: { intent: string; label: string }) {
  return (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="button secondary">
        {label}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
