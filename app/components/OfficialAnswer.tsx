// The official answer on an idea (issue 15), as everyone sees it, and the form that gives one.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  ANSWER_TEXT_MAX,
  ANSWERED_FOR_MAX,
  boråsDay,
  PARTNERS,
  VERDICTS,
  type ThresholdProgress as Progress,
} from "~/domain/official-answers";
import { tIsolated } from "./bidi";
import { ErrorList } from "./ErrorList";
import { ThresholdProgress } from "./ThresholdProgress";

export type PublicAnswerView = {
  verdict: string;
  text: string;
  answeredFor: string;
  answeredAt: string;
  groupId: number | null;
  groupTitle: string | null;
  actionId: number | null;
};

/** The idea page's panel: progress toward the threshold, then the answer once given. */
export function OfficialAnswerPanel({
  panel,
}: {
  panel: { progress: Progress; answer: PublicAnswerView | null; verifiedOnly?: boolean };
}) {
  const { t } = useTranslation();
  return (
    <section
      aria-labelledby="official-answer-heading"
      className="official-answer"
      id="official-answer"
    >
      <h2 id="official-answer-heading">{t("answers.heading")}</h2>
      <ThresholdProgress progress={panel.progress} verifiedOnly={panel.verifiedOnly} />
      {panel.answer ? (
        <OfficialAnswer
          answer={panel.answer}
          late={panel.progress.state === "answered" && panel.progress.late}
        />
      ) : null}
      <p>
        <Link to="/answers">{t("answers.publicTitle")}</Link>
      </p>
    </section>
  );
}

export function OfficialAnswer({ answer, late }: { answer: PublicAnswerView; late: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="official-answer-text">
      <p>
        <span className="verdict-badge" data-verdict={answer.verdict}>
          {t(`answers.verdicts.${answer.verdict}`)}
        </span>{" "}
        {late ? (
          <span className="status-badge" data-status="late">
            {t("answers.late")}
          </span>
        ) : null}
      </p>
      {answer.text.split(/\n{2,}/).map((paragraph, n) => (
        <p key={n} dir="auto">
          {paragraph}
        </p>
      ))}
      <p className="idea-meta">
        {tIsolated(t, "answers.byline", {
          answeredFor: answer.answeredFor,
          date: boråsDay(answer.answeredAt),
        })}
      </p>
      {answer.groupId && answer.groupTitle ? (
        <p>
          {t("answers.joinedGroup")}{" "}
          <Link to={`/groups/${answer.groupId}`}>
            <bdi>{answer.groupTitle}</bdi>
          </Link>
        </p>
      ) : null}
      {answer.actionId ? (
        <p>
          <Link to={`/actions/${answer.actionId}`}>
            {t("answers.plannedAction", { id: answer.actionId })}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

export type AnswerFormErrors = Record<string, string[] | undefined>;

/** One idea's answer form in the queue (posts to /moderation/answers/:ideaId). */
export function AnswerForm({
  ideaId,
  groups,
  errors,
  values,
}: {
  ideaId: number;
  groups: { id: number; title: string }[];
  errors?: AnswerFormErrors;
  values?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const id = (name: string) => `answer-${ideaId}-${name}`;
  const described = (name: string) => (errors?.[name]?.length ? `${id(name)}-error` : undefined);
  return (
    <Form method="post" action={`/moderation/answers/${ideaId}`} className="stack-form answer-form">
      <ErrorList errors={errors?.[""]} />
      <fieldset>
        <legend>{t("answers.verdict")}</legend>
        {VERDICTS.map((v) => (
          <label key={v} className="radio">
            <input
              type="radio"
              name="verdict"
              value={v}
              defaultChecked={values?.verdict === v}
              aria-describedby={described("verdict")}
            />{" "}
            {t(`answers.verdicts.${v}`)}
          </label>
        ))}
        <ErrorList id={`${id("verdict")}-error`} errors={errors?.verdict} />
      </fieldset>
      <div className="field">
        <label htmlFor={id("text")}>{t("answers.text")}</label>
        <p id={`${id("text")}-hint`} className="field-hint">
          {t("answers.textHint")}
        </p>
        <textarea
          id={id("text")}
          name="text"
          rows={5}
          maxLength={ANSWER_TEXT_MAX}
          defaultValue={values?.text}
          aria-describedby={[`${id("text")}-hint`, described("text")].filter(Boolean).join(" ")}
          aria-invalid={errors?.text?.length ? true : undefined}
        />
        <ErrorList id={`${id("text")}-error`} errors={errors?.text} />
      </div>
      <div className="field">
        <label htmlFor={id("for")}>{t("answers.answeredFor")}</label>
        <input
          id={id("for")}
          name="answeredFor"
          list={id("partners")}
          maxLength={ANSWERED_FOR_MAX}
          defaultValue={values?.answeredFor}
          aria-describedby={described("answeredFor")}
          aria-invalid={errors?.answeredFor?.length ? true : undefined}
        />
        <datalist id={id("partners")}>
          {PARTNERS.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <ErrorList id={`${id("answeredFor")}-error`} errors={errors?.answeredFor} />
      </div>
      <div className="field">
        <label htmlFor={id("group")}>{t("answers.group")}</label>
        <select
          id={id("group")}
          name="groupId"
          defaultValue={values?.groupId ?? ""}
          aria-describedby={described("groupId")}
          aria-invalid={errors?.groupId?.length ? true : undefined}
        >
          <option value="">{t("answers.newGroup")}</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.title}
            </option>
          ))}
        </select>
        <ErrorList id={`${id("groupId")}-error`} errors={errors?.groupId} />
      </div>
      <div className="field">
        <label htmlFor={id("action")}>{t("answers.actionId")}</label>
        <input
          id={id("action")}
          name="actionId"
          inputMode="numeric"
          pattern="[0-9]*"
          defaultValue={values?.actionId}
          aria-describedby={described("actionId")}
          aria-invalid={errors?.actionId?.length ? true : undefined}
        />
        <ErrorList id={`${id("actionId")}-error`} errors={errors?.actionId} />
      </div>
      <button type="submit" className="button">
        {t("answers.submit")}
      </button>
    </Form>
  );
}
