// GET/POST /ideas/new: a signed-in resident pins a new idea in Borås (optionally with a photo),
// after seeing similar ideas nearby that they could support instead: beside the text while
// writing, and, when the page's form finds close matches, as a step before publishing
// (`confirmNew=1` publishes anyway; `supportInstead=ID` supports that idea and keeps the draft).
import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { FocusIcon } from "~/components/FocusArea";
import { ErrorList, Field, FormErrors, Honeypot, TextAreaField } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { PlacePicker } from "~/components/PlacePicker";
import { SimilarIdeas, SimilarStep } from "~/components/SimilarIdeas";
import { FOCUS_AREA_STYLE, FOCUS_AREAS } from "~/domain/focus-areas";
import { BODY_MAX, TITLE_MAX } from "~/domain/idea-limits";
import { NewIdeaSchema } from "~/domain/idea-schemas";
import { PLACE_ID_FIELD, withListedPlace } from "~/domain/places";
import { postIdea } from "~/models/ideas.server";
import type { IdeaDraft } from "~/models/idea-drafts.server";
import type { SimilarIdea } from "~/services/similarity.server";
import {
  closeMatches,
  discardIdeaDraft,
  ideaDraftFor,
  supportInsteadOfPosting,
} from "~/services/new-idea.server";
import { useRootData } from "~/root";
import { refreshIdeas } from "~/services/map-index.server";
import {
  acceptIdeaPhoto,
  deletePhoto,
  MAX_PHOTO_BYTES,
  photoRefusalAnswer,
} from "~/services/photos.server";
import { requireUser } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { placeSearchOf } from "~/utils/place-search.server";
import { consume, LIMITS, retryAfter } from "~/utils/rate-limit.server";
import { retryAfterHeaders } from "~/utils/headers";
import { invariantResponse } from "~/utils/misc";
import { readFormData } from "~/utils/multipart.server";

