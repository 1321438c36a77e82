// While a resident writes a new idea: ideas that already say the same thing nearby, each with a
// one-tap "support this instead"; and the step before publishing when some are close matches.
import { Link, useFetcher } from "@remix-run/react";
import { forwardRef, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "./format";

type Similar = { id: number; title: string; distanceMeters: number | null; score: number };

const DEBOUNCE_MS = 400;
const SHOWN = 5;

export function SimilarIdeas({
  text,
  point,
}: {
  text: string;
  point: { lat: number; lng: number } | null;
}) {
  const { t } = useTranslation();
  const [ideas, setIdeas] = useState<Similar[]>([]);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed.replace(/[^\p{L}]/gu, "").length < 6) {
      setIdeas([]);
      return;
    }
    const timer = setTimeout(async () => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const params = new URLSearchParams({ text: trimmed.slice(0, 5000) });
      if (point) {
        params.set("lat", point.lat.toFixed(6));
        params.set("lng", point.lng.toFixed(6));
      }
      try {
        const response = await fetch(`/api/ideas/similar?${params}`, { signal: abort.signal });
        if (!response.ok) return;
        const body = (await response.json()) as { ideas: Similar[] };
        setIdeas(body.ideas.slice(0, SHOWN));
      } catch (error) {
        if ((error as Error).name !== "AbortError") setIdeas([]);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, point]);

  return (
    <section className="similar-ideas" aria-labelledby="similar-heading" aria-live="polite">
      {ideas.length > 0 ? (
        <>
          <h2 id="similar-heading">{t("similarIdeas.heading")}</h2>
          <p>{t("similarIdeas.intro")}</p>
          <ul>
            {ideas.map((idea) => (
              <SimilarIdea key={idea.id} idea={idea} />
            ))}
          </ul>
        </>
      ) : (
        <h2 id="similar-heading" className="visually-hidden">
          {t("similarIdeas.heading")}
        </h2>
      )}
    </section>
  );
}

function useDistance(distanceMeters: number | null): string | null {
  const { t, i18n } = useTranslation();
  if (distanceMeters === null) return null;
  return distanceMeters < 1000
    ? t("similarIdeas.meters", {
        distance: formatNumber(Math.round(distanceMeters / 10) * 10, i18n.language),
      })
    : t("similarIdeas.kilometers", {
        distance: (distanceMeters / 1000).toLocaleString(i18n.language, {
          maximumFractionDigits: 1,
        }),
      });
}

function SimilarIdea({ idea }: { idea: Similar }) {
  const fetcher = useFetcher();
  const { t } = useTranslation();
  // The action answers with a redirect, so fetcher.data stays empty: remember the tap ourselves.
  const [tapped, setTapped] = useState(false);
  const supported = tapped || fetcher.state !== "idle";
  const distance = useDistance(idea.distanceMeters);
  return (
    <li className="similar-idea">
      <Link to={`/ideas/${idea.id}`} target="_blank" rel="noopener noreferrer">
        {idea.title}
      </Link>
      {distance ? <span className="muted"> · {distance}</span> : null}
      {supported ? (
        <p role="status" className="notice small">
          {t("similarIdeas.supportedNow")}
        </p>
      ) : (
        // No <form> of its own: on a phone this list sits inside the new-idea form.
        <div>
          <button
            type="button"
            className="button secondary small"
            onClick={() => {
              setTapped(true);
              fetcher.submit({ intent: "vote" }, { method: "post", action: `/ideas/${idea.id}` });
            }}
          >
            {t("similarIdeas.supportInstead")}
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * The step before publishing, inside the new-idea form: its buttons submit that form, so the
 * typed text goes along (kept as a draft when supporting instead) — with or without JavaScript.
 */
export const SimilarStep = forwardRef<HTMLElement, { ideas: Similar[]; hadPhoto: boolean }>(
  function SimilarStep({ ideas, hadPhoto }, ref) {
    const { t } = useTranslation();
    return (
      <section
        ref={ref}
        tabIndex={-1}
        className="similar-ideas similar-step"
        aria-labelledby="similar-step-heading"
      >
        <h2 id="similar-step-heading">{t("similarIdeas.stepHeading")}</h2>
        <p>{t("similarIdeas.stepIntro")}</p>
        <ul>
          {ideas.map((idea) => (
            <StepIdea key={idea.id} idea={idea} />
          ))}
        </ul>
        {hadPhoto ? <p className="field-hint">{t("similarIdeas.photoAgain")}</p> : null}
        <button type="submit" name="confirmNew" value="1" className="button">
          {t("similarIdeas.publishAnyway")}
        </button>
      </section>
    );
  },
);

function StepIdea({ idea }: { idea: Similar }) {
  const { t } = useTranslation();
  const distance = useDistance(idea.distanceMeters);
  return (
    <li className="similar-idea">
      <Link to={`/ideas/${idea.id}`} target="_blank" rel="noopener noreferrer" dir="auto">
        {idea.title}
      </Link>
      {distance ? <span className="muted"> · {distance}</span> : null}
      <div>
        <button
          type="submit"
          name="supportInstead"
          value={idea.id}
          formNoValidate
          className="button secondary small"
        >
          {t("similarIdeas.supportInstead")}
        </button>
      </div>
    </li>
  );
}
