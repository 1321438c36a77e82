// While a resident writes a new idea: ideas that already say the same thing nearby, each with a
// one-tap "support this instead".
import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "./format";

type Similar = { id: number; title: string; distanceMeters: number | null; score: number };

const DEBOUNCE_MS = 400;
const SHOWN = 5;

export function SimilarIdeas({ text, point }: { text: string; point: { lat: number; lng: number } | null }) {
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

function SimilarIdea({ idea }: { idea: Similar }) {
  const fetcher = useFetcher();
  const { t, i18n } = useTranslation();
  // The action answers with a redirect, so fetcher.data stays empty: remember the tap ourselves.
  const [tapped, setTapped] = useState(false);
  const supported = tapped || fetcher.state !== "idle";
  const distance =
    idea.distanceMeters === null
      ? null
      : idea.distanceMeters < 1000
        ? t("similarIdeas.meters", { distance: formatNumber(Math.round(idea.distanceMeters / 10) * 10, i18n.language) })
        : t("similarIdeas.kilometers", {
            distance: (idea.distanceMeters / 1000).toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
          });
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
        <fetcher.Form method="post" action={`/ideas/${idea.id}`} onSubmit={() => setTapped(true)}>
          <input type="hidden" name="intent" value="vote" />
          <button type="submit" className="button secondary small">
            {t("similarIdeas.supportInstead")}
          </button>
        </fetcher.Form>
      )}
    </li>
  );
}
