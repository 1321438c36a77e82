// GET/POST /w/:code: a participant's phone. Join without an account (optional name), then post
// ideas with a pin, place and take back dots, and see the room's ideas — live.
import { parseWithZod } from "@conform-to/zod";
import type {
  ActionFunctionArgs,
  HeadersFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useFetcher,
  useFetchers,
  useLoaderData,
  useNavigation,
  useRevalidator,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { FocusAreaSelect } from "~/components/FocusArea";
import { ErrorList, FormErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { Notice } from "~/components/Notice";
import { PlacePicker } from "~/components/PlacePicker";
import { Countdown, useNow } from "~/components/workshop/Countdown";
import { TooManyCodeGuesses } from "~/components/workshop/TooManyCodeGuesses";
import { isInBoras } from "~/domain/geo";
import { ParticipantActionSchema } from "~/domain/workshop-schemas";
import {
  heldIdeasOf,
  joinWorkshop,
  myDots,
  screenIdeas,
  waitingIdeasOf,
} from "~/models/workshops.server";
import { useRootData } from "~/root";
import { addWorkshopIdea, dot } from "~/services/workshop-actions.server";
import { getUser } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { placeSearchOf } from "~/utils/place-search.server";
import { consume, LIMITS } from "~/utils/rate-limit.server";
import {
  participantCookieHeader,
  participantStandingFor,
  requireWorkshopByCode,
} from "~/utils/workshop.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Samskapa Borås" },
];
/** A 429 (too many wrong codes, too many ideas) carries Retry-After on document requests too. */
export const headers: HeadersFunction = ({ errorHeaders, actionHeaders, loaderHeaders }) =>
  errorHeaders?.has("Retry-After")
    ? errorHeaders
    : actionHeaders.has("Retry-After")
      ? actionHeaders
      : loaderHeaders;

async function findWorkshop(request: Request, code: string | undefined, address: string) {
  const workshop = await requireWorkshopByCode(request, code, address);
  if (workshop.status === "closed") throw new Response("The workshop is closed", { status: 410 });
  return workshop;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const workshop = await findWorkshop(request, params.code, context.clientIp);
  const standing = await participantStandingFor(request, workshop);
  const participant = standing && !standing.blocked ? standing : null;
  const user = await getUser(request);
  const { t } = await getFixedT(request);
  const mine = participant ? myDots(participant.id) : new Map<number, number>();
  const ideas = screenIdeas(workshop).map((i) => ({ ...i, mine: mine.get(i.id) ?? 0 }));
  const used = [...mine.values()].reduce((a, b) => a + b, 0);
  return json({
    title: `${workshop.title} – ${t("site.name")}`,
    workshop: {
      code: workshop.code,
      title: workshop.title,
      dots: workshop.dots,
      focusArea: workshop.focusArea,
      frozen: workshop.frozen,
      timer: workshop.timer,
    },
    joined: participant ? { name: participant.name } : null,
    blocked: Boolean(standing?.blocked),
    signedInAs: user?.name ?? null,
    ideas,
    waiting: participant ? waitingIdeasOf(participant.id) : [],
    // While the screen is frozen the room does not see them yet, but their author does.
    held: participant ? heldIdeasOf(participant.id) : [],
    dotsLeft: workshop.dots - used,
    // The place search without JavaScript, as on /ideas/new: a GET form listing its matches.
    placeSearch: participant ? placeSearchOf(request, PLACE_SEARCH_FORM_ID) : undefined,
  });
}

