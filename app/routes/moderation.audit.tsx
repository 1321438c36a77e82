// GET /moderation/audit: who did what, when, to what, and why — filterable, never public.
// POST: intent=undo-merge (mergeId) puts a merge back.
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { dateFormat } from "~/components/format";
import { useTranslation } from "react-i18next";
import { ErrorList } from "~/components/forms";
import { AuditActionSchema } from "~/domain/moderation-schemas";
import { auditActions, auditActors, auditEntries, type AuditRow } from "~/models/audit.server";
import { undoMergeAndShow } from "~/services/moderation.server";
import { getFixedT } from "~/utils/locale.server";
import { requireModerator } from "~/utils/moderation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const TARGET_TYPES = [
  "idea",
  "comment",
  "group",
  "user",
  "report",
  "setting",
  "merge",
  "workshop",
  "action",
  "partner",
];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireModerator(request);
  const params = new URL(request.url).searchParams;
  const action = params.get("action") ?? "";
  const actorId = Number(params.get("actor")) || undefined;
  const targetType = TARGET_TYPES.includes(params.get("target") ?? "") ? params.get("target")! : "";
  const { t } = await getFixedT(request);
  return json({
    title: `${t("moderation.audit")} – ${t("site.name")}`,
    entries: auditEntries({
      action: action || undefined,
      actorId,
      targetType: targetType || undefined,
      limit: 200,
    }),
    actions: auditActions(),
    actors: auditActors(),
    filter: { action, actor: actorId ?? "", target: targetType },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const moderator = await requireModerator(request);
  const submission = parseWithZod(await request.formData(), { schema: AuditActionSchema });
  if (submission.status !== "success")
    return json({ error: "validation.invalid" }, { status: 400 });
  const result = undoMergeAndShow(submission.value.mergeId, moderator.id);
  if (!result.ok)
    return json(
      { error: result.reason },
      { status: result.reason === "merge.notFound" ? 404 : 409 },
    );
  return redirect("/moderation/audit?notice=unmerged", 303);
}

const AUDIT_TIME: Intl.DateTimeFormatOptions = {
  dateStyle: "short",
  timeStyle: "medium",
  timeZone: "Europe/Stockholm",
};

export default function AuditPage() {
  const { entries, actions, actors, filter } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const time = dateFormat(i18n.language, AUDIT_TIME);
  return (
    <>
      <h1>{t("moderation.auditTitle")}</h1>
      <ErrorList errors={actionData?.error ? [actionData.error] : undefined} />
      <Form method="get" className="filter-row" aria-label={t("moderation.auditFilter")}>
        <label>
          <span>{t("moderation.auditAction")}</span>
          <select name="action" defaultValue={filter.action}>
            <option value="">{t("moderation.all")}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {t(`audit.${a}`, { defaultValue: a })}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("moderation.auditActor")}</span>
          <select name="actor" defaultValue={String(filter.actor)}>
            <option value="">{t("moderation.all")}</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name ?? t("idea.deletedUser")}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t("moderation.auditTarget")}</span>
          <select name="target" defaultValue={filter.target}>
            <option value="">{t("moderation.all")}</option>
            {TARGET_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`moderation.targets.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button secondary">
          {t("filters.apply")}
        </button>
      </Form>
      <table className="data-table">
        <caption className="visually-hidden">{t("moderation.auditTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("moderation.when")}</th>
            <th scope="col">{t("moderation.who")}</th>
            <th scope="col">{t("moderation.what")}</th>
            <th scope="col">{t("moderation.onWhat")}</th>
            <th scope="col">{t("moderation.why")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{time.format(new Date(e.createdAt))}</td>
              <td>
                {e.actorId === null
                  ? t("moderation.system")
                  : (e.actorName ?? t("idea.deletedUser"))}
              </td>
              <td>{t(`audit.${e.action}`, { defaultValue: e.action })}</td>
              <td>
                <Target entry={e} />
              </td>
              <td>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** What an entry was about, by name, linked to where a moderator can see it (hidden ideas too). */
function Target({ entry }: { entry: AuditRow }) {
  const { t } = useTranslation();
  const label = (type: string) => `${t(`moderation.targets.${type}`)} ${entry.targetId ?? ""}`;
  const named = (type: string) =>
    entry.targetTitle ? (
      <>
        {label(type)}: <bdi>{entry.targetTitle}</bdi>
      </>
    ) : (
      label(type)
    );
  if (entry.targetType === "idea" && entry.targetTitle !== null)
    return <Link to={`/ideas/${entry.targetId}`}>{named("idea")}</Link>;
  if (entry.targetType === "comment" && entry.targetIdeaId !== null) {
    return (
      <Link to={`/ideas/${entry.targetIdeaId}#comment-${entry.targetId}`}>{named("comment")}</Link>
    );
  }
  if (entry.targetType === "group" && entry.targetTitle !== null) {
    return <Link to={`/moderation/groups/${entry.targetId}`}>{named("group")}</Link>;
  }
  if (entry.targetType === "workshop" && entry.targetTitle !== null) {
    return <Link to={`/workshops/${entry.targetId}/results`}>{named("workshop")}</Link>;
  }
  if (entry.targetType === "action" && entry.targetId !== null) {
    return <Link to={`/actions/${entry.targetId}`}>{label("action")}</Link>;
  }
  if (entry.targetType === "merge") {
    const details = JSON.parse(entry.details) as { fromId?: number; intoId?: number };
    return (
      <>
        {details.fromId ? (
          <Link to={`/ideas/${details.fromId}`}>{entry.fromTitle ?? label("idea")}</Link>
        ) : null}{" "}
        →{" "}
        {details.intoId ? (
          <Link to={`/ideas/${details.intoId}`}>{entry.intoTitle ?? label("idea")}</Link>
        ) : null}{" "}
        <span className="muted">
          ({t("moderation.mergeTarget", { from: details.fromId, into: details.intoId })})
        </span>
        {entry.action !== "idea.merge" ? null : entry.mergeUndone ? (
          <> · {t("moderation.mergeUndone")}</>
        ) : (
          <Form method="post" className="inline">
            <input type="hidden" name="intent" value="undo-merge" />
            <input type="hidden" name="mergeId" value={entry.targetId ?? ""} />
            <button type="submit" className="link-button">
              {t("moderation.undoMerge")}
            </button>
          </Form>
        )}
      </>
    );
  }
  return <>{named(entry.targetType)}</>;
}
