// GET /moderation/answers: ideas due an official answer (issue 15), oldest deadline first, overdue
// marked, each with its answer form (posting to /moderation/answers/:ideaId). Moderators,
// officials and admins.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FocusBadge } from "~/components/FocusArea";
import { formatNumber } from "~/components/format";
import { AnswerForm } from "~/components/OfficialAnswer";
import { boråsDay, isOverdue } from "~/domain/official-answers";
import { listGroups } from "~/models/groups.server";
import { answerQueue } from "~/models/official-answers.server";
import { getFixedT } from "~/utils/locale.server";
import { requireAnswerer } from "~/utils/moderation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnswerer(request);
  const { t } = await getFixedT(request);
  const now = new Date();
  return json({
    title: `${t("answers.queueTitle")} – ${t("site.name")}`,
    queue: answerQueue().map((idea) => ({ ...idea, overdue: isOverdue(idea.dueAt, now) })),
    groups: listGroups().map((g) => ({ id: g.id, title: g.title })),
  });
}

export default function AnswerQueuePage() {
  const { queue, groups } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const answered = params.get("answered");
  return (
    <>
      <h1>{t("answers.queueTitle")}</h1>
      {answered && /^\d{1,15}$/.test(answered) ? (
        <p role="status" className="notice">
          {t("answers.answeredNotice")}{" "}
          <Link to={`/ideas/${answered}#official-answer`}>{t("answers.seeAnswer")}</Link>
        </p>
      ) : null}
      <p>{t("answers.queueIntro")}</p>
      {queue.length === 0 ? <p>{t("answers.queueEmpty")}</p> : null}
      <ul className="queue">
        {queue.map((idea) => (
          <li key={idea.id} className="queue-card" aria-labelledby={`answer-idea-${idea.id}`}>
            <h2 id={`answer-idea-${idea.id}`}>
              <Link to={`/ideas/${idea.id}`}>
                <bdi>{idea.title}</bdi>
              </Link>
            </h2>
            <FocusBadge focusArea={idea.focusArea} />
            <p className="queue-status">
              {idea.overdue ? (
                <span className="status-badge" data-status="overdue">
                  {t("answers.overdue")}
                </span>
              ) : null}{" "}
              {t("answers.dueBy", { date: boråsDay(idea.dueAt) })}{" "}
              {t("answers.reached", {
                date: boråsDay(idea.reachedAt),
                supports: formatNumber(idea.supportsAtThreshold, i18n.language),
              })}
            </p>
            <details>
              <summary>{t("answers.answerThis")}</summary>
              <AnswerForm ideaId={idea.id} groups={groups} />
            </details>
          </li>
        ))}
      </ul>
    </>
  );
}