const PLACE_SEARCH_FORM_ID = "place-search";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const workshop = await findWorkshop(request, params.code, context.clientIp);
  const submission = parseWithZod(await request.formData(), { schema: ParticipantActionSchema });
  if (submission.status !== "success") {
    return json(
      {
        intent: String(submission.payload.intent ?? ""),
        errors: (submission.reply().error ?? {}) as Record<string, string[]>,
      },
      { status: 400 },
    );
  }
  const value = submission.value;
  const back = (notice?: string) =>
    redirect(`/w/${workshop.code}${notice ? `?notice=${notice}` : ""}`, 303);

  // A blocked (or deleted) account's participant cookie neither acts nor joins again.
  const participant = await participantStandingFor(request, workshop);
  if (participant?.blocked)
    return json({ intent: value.intent, errors: { "": ["workshop.blocked"] } }, { status: 403 });

  if (value.intent === "join") {
    const limited = consume([[`w-join:ip:${context.clientIp}`, LIMITS.workshopJoinsPerAddress]]);
    if (!limited.ok)
      return json({ intent: "join", errors: { "": ["auth.tooManyAttempts"] } }, { status: 429 });
    const user = await getUser(request);
    // Joining again from the same browser keeps the participant, its dots and its limits.
    const { token } = joinWorkshop(workshop.id, {
      name: value.name || null,
      userId: user?.id ?? null,
      rejoining: participant?.id ?? null,
    });
    return redirect(`/w/${workshop.code}`, {
      status: 303,
      headers: { "Set-Cookie": await participantCookieHeader(workshop.id, token) },
    });
  }

  if (!participant)
    return json({ intent: value.intent, errors: { "": ["workshop.joinFirst"] } }, { status: 401 });

  switch (value.intent) {
    case "idea": {
      if (!isInBoras(value.lat, value.lng)) {
        return json(
          { intent: "idea", errors: { lat: ["validation.placeOutsideBoras"] } },
          { status: 400 },
        );
      }
      const limited = consume([
        [`w-idea:${participant.id}`, LIMITS.workshopIdeasPerParticipant],
        [`w-idea:${workshop.id}:ip:${context.clientIp}`, LIMITS.workshopIdeasPerAddress],
      ]);
      if (!limited.ok) {
        return json(
          { intent: "idea", errors: { "": ["newIdea.tooMany"] } },
          { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
        );
      }
      const posted = addWorkshopIdea(workshop, participant, value);
      return back(posted.waiting ? "pending" : posted.held ? "idea-held" : "idea-sent");
    }
    case "dot":
    case "undot": {
      const result = dot(workshop, participant.id, value.ideaId, value.intent === "dot");
      if (!result.ok) {
        const status =
          result.reason === "workshop.noDotsLeft"
            ? 409
            : result.reason === "workshop.notInWorkshop"
              ? 404
              : 409;
        return json({ intent: value.intent, errors: { "": [result.reason] } }, { status });
      }
      return back();
    }
  }
}

