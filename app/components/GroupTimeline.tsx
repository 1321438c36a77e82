// A group's messages, newest first: the stage it moved to, when, and what the team told residents.
// The public group page and the moderator's group page show the same list.
import { useTranslation } from "react-i18next";
import type { GroupMessage } from "~/models/groups.server";
import { formatDate } from "./format";

export function GroupTimeline({ timeline }: { timeline: GroupMessage[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t("groups.timeline")}</h2>
      {timeline.length === 0 ? <p>{t("groups.noMessages")}</p> : null}
      <ol className="timeline">
        {timeline.map((m) => (
          <li key={m.id}>
            <p>
              <strong>{t(`stages.${m.toStage}`)}</strong>{" "}
              {m.correction ? <span className="status-badge">{t("groups.correction")}</span> : null}{" "}
              <time className="muted" dateTime={m.createdAt}>
                {formatDate(m.createdAt, i18n.language)}
              </time>
            </p>
            <p className="timeline-message" dir="auto">
              {m.message}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
