// Pieces of an action shown on the public pages and the moderators' page: status badge, progress,
// milestones and the public timeline of progress updates.
import { useTranslation } from "react-i18next";
import { actionArea } from "~/domain/actions";
import type { ActionUpdate, Milestone } from "~/models/actions.server";
import { dateFormat, formatDate, numberFormat } from "~/components/format";

export { ActionStatusBadge } from "./ActionStatusBadge";

/** An action's area in words: "Hela Borås kommun", or the district's or village's name. */
export function ActionAreaName({ area }: { area: string }) {
  const { t } = useTranslation();
  const found = actionArea(area);
  if (found?.kind === "municipality") return <>{t("actions.areaMunicipality")}</>;
  return <bdi>{found?.name ?? area}</bdi>;
}

/** A native progress bar: screen readers announce its value; the label says what it measures. */
export function ActionProgress({ id, progress }: { id: string; progress: number }) {
  const { t } = useTranslation();
  return (
    <span className="action-progress">
      <label htmlFor={id}>{t("actions.progressLabel")}</label>{" "}
      <progress id={id} max={100} value={progress}>
        {t("actions.percent", { value: progress })}
      </progress>{" "}
      <span>{t("actions.percent", { value: progress })}</span>
    </span>
  );
}

/** Milestone dates are calendar days (YYYY-MM-DD): shown as such, not moved by time zones. */
export function formatDay(day: string, language: string) {
  return dateFormat(language, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

export function Milestones({ milestones }: { milestones: Milestone[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="milestones-heading">
      <h2 id="milestones-heading">{t("actions.milestones")}</h2>
      {milestones.length === 0 ? <p>{t("actions.noMilestones")}</p> : null}
      <ol className="milestones">
        {milestones.map((m) => (
          <li key={m.id} className={m.done ? "done" : "todo"}>
            <time dateTime={m.dueDate}>{formatDay(m.dueDate, i18n.language)}</time>{" "}
            <bdi>{m.title}</bdi>{" "}
            <span className="muted">
              {m.done ? t("actions.milestoneDone") : t("actions.milestoneTodo")}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function ActionTimeline({ timeline }: { timeline: ActionUpdate[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="action-timeline-heading">
      <h2 id="action-timeline-heading">{t("actions.timeline")}</h2>
      {timeline.length === 0 ? <p>{t("actions.noUpdates")}</p> : null}
      <ol className="timeline">
        {timeline.map((u) => (
          <li key={u.id}>
            <p>
              <strong>{t(`actions.status.${u.status}`)}</strong>{" "}
              <span>{t("actions.percent", { value: u.progress })}</span>{" "}
              <time className="muted" dateTime={u.createdAt}>
                {formatDate(u.createdAt, i18n.language)}
              </time>
            </p>
            <p className="timeline-message" dir="auto">
              {u.message}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Whole kronor in the page's language ("2 400 000 kr" in Swedish). */
export function formatSek(value: number, language: string) {
  return numberFormat(language, {
    style: "currency",
    currency: "SEK",
    maximumFractionDigits: 0,
  }).format(value);
}

/** Tonnes with at most one decimal, in the page's language. */
export function formatTonnes(value: number, language: string) {
  return numberFormat(language, { maximumFractionDigits: 1 }).format(value);
}