export default function ParticipantPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<{ intent: string; errors: Record<string, string[]> }>();
  const root = useRootData();
  const { t } = useTranslation();
  const revalidator = useRevalidator();
  const now = useNow();
  // A revalidation aborts whatever is loading: the page after a form (the idea just sent: the
  // notice would be lost) or a dot's fetcher (an AbortError in the console). It waits until
  // nothing is in flight.
  const navigation = useNavigation();
  const fetchers = useFetchers();
  const navigating = useRef(false);
  navigating.current =
    navigation.state !== "idle" ||
    revalidator.state !== "idle" ||
    fetchers.some((f) => f.state !== "idle");
  const ideaForm = useFreshIdeaFormAfterSuccess(Boolean(actionData));

  // The room's ideas and dots arrive live: refresh on every event.
  useEffect(() => {
    if (!data.joined) return;
    const source = new EventSource(`/api/workshops/${data.workshop.code}/events`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      const run = () => {
        if (navigating.current) timer = setTimeout(run, 250);
        else revalidator.revalidate();
      };
      timer = setTimeout(run, 250);
    };
    for (const type of ["idea", "dot", "state"]) source.addEventListener(type, refresh);
    return () => {
      clearTimeout(timer);
      source.close();
    };
    // revalidator is stable enough; reconnecting on every render would drop events.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data.joined, data.workshop.code]);

  if (data.blocked) {
    return (
      <div className="page narrow workshop-phone">
        <h1>{data.workshop.title}</h1>
        <p role="alert">{t("workshop.blocked")}</p>
      </div>
    );
  }

  if (!data.joined) {
    return (
      <div className="page narrow workshop-phone">
        <h1>{data.workshop.title}</h1>
        <p>{t("workshop.joinIntro")}</p>
        <Form method="post" className="stack-form">
          <input type="hidden" name="intent" value="join" />
          <FormErrors errors={actionData?.errors?.[""]} />
          {data.signedInAs ? (
            <p>{t("workshop.joinAsUser", { name: data.signedInAs })}</p>
          ) : (
            <div className="field">
              <label htmlFor="p-name">{t("workshop.nameLabel")}</label>
              <p id="p-name-hint" className="field-hint">
                {t("workshop.nameHint")}
              </p>
              <input
                id="p-name"
                name="name"
                maxLength={60}
                aria-describedby="p-name-hint"
                autoComplete="nickname"
              />
              <ErrorList errors={actionData?.errors?.name} />
            </div>
          )}
          <button type="submit" className="button">
            {t("workshop.joinButton")}
          </button>
        </Form>
      </div>
    );
  }

  const errors = actionData?.errors;
  return (
    <div className="page narrow workshop-phone">
      <Notice />
      <h1>{data.workshop.title}</h1>
      <p className="dots-left" aria-live="polite">
        {t("workshop.dotsLeft", { count: data.dotsLeft, total: data.workshop.dots })}
      </p>
      <FormErrors errors={errors?.[""]} />
      {data.workshop.timer ? (
        <Countdown timer={data.workshop.timer} now={now} variant="phone" />
      ) : null}

      <MyIdeasNotShown id="held" heading={t("workshop.heldHeading")} ideas={data.held} />
      <MyIdeasNotShown
        id="waiting"
        heading={t("workshop.waitingHeading")}
        note={t("workshop.waitingNote")}
        ideas={data.waiting}
      />

      <section aria-labelledby="room-heading">
        <h2 id="room-heading">{t("workshop.roomIdeas", { count: data.ideas.length })}</h2>
        {data.ideas.length === 0 ? <p>{t("workshop.noIdeasYet")}</p> : null}
        <ul className="room-ideas">
          {data.ideas.map((idea) => (
            <RoomIdea key={idea.id} idea={idea} dotsLeft={data.dotsLeft} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="post-heading" className="panel">
        <h2 id="post-heading">{t("workshop.postIdea")}</h2>
        <Form method="post" className="stack-form" key={ideaForm.key}>
          <input type="hidden" name="intent" value="idea" />
          <div className="field">
            <label htmlFor="i-title">{t("newIdea.titleLabel")}</label>
            <input
              id="i-title"
              name="title"
              required
              minLength={3}
              maxLength={120}
              aria-invalid={errors?.title ? true : undefined}
              aria-describedby={errors?.title ? "i-title-error" : undefined}
            />
            <ErrorList id="i-title-error" errors={errors?.title} />
          </div>
          <div className="field">
            <label htmlFor="i-body">{t("newIdea.bodyLabel")}</label>
            <textarea
              id="i-body"
              name="body"
              required
              minLength={10}
              maxLength={5000}
              rows={3}
              aria-invalid={errors?.body ? true : undefined}
              aria-describedby={errors?.body ? "i-body-error" : undefined}
            />
            <ErrorList id="i-body-error" errors={errors?.body} />
          </div>
          {data.workshop.focusArea ? null : <FocusAreaSelect id="i-focus" allowAny />}
          <PlacePicker
            errors={[...(errors?.lat ?? []), ...(errors?.lng ?? [])]}
            tileUrl={root.map.tileUrl}
            tileAttribution={root.map.tileAttribution}
            placeSearch={data.placeSearch}
          />
          <button type="submit" className="button" disabled={ideaForm.sending}>
            {t("workshop.sendIdea")}
          </button>
        </Form>
        {/* The no-JavaScript place search's fields sit in the idea's form and belong to this one. */}
        <form id={PLACE_SEARCH_FORM_ID} method="get" action={`/w/${data.workshop.code}`} hidden />
      </section>
    </div>
  );
}

/**
 * The idea form starts empty again (text, focus area and pin) once an idea went through, and its
 * button waits while one is on its way, so that a double tap sends once. After errors the person's
 * text stays.
 */
function useFreshIdeaFormAfterSuccess(failed: boolean) {
  const navigation = useNavigation();
  const sending = navigation.state !== "idle" && navigation.formData?.get("intent") === "idea";
  const [key, setKey] = useState(0);
  const wasSending = useRef(false);
  useEffect(() => {
    if (sending) {
      wasSending.current = true;
      return;
    }
    if (!wasSending.current) return;
    wasSending.current = false;
    if (!failed) setKey((k) => k + 1);
  }, [sending, failed]);
  return { key, sending };
}

function RoomIdea({
  idea,
  dotsLeft,
}: {
  idea: { id: number; title: string; name: string | null; dots: number; mine: number };
  dotsLeft: number;
}) {
  const fetcher = useFetcher();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (fetcher.state === "idle") setBusy(false);
  }, [fetcher.state]);
  return (
    <li className="room-idea">
      <p className="room-idea-title">{idea.title}</p>
      <p className="muted">
        {idea.name ? `${idea.name} · ` : ""}
        {t("workshop.dotCount", { count: idea.dots })}
        {idea.mine ? ` · ${t("workshop.yourDots", { count: idea.mine })}` : ""}
      </p>
      <div className="control-row">
        <fetcher.Form method="post" onSubmit={() => setBusy(true)}>
          <input type="hidden" name="intent" value="dot" />
          <input type="hidden" name="ideaId" value={idea.id} />
          <button
            type="submit"
            className="button small"
            disabled={busy || dotsLeft === 0}
            aria-label={t("workshop.dotOn", { title: idea.title })}
          >
            {t("workshop.dot")}
          </button>
        </fetcher.Form>
        {idea.mine > 0 ? (
          <fetcher.Form method="post" onSubmit={() => setBusy(true)}>
            <input type="hidden" name="intent" value="undot" />
            <input type="hidden" name="ideaId" value={idea.id} />
            <button
              type="submit"
              className="button secondary small"
              disabled={busy}
              aria-label={t("workshop.undotOn", { title: idea.title })}
            >
              {t("workshop.undot")}
            </button>
          </fetcher.Form>
        ) : null}
      </div>
    </li>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  if (isRouteErrorResponse(error) && error.status === 429) return <TooManyCodeGuesses />;
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 410)) {
    const kind = error.status === 410 ? "closed" : "unknown";
    return (
      <div className="page narrow error-page">
        <h1>{t(`workshop.${kind}Title`)}</h1>
        <p>{t(`workshop.${kind}Body`)}</p>
        <p>
          {/* A mistyped code: another try; a closed workshop: its ideas are on the map. */}
          {kind === "unknown" ? (
            <Link to="/w">{t("workshop.enterCodeTitle")}</Link>
          ) : (
            <Link to="/">{t("errors.backToMap")}</Link>
          )}
        </p>
      </div>
    );
  }
  return <GeneralErrorBoundary />;
}

/** The phone's own ideas the room does not see yet: held by a freeze, or waiting for a moderator. */
function MyIdeasNotShown({
  id,
  heading,
  note,
  ideas,
}: {
  id: string;
  heading: string;
  note?: string;
  ideas: { id: number; title: string }[];
}) {
  if (ideas.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-heading`} className={`panel ${id}-ideas`}>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {note ? <p className="muted">{note}</p> : null}
      <ul>
        {ideas.map((idea) => (
          <li key={idea.id} dir="auto">
            {idea.title}
          </li>
        ))}
      </ul>
    </section>
  );
}
