// GET/POST /moderation/answers/:ideaId: one idea's official answer (issue 15) — `verdict`, `text`,
// `answeredFor`, and `groupId` (accepted) or `actionId` (already planned). One answer per idea:
// a second one is refused with 409. Moderators, officials and admins.
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AnswerForm } from "~/components/OfficialAnswer";
import { OfficialAnswerSchema } from "~/domain/official-answer-schemas";
import { boråsDay } from "~/domain/official-answers";
import { listGroups } from "~/models/groups.server";
import { queuedIdea, type AnswerRefusal } from "~/models/official-answers.server";
import { answerIdeaAndTell } from "~/services/official-answers.server";
import { getFixedT } from "~/utils/locale.server";
import { requireAnswerer } from "~/utils/moderation.server";

const QUEUE = "/moderation/answers";

const REFUSAL_STATUS: Record<AnswerRefusal, number> = {
  "answers.ideaNotFound": 404,
  // The idea exists, but its state does not allow an answer (now).
  "answers.ideaNotShown": 409,
  "answers.notDue": 409,
  "answers.alreadyAnswered": 409,
  "answers.groupNotFound": 400,
  "answers.actionNotFound": 400,
};

/** Refusals about one field of the form: shown next to that field, the form filled in again. */
const REFUSAL_FIELD: Partial<Record<AnswerRefusal, string>> = {
  "answers.groupNotFound": "groupId",
  "answers.actionNotFound": "actionId",
};

/** What the form sent, to show it again next to its errors. */
function sentValues(formData: FormData) {
  const values: Record<string, string> = {};
  for (const name of ["verdict", "text", "answeredFor", "groupId", "actionId"]) {
    const value = formData.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 5000);
  }
  return values;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

function ideaIdFrom(params: { ideaId?: string }): number | null {
  const id = /^\d{1,15}$/.test(params.ideaId ?? "") ? Number(params.ideaId) : NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAnswerer(request);
  const { t } = await getFixedT(request);
  const id = ideaIdFrom(params);
  const idea = id === null ? undefined : queuedIdea(id);
  return json({
    title: `${t("answers.queueTitle")} – ${t("site.name")}`,
    idea: idea ?? null,
    groups: listGroups().map((g) => ({ id: g.id, title: g.title })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireAnswerer(request);
  const id = ideaIdFrom(params);
  if (id === null) return json({ error: "answers.ideaNotFound" as string }, { status: 404 });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: OfficialAnswerSchema });
  if (submission.status !== "success") {
    return json(
      {
        errors: (submission.reply().error ?? {}) as Record<string, string[]>,
        values: sentValues(formData),
      },
      { status: 400 },
    );
  }
  const { t } = await getFixedT(request);
  const result = answerIdeaAndTell(id, submission.value, user.id, t);
  if (!result.ok) {
    const field = REFUSAL_FIELD[result.reason];
    if (field)
      return json(
        { errors: { [field]: [result.reason as string] }, values: sentValues(formData) },
        { status: REFUSAL_STATUS[result.reason] },
      );
    return json({ error: result.reason as string }, { status: REFUSAL_STATUS[result.reason] });
  }
  return redirect(`${QUEUE}?answered=${id}`, 303);
}

export default function AnswerIdeaPage() {
  const { idea, groups } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const params = useParams();
  const { t } = useTranslation();
  if (data && "error" in data) {
    return (
      <div className="narrow">
        <h1>{t("moderation.refusedTitle")}</h1>
        <p role="alert" className="form-errors">
          {t(data.error)}
        </p>
        <p>
          <Link to={QUEUE}>{t("answers.backToQueue")}</Link>
        </p>
      </div>
    );
  }
  const errors = data && "errors" in data ? data.errors : undefined;
  return (
    <div className="narrow">
      <h1>{idea ? <bdi>{idea.title}</bdi> : t("answers.queueTitle")}</h1>
      {errors ? (
        <p role="alert" className="form-errors">
          {t("answers.fixErrors")}
        </p>
      ) : null}
      {idea ? <p>{t("answers.dueBy", { date: boråsDay(idea.dueAt) })}</p> : null}
      {idea || errors ? (
        <AnswerForm
          ideaId={idea?.id ?? Number(params.ideaId)}
          groups={groups}
          errors={errors}
          values={data && "values" in data ? data.values : undefined}
        />
      ) : (
        <p>{t("answers.notInQueue")}</p>
      )}
      <p>
        <Link to={QUEUE}>{t("answers.backToQueue")}</Link>
      </p>
    </div>
  );
}
