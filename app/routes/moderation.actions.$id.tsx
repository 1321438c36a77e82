// GET /moderation/actions/:id: one action for the moderators — a progress update for its public
// timeline, its milestones, and every field to edit.
// POST: intent = update (progress, status, message) / edit (the fields of a new action) /
// add-milestone (milestoneTitle, milestoneDate) / toggle-milestone / delete-milestone (milestoneId).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionForm, errorsByField } from "~/components/actions/ActionForm";
import { ActionTimeline } from "~/components/actions/ActionParts";
import { ErrorList } from "~/components/forms";
import { ActionCommandSchema, EditActionSchema } from "~/domain/action-schemas";
import { ACTION_STATUSES } from "~/domain/actions";
import {
  actionMilestones,
  actionTimeline,
  countPeopleBehindAction,
  getAction,
  linkedIds,
  listPartners,
} from "~/models/actions.server";
import { listGroups } from "~/models/groups.server";
import { workshopChoices } from "~/models/workshops.server";
import {
  addMilestoneToAction,
  deleteActionMilestone,
  editActionFromForm,
  postActionUpdateAndTell,
  toggleActionMilestone,
} from "~/services/actions.server";
import { getFixedT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/misc";
import { requireModerator } from "~/utils/moderation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

function actionIdFrom(params: { id?: string }) {
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  invariantResponse(Number.isSafeInteger(id), "Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireModerator(request);
  const id = actionIdFrom(params);
  const action = getAction(id);
  invariantResponse(action, "Not found", { status: 404 });
  const { t } = await getFixedT(request);
  const linked = linkedIds(id);
  return json({
    title: `${action.title} – ${t("site.name")}`,
    action,
    partners: listPartners(),
    groups: listGroups().map((g) => ({ id: g.id, title: g.title })),
    linkedGroupIds: linked.groupIds,
    linkedIdeaIds: linked.ideaIds,
    linkedWorkshopIds: linked.workshopIds,
    workshops: workshopChoices(linked.workshopIds),
    milestones: actionMilestones(id),
    timeline: actionTimeline(id),
    people: countPeopleBehindAction(id),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const moderator = await requireModerator(request);
  const id = actionIdFrom(params);
  invariantResponse(getAction(id), "Not found", { status: 404 });
  const formData = await request.formData();
  const back = (notice: string) => redirect(`/moderation/actions/${id}?notice=${notice}`, 303);
  if (formData.get("intent") === "edit") {
    const submission = parseWithZod(formData, { schema: EditActionSchema });
    if (submission.status !== "success")
      return json(
        { form: "edit", errors: errorsByField(submission.reply().error ?? {}) },
        { status: 400 },
      );
    const result = editActionFromForm(id, submission.value, moderator.id);
    if (!result.ok) return json({ form: "edit", errors: result.errors }, { status: 400 });
    return back("saved");
  }
  const submission = parseWithZod(formData, { schema: ActionCommandSchema });
  if (submission.status !== "success") {
    const intent = formData.get("intent");
    return json(
      {
        form: typeof intent === "string" ? intent.slice(0, 40) : "",
        errors: errorsByField(submission.reply().error ?? {}),
      },
      { status: 400 },
    );
  }
  const value = submission.value;
  switch (value.intent) {
    case "update": {
      const { t } = await getFixedT(request);
      const result = postActionUpdateAndTell(
        id,
        { status: value.status, progress: value.progress, message: value.message },
        moderator.id,
        t,
      );
      if (!result.ok) return json({ form: "update", errors: result.errors }, { status: 400 });
      return back("saved");
    }
    case "add-milestone":
      addMilestoneToAction(
        id,
        { title: value.milestoneTitle, dueDate: value.milestoneDate },
        moderator.id,
      );
      return back("saved");
    case "toggle-milestone":
      invariantResponse(toggleActionMilestone(id, value.milestoneId, moderator.id), "Not found", {
        status: 404,
      });
      return back("saved");
    case "delete-milestone":
      invariantResponse(deleteActionMilestone(id, value.milestoneId, moderator.id), "Not found", {
        status: 404,
      });
      return back("saved");
  }
}

export default function ModerateActionPage() {
  const {
    action: item,
    partners,
    groups,
    linkedGroupIds,
    linkedIdeaIds,
    linkedWorkshopIds,
    workshops,
    milestones,
    timeline,
    people,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { form: string; errors: Record<string, string[]> } | undefined;
  const errorsFor = (form: string) =>
    actionData && actionData.form === form ? actionData.errors : undefined;
  const updateErrors = errorsFor("update");
  const milestoneErrors = errorsFor("add-milestone");
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/moderation/actions">{t("actions.moderation.all")}</Link> ·{" "}
        <Link to={`/actions/${item.id}`}>{t("moderation.publicPage")}</Link>
      </p>
      <h1>{item.title}</h1>
      <p>
        <span className="status-badge" data-status={item.status}>
          {t(`actions.status.${item.status}`)}
        </span>{" "}
        {t("actions.percent", { value: item.progress })} · {item.partner}
      </p>

      <section aria-labelledby="update-heading" className="panel">
        <h2 id="update-heading">{t("actions.moderation.update")}</h2>
        <p className="field-hint">{t("actions.moderation.updateHint", { number: people })}</p>
        <Form method="post" className="stack-form" noValidate>
          <input type="hidden" name="intent" value="update" />
          <div className="field">
            <label htmlFor="update-status">{t("actions.form.status")}</label>
            <select id="update-status" name="status" defaultValue={item.status}>
              {ACTION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`actions.status.${s}`)}
                </option>
              ))}
            </select>
            <ErrorList id="update-status-error" errors={updateErrors?.status} />
          </div>
          <div className="field">
            <label htmlFor="update-progress">{t("actions.form.progress")}</label>
            <input
              id="update-progress"
              name="progress"
              type="number"
              min={0}
              max={100}
              step={1}
              defaultValue={item.progress}
              aria-invalid={updateErrors?.progress ? true : undefined}
              aria-describedby={updateErrors?.progress ? "update-progress-error" : undefined}
            />
            <ErrorList id="update-progress-error" errors={updateErrors?.progress} />
          </div>
          <div className="field">
            <label htmlFor="update-message">{t("actions.moderation.message")}</label>
            <textarea
              id="update-message"
              name="message"
              rows={4}
              maxLength={5000}
              required
              aria-invalid={updateErrors?.message ? true : undefined}
              aria-describedby={updateErrors?.message ? "update-message-error" : undefined}
            />
            <ErrorList id="update-message-error" errors={updateErrors?.message} />
          </div>
          <button type="submit" className="button">
            {t("actions.moderation.postUpdate")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="milestones-edit-heading" className="panel">
        <h2 id="milestones-edit-heading">{t("actions.milestones")}</h2>
        <ul className="plain-list">
          {milestones.map((m) => (
            <li key={m.id}>
              <bdi>{m.title}</bdi> <time dateTime={m.dueDate}>{m.dueDate}</time>{" "}
              {m.done ? t("actions.milestoneDone") : null}{" "}
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="toggle-milestone" />
                <input type="hidden" name="milestoneId" value={m.id} />
                <button type="submit" className="link-button">
                  {m.done
                    ? t("actions.moderation.milestoneUndo", { title: m.title })
                    : t("actions.moderation.milestoneDo", { title: m.title })}
                </button>
              </Form>{" "}
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="delete-milestone" />
                <input type="hidden" name="milestoneId" value={m.id} />
                <button type="submit" className="link-button">
                  {t("actions.moderation.milestoneDelete", { title: m.title })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="stack-form" noValidate>
          <input type="hidden" name="intent" value="add-milestone" />
          <div className="field">
            <label htmlFor="milestone-title">{t("actions.moderation.milestoneTitle")}</label>
            <input id="milestone-title" name="milestoneTitle" maxLength={200} required />
            <ErrorList errors={milestoneErrors?.milestoneTitle} />
          </div>
          <div className="field">
            <label htmlFor="milestone-date">{t("actions.moderation.milestoneDate")}</label>
            <input id="milestone-date" name="milestoneDate" type="date" required />
            <ErrorList errors={milestoneErrors?.milestoneDate} />
          </div>
          <button type="submit" className="button secondary">
            {t("actions.moderation.milestoneAdd")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="edit-action-heading" className="panel">
        <h2 id="edit-action-heading">{t("actions.moderation.edit")}</h2>
        <ActionForm
          id="edit-action"
          intent="edit"
          values={{
            ...item,
            groupId: linkedGroupIds,
            ideaId: linkedIdeaIds,
            workshopId: linkedWorkshopIds,
          }}
          errors={errorsFor("edit")}
          partners={partners}
          groups={groups}
          workshops={workshops}
          submitLabel={t("moderation.save")}
        />
      </section>

      <ActionTimeline timeline={timeline} />
    </>
  );
}