export const headers = retryAfterHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("newIdea.title")} – ${t("site.name")}`,
    draft: ideaDraftFor(user.id),
    // The place search without JavaScript: a GET form whose matches are listed in the place list.
    placeSearch: placeSearchOf(request, PLACE_SEARCH_FORM_ID),
  });
}

const PLACE_SEARCH_FORM_ID = "place-search";

/** What was typed, as far as it goes: a draft need not be a valid idea yet. */
function draftFrom(formData: FormData): IdeaDraft {
  // A place chosen from the list (no JavaScript) is kept as its coordinates.
  const fields = withListedPlace(Object.fromEntries(formData)) as Record<string, unknown>;
  const text = (name: string, max: number) => {
    const value = fields[name];
    return typeof value === "string" ? value.slice(0, max) : "";
  };
  const coordinate = (name: string, limit: number) => {
    const value = text(name, 30);
    return value !== "" && Number.isFinite(Number(value)) && Math.abs(Number(value)) <= limit
      ? Number(value)
      : null;
  };
  const focusArea = text("focusArea", 20);
  return {
    title: text("title", TITLE_MAX),
    body: text("body", BODY_MAX),
    focusArea: (FOCUS_AREAS as readonly string[]).includes(focusArea) ? focusArea : "",
    lat: coordinate("lat", 90),
    lng: coordinate("lng", 180),
  };
}

// The page's own form is multipart (it may carry a photo): readFormData takes a slice per part
// rather than undici's parser.
async function readForm(request: Request): Promise<FormData | "too-large"> {
  const formData = await readFormData(request);
  if (!formData) throw new Response("Malformed form", { status: 400 });
  const photo = formData.get("photo");
  return photo instanceof File && photo.size > MAX_PHOTO_BYTES ? "too-large" : formData;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Someone already at their limit is answered before their upload is even parsed.
  const ideaWait = retryAfter(`idea:${user.id}`, LIMITS.ideasPerPerson);
  if (ideaWait > 0) {
    return json(
      { result: { status: "error" as const, error: { "": ["newIdea.tooMany"] } } },
      { status: 429, headers: { "Retry-After": String(ideaWait) } },
    );
  }
  const formData = await readForm(request);
  if (formData === "too-large") {
    // The rest of the upload is unread: close the connection rather than reuse it.
    return json(
      {
        result: {
          status: "error" as const,
          error: { photo: [photoRefusalAnswer({ ok: false, reason: "too-large" }).key] },
        },
      },
      { status: 413, headers: { Connection: "close" } },
    );
  }
  if (formData.get("intent") === "discard-draft") {
    discardIdeaDraft(user.id);
    return redirect("/ideas/new", 303);
  }
  const supportInstead = formData.get("supportInstead");
  if (supportInstead !== null) {
    invariantResponse(
      typeof supportInstead === "string" && /^\d{1,15}$/.test(supportInstead),
      "Bad idea id",
      { status: 400 },
    );
    invariantResponse(!formData.get("website"), "Honeypot", { status: 400 });
    const ideaId = Number(supportInstead);
    const outcome = supportInsteadOfPosting(user.id, ideaId, draftFrom(formData));
    invariantResponse(outcome !== undefined, "Not found", { status: 404 });
    return redirect(`/ideas/${ideaId}${outcome === "own" ? "" : "?notice=supported-instead"}`, 303);
  }

  const submission = parseWithZod(formData, { schema: NewIdeaSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });

  // The page's form asks for the step (checkSimilar); a plain POST of the fields publishes at once.
  if (formData.get("checkSimilar") === "1" && formData.get("confirmNew") !== "1") {
    const similar = await closeMatches(submission.value);
    if (similar.length > 0) {
      const photo = formData.get("photo");
      return json({
        result: submission.reply(),
        similar,
        hadPhoto: photo instanceof File && photo.size > 0,
      });
    }
  }

  let photoPath: string | null = null;
  const photo = formData.get("photo");
  if (photo instanceof File && photo.size > 0) {
    // The person's limits are counted before the photo is decoded (acceptIdeaPhoto).
    const accepted = await acceptIdeaPhoto(
      user.id,
      new Uint8Array(await photo.arrayBuffer()),
      context.photoAdmission,
    );
    if (!accepted.ok) {
      const refused = photoRefusalAnswer(accepted);
      const reply =
        refused.about === "form"
          ? submission.reply({ formErrors: [refused.key] })
          : submission.reply({ fieldErrors: { photo: [refused.key] } });
      return json({ result: reply }, { status: refused.status, headers: refused.headers });
    }
    photoPath = accepted.name;
  }

  // Counted only now, so that a refused photo does not use up one of the person's ideas.
  const limited = consume([[`idea:${user.id}`, LIMITS.ideasPerPerson]]);
  if (!limited.ok) {
    if (photoPath) await deletePhoto(photoPath);
    return json(
      { result: submission.reply({ formErrors: ["newIdea.tooMany"] }) },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  }

  const { title, body, focusArea, lat, lng } = submission.value;
  let posted: ReturnType<typeof postIdea>;
  try {
    posted = postIdea({ title, body, focusArea, lat, lng, authorId: user.id, photoPath });
  } catch (error) {
    if (photoPath) await deletePhoto(photoPath);
    throw error;
  }
  if (!posted.created && photoPath) await deletePhoto(photoPath);
  if (posted.created) refreshIdeas([posted.id]);
  if (posted.created) discardIdeaDraft(user.id);
  if (posted.pending) return redirect("/me?notice=pending", 303);
  return redirect(`/ideas/${posted.id}?notice=posted`, 303);
}

export default function NewIdeaPage() {
  const actionData = useActionData<typeof action>();
  const { draft, placeSearch } = useLoaderData<typeof loader>();
  const root = useRootData();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const wide = useWideLayout();
  const [text, setText] = useState(draft ? `${draft.title} ${draft.body}` : "");
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(
    draft?.lat != null && draft.lng != null ? { lat: draft.lat, lng: draft.lng } : null,
  );
  const step =
    actionData && "similar" in actionData
      ? (actionData as unknown as { similar: SimilarIdea[]; hadPhoto: boolean })
      : null;
  const stepRef = useRef<HTMLElement>(null);
  useEffect(() => {
    // The step answers "Publish": take the reader to it (on a phone it is above the fold's end).
    if (step) stepRef.current?.focus();
  }, [step]);
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    // A kept draft (after "support this instead") comes back as it was left.
    defaultValue: draft
      ? {
          title: draft.title,
          body: draft.body,
          focusArea: draft.focusArea,
          lat: draft.lat?.toString() ?? "",
          lng: draft.lng?.toString() ?? "",
        }
      : undefined,
    constraint: getZodConstraint(NewIdeaSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: NewIdeaSchema }),
  });
  // The place as last sent: typed or tapped coordinates, or else a place chosen from the list (no
  // JavaScript), so that the similar-ideas step or an error does not lose it.
  const initialValue =
    actionData && "initialValue" in actionData.result ? actionData.result.initialValue : null;
  const lastPlaceId = initialValue?.[PLACE_ID_FIELD];
  const lastSent = withListedPlace({
    ...initialValue,
    lat: fields.lat.initialValue,
    lng: fields.lng.initialValue,
  }) as { lat?: unknown; lng?: unknown };
  const [lastLat, lastLng] = [lastSent.lat, lastSent.lng].map((value) =>
    typeof value === "string" && value !== "" ? Number(value) : NaN,
  );
  const defaultPoint =
    Number.isFinite(lastLat) && Number.isFinite(lastLng) ? { lat: lastLat, lng: lastLng } : null;
  const photoErrors = (actionData?.result.error as Record<string, string[]> | undefined)?.photo;

  return (
    <div className="page new-idea-page">
      <h1>{t("newIdea.title")}</h1>
      <p>{t("newIdea.intro")}</p>
      {draft && !actionData ? (
        <Form method="post" className="notice draft-notice">
          <p role="status">{t("newIdea.draftRestored")}</p>
          <input type="hidden" name="intent" value="discard-draft" />
          <button type="submit" className="link-button">
            {t("newIdea.discardDraft")}
          </button>
        </Form>
      ) : null}
      <div className="new-idea-layout">
        <Form
          method="post"
          encType="multipart/form-data"
          {...getFormProps(form)}
          onInput={(event) => {
            const data = new FormData(event.currentTarget);
            setText(`${data.get("title") ?? ""} ${data.get("body") ?? ""}`);
          }}
        >
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="checkSimilar" value="1" />
          {step ? (
            <SimilarStep ref={stepRef} ideas={step.similar} hadPhoto={step.hadPhoto} />
          ) : null}
          <Field
            field={fields.title}
            label={t("newIdea.titleLabel")}
            hint={t("newIdea.titleHint")}
            inputProps={{ maxLength: TITLE_MAX }}
          />
          <TextAreaField
            field={fields.body}
            label={t("newIdea.bodyLabel")}
            hint={t("newIdea.bodyHint")}
            maxLength={BODY_MAX}
          />
          {/* On a phone the suggestions follow the text being written; on a wide screen they sit beside it.
              While the step shows the close matches, the same ideas are not listed a second time. */}
          {wide || step ? null : <SimilarIdeas text={text} point={point} />}
          <fieldset
            className="field focus-choice"
            aria-describedby={fields.focusArea.errors ? fields.focusArea.errorId : undefined}
          >
            <legend>{t("newIdea.focusAreaLabel")}</legend>
            {FOCUS_AREAS.map((f) => (
              <label key={f} className="choice">
                <input
                  type="radio"
                  name={fields.focusArea.name}
                  value={f}
                  defaultChecked={fields.focusArea.initialValue === f}
                  required
                />
                <span className="chip-icon" style={{ backgroundColor: FOCUS_AREA_STYLE[f].color }}>
                  <FocusIcon focusArea={f} size={16} />
                </span>
                <span>
                  <strong>{t(`focusAreas.${f}.label`)}</strong>
                  <span className="muted"> — {t(`focusAreas.${f}.description`)}</span>
                </span>
              </label>
            ))}
            <ErrorList id={fields.focusArea.errorId} errors={fields.focusArea.errors} />
          </fieldset>
          <PlacePicker
            defaultValue={defaultPoint}
            defaultPlaceId={typeof lastPlaceId === "string" ? lastPlaceId : undefined}
            errors={[...(fields.lat.errors ?? []), ...(fields.lng.errors ?? [])]}
            errorId={fields.lat.errorId}
            tileUrl={root.map.tileUrl}
            tileAttribution={root.map.tileAttribution}
            onChange={setPoint}
            placeSearch={placeSearch}
          />
          <div className="field">
            <label htmlFor="photo">{t("newIdea.photoLabel")}</label>
            <p id="photo-hint" className="field-hint">
              {t("newIdea.photoHint")}
            </p>
            <input
              id="photo"
              name="photo"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              aria-describedby={photoErrors ? "photo-hint photo-error" : "photo-hint"}
              aria-invalid={photoErrors ? true : undefined}
            />
            <ErrorList id="photo-error" errors={photoErrors} />
          </div>
          <Honeypot errors={fields.website.errors} />
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? t("newIdea.sending") : t("newIdea.submit")}
          </button>
        </Form>
        {/* The no-JavaScript place search's fields sit in the idea's form and belong to this one. */}
        <form id={PLACE_SEARCH_FORM_ID} method="get" action="/ideas/new" hidden />
        {wide && !step ? (
          <aside>
            <SimilarIdeas text={text} point={point} />
          </aside>
        ) : null}
      </div>
    </div>
  );
}

const WIDE = "(min-width: 60rem)"; // where app.css puts the suggestions in a column of their own

function useWideLayout(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(WIDE);
      query.addEventListener("change", onChange);
      return () => query.removeEventListener("change", onChange);
    },
    () => window.matchMedia(WIDE).matches,
    () => false,
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
