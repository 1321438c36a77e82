// GET /answers: the city's responsiveness (issue 15) — ideas answered and ideas overdue, and per
// month how many answers came on time, late, or not yet. Hidden ideas never appear.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatNumber } from "~/components/format";
import { boråsDay, isOverdue, responsivenessByMonth } from "~/domain/official-answers";
import { shownDueIdeas } from "~/models/official-answers.server";
import { getThresholdRule } from "~/models/settings.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  const now = new Date();
  const ideas = shownDueIdeas();
  return json({
    title: `${t("answers.publicTitle")} – ${t("site.name")}`,
    rule: getThresholdRule(),
    months: responsivenessByMonth(ideas, now),
    answered: ideas
      .filter((i) => i.answeredAt)
      .map((i) => ({ ...i, late: isOverdue(i.dueAt, now, i.answeredAt) }))
      .sort((a, b) => (b.answeredAt ?? "").localeCompare(a.answeredAt ?? "")),
    overdue: ideas.filter((i) => !i.answeredAt && isOverdue(i.dueAt, now)).reverse(),
    waiting: ideas.filter((i) => !i.answeredAt && !isOverdue(i.dueAt, now)).length,
  });
}

export default function AnswersPage() {
  const { rule, months, answered, overdue, waiting } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const number = (n: number) => formatNumber(n, i18n.language);
  return (
    <div className="page">
      <h1>{t("answers.publicTitle")}</h1>
      <p>
        {t("answers.publicIntro", {
          supports: number(rule.supports),
          days: number(rule.days),
          answerDays: number(rule.answerDays),
        })}
      </p>
      <p>{t("answers.waitingCount", { count: waiting })}</p>

      <section aria-labelledby="months-heading">
        <h2 id="months-heading">{t("answers.monthsHeading")}</h2>
        {months.length === 0 ? (
          <p>{t("answers.noneYet")}</p>
        ) : (
          <table className="data-table">
            <caption className="visually-hidden">{t("answers.monthsHeading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("answers.month")}</th>
                <th scope="col">{t("answers.onTime")}</th>
                <th scope="col">{t("answers.lateCount")}</th>
                <th scope="col">{t("answers.overdueCount")}</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">
                    <bdi>{m.month}</bdi>
                  </th>
                  <td>{number(m.onTime)}</td>
                  <td>{number(m.late)}</td>
                  <td>{number(m.overdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="overdue-heading">
        <h2 id="overdue-heading">{t("answers.overdueHeading")}</h2>
        {overdue.length === 0 ? <p>{t("answers.noneOverdue")}</p> : null}
        <ul className="plain-list">
          {overdue.map((i) => (
            <li key={i.id}>
              <Link to={`/ideas/${i.id}`}>
                <bdi>{i.title}</bdi>
              </Link>{" "}
              <span className="status-badge" data-status="overdue">
                {t("answers.overdue")}
              </span>{" "}
              {t("answers.dueBy", { date: boråsDay(i.dueAt) })}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="answered-heading">
        <h2 id="answered-heading">{t("answers.answeredHeading")}</h2>
        {answered.length === 0 ? <p>{t("answers.noneYet")}</p> : null}
        <ul className="plain-list">
          {answered.map((i) => (
            <li key={i.id}>
              <Link to={`/ideas/${i.id}#official-answer`}>
                <bdi>{i.title}</bdi>
              </Link>{" "}
              <span className="verdict-badge" data-verdict={i.verdict}>
                {t(`answers.verdicts.${i.verdict}`)}
              </span>{" "}
              {t("answers.answeredOn", {
                date: boråsDay(i.answeredAt ?? i.dueAt),
                answeredFor: i.answeredFor ?? "",
              })}
              {i.late ? (
                <>
                  {" "}
                  <span className="status-badge" data-status="late">
                    {t("answers.late")}
                  </span>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <p>
        <a href="/open-data/answers.csv">{t("answers.csvLink")}</a>
      </p>
    </div>
  );
}
