// GET /moderation/groups: every group by stage, and a form for a new one.
// POST /moderation/groups: title, summary, focusArea (and optionally ideaId…) → the new group.
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { NewGroupSchema } from "~/domain/moderation-schemas";
import { FOCUS_AREAS } from "~/domain/focus-areas";
import { addIdeasToGroup, createGroup, listGroups } from "~/models/groups.server";
import { refreshIdeas } from "~/services/map-index.server";
import { getDb } from "~/utils/db.server";
import { getFixedT } from "~/utils/locale.server";
import { requireModerator } from "~/utils/moderation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireModerator(request);
  const { t } = await getFixedT(request);
  return json({ title: `${t("moderation.groups")} – ${t("site.name")}`, groups: listGroups() });
}

export async function action({ request }: ActionFunctionArgs) {
  const moderator = await requireModerator(request);
  const submission = parseWithZod(await request.formData(), { schema: NewGroupSchema });
  if (submission.status !== "success") {
    return json({ errors: submission.reply().error ?? {} }, { status: 400 });
  }
  const { ideaId, ...group } = submission.value;
  // The group and its first ideas are created together, or not at all.
  const createWithIdeas = getDb().transaction(() => {
    const id = createGroup(group, moderator.id);
    if (ideaId.length) {
      const added = addIdeasToGroup(id, ideaId, moderator.id);
      if (!added.ok) throw new GroupRefused(added.reason);
    }
    return id;
  });
  let id: number;
  try {
    id = createWithIdeas.immediate();
  } catch (error) {
    if (error instanceof GroupRefused)
      return json({ errors: { ideaId: [error.reason] } }, { status: 400 });
    throw error;
  }
  if (ideaId.length) refreshIdeas(ideaId);
  return redirect(`/moderation/groups/${id}?notice=group-created`, 303);
}

class GroupRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export default function GroupsPage() {
  const { groups } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string[]> | undefined;
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("moderation.groupsTitle")}</h1>
      {groups.length === 0 ? (
        <p>{t("moderation.noGroups")}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t("moderation.groupsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("groups.group")}</th>
              <th scope="col">{t("groups.stage")}</th>
              <th scope="col">{t("groups.ideas")}</th>
              <th scope="col">{t("groups.supports")}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <td>
                  <Link to={`/moderation/groups/${g.id}`}>{g.title}</Link>
                </td>
                <td>
                  <span className="stage-badge" data-stage={g.stage}>
                    {t(`stages.${g.stage}`)}
                  </span>
                </td>
                <td>{g.ideas}</td>
                <td>{g.supports}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-group">
        <h2 id="new-group">{t("moderation.newGroup")}</h2>
        <Form method="post" className="stack-form">
          <div className="field">
            <label htmlFor="group-title">{t("moderation.groupTitle")}</label>
            <input
              id="group-title"
              name="title"
              required
              minLength={3}
              maxLength={120}
              aria-invalid={errors?.title ? true : undefined}
              aria-describedby={errors?.title ? "group-title-error" : undefined}
            />
            <ErrorList id="group-title-error" errors={errors?.title} />
          </div>
          <div className="field">
            <label htmlFor="group-summary">{t("moderation.groupSummary")}</label>
            <textarea id="group-summary" name="summary" rows={3} maxLength={5000} />
          </div>
          <div className="field">
            <label htmlFor="group-focus">{t("newIdea.focusAreaLabel")}</label>
            <select id="group-focus" name="focusArea" required>
              {FOCUS_AREAS.map((f) => (
                <option key={f} value={f}>
                  {t(`focusAreas.${f}.label`)}
                </option>
              ))}
            </select>
            <ErrorList errors={errors?.focusArea} />
          </div>
          <ErrorList errors={errors?.ideaId} />
          <button type="submit" className="button">
            {t("moderation.createGroup")}
          </button>
        </Form>
      </section>
    </>
  );
}
