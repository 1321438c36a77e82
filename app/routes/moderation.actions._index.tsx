// GET /moderation/actions: every action, the form for a new one, and (for admins) the partners list.
// POST /moderation/actions: the fields of contract.md → redirect to /actions/:id; or, for admins,
// intent = add-partner (name) / rename-partner (partnerId, name).
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ActionForm, errorsByField, type ActionFormValues } from "~/components/actions/ActionForm";
import { ErrorList } from "~/components/forms";
import { NewActionSchema, PartnerSchema } from "~/domain/action-schemas";
import { addPartner, listActions, listPartners, renamePartner } from "~/models/actions.server";
import { listGroups } from "~/models/groups.server";
import { workshopChoices } from "~/models/workshops.server";
import { createActionFromForm } from "~/services/actions.server";
import { getFixedT } from "~/utils/locale.server";
import { requireModerator } from "~/utils/moderation.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const moderator = await requireModerator(request);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("actions.moderation.title")} – ${t("site.name")}`,
    actions: listActions(),
    partners: listPartners(),
    groups: listGroups().map((g) => ({ id: g.id, title: g.title })),
    workshops: workshopChoices(),
    isAdmin: moderator.role === "admin",
  });
}

/** What the form sent, to show it again next to its errors (never trusted for anything else). */
function sentValues(formData: FormData): ActionFormValues {
  const text = (name: string) => {
    const v = formData.get(name);
    return typeof v === "string" ? v.slice(0, 5000) : undefined;
  };
  const list = (name: string) =>
    formData
      .getAll(name)
      .filter((v): v is string => typeof v === "string")
      .slice(0, 500)
      .map((v) => v.slice(0, 2000));
  return {
    title: text("title"),
    body: text("body"),
    focusArea: text("focusArea"),
    partner: text("partner"),
    contactRole: text("contactRole"),
    status: text("status"),
    statusReason: text("statusReason"),
    progress: text("progress"),
    co2eTonnesPerYear: text("co2eTonnesPerYear"),
    co2eMethod: text("co2eMethod"),
    budgetSek: text("budgetSek"),
    startDate: text("startDate"),
    endDate: text("endDate"),
    lat: text("lat"),
    lng: text("lng"),
    area: text("area"),
    groupId: list("groupId"),
    ideaId: list("ideaId"),
    workshopId: list("workshopId"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const moderator = await requireModerator(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "add-partner" || intent === "rename-partner") {
    if (moderator.role !== "admin") throw new Response("Forbidden", { status: 403 });
    const submission = parseWithZod(formData, { schema: PartnerSchema });
    if (submission.status !== "success")
      return json(
        { partnerErrors: errorsByField(submission.reply().error ?? {}) },
        { status: 400 },
      );
    const value = submission.value;
    const result =
      value.intent === "add-partner"
        ? addPartner(value.name, moderator.id)
        : renamePartner(value.partnerId, value.name, moderator.id);
    if (!result.ok) return json({ partnerErrors: { name: [result.reason] } }, { status: 400 });
    return redirect("/moderation/actions?notice=saved#partners", 303);
  }
  const submission = parseWithZod(formData, { schema: NewActionSchema });
  if (submission.status !== "success") {
    return json(
      { errors: errorsByField(submission.reply().error ?? {}), values: sentValues(formData) },
      { status: 400 },
    );
  }
  const result = createActionFromForm(submission.value, moderator.id);
  if (!result.ok)
    return json({ errors: result.errors, values: sentValues(formData) }, { status: 400 });
  return redirect(`/actions/${result.id}`, 303);
}

export default function ModerateActionsPage() {
  const { actions, partners, groups, workshops, isAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  const partnerErrors =
    actionData && "partnerErrors" in actionData
      ? (actionData.partnerErrors as Record<string, string[]>)
      : undefined;
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("actions.moderation.title")}</h1>
      {actions.length === 0 ? (
        <p>{t("actions.none")}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t("actions.moderation.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("actions.action")}</th>
              <th scope="col">{t("actions.form.status")}</th>
              <th scope="col">{t("actions.form.partner")}</th>
              <th scope="col">{t("actions.form.progress")}</th>
            </tr>
          </thead>
          <tbody>
            {actions.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/moderation/actions/${a.id}`}>{a.title}</Link>
                </td>
                <td>
                  <span className="status-badge" data-status={a.status}>
                    {t(`actions.status.${a.status}`)}
                  </span>
                </td>
                <td>{a.partner}</td>
                <td>{t("actions.percent", { value: a.progress })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-action" className="panel">
        <h2 id="new-action">{t("actions.moderation.new")}</h2>
        {errors ? (
          <p role="alert" className="field-errors">
            {t("actions.moderation.fix")}
          </p>
        ) : null}
        <ActionForm
          id="new-action-form"
          values={values ?? {}}
          errors={errors}
          partners={partners}
          groups={groups}
          workshops={workshops}
          fixedLinks={false}
          submitLabel={t("actions.moderation.create")}
        />
      </section>
      {isAdmin ? (
        <section aria-labelledby="partners" className="panel">
          <h2 id="partners">{t("actions.partners.title")}</h2>
          <ErrorList errors={partnerErrors?.name ?? partnerErrors?.partnerId} />
          <ul className="plain-list">
            {partners.map((p) => (
              <li key={p.id}>
                <Form method="post" className="control-row">
                  <input type="hidden" name="intent" value="rename-partner" />
                  <input type="hidden" name="partnerId" value={p.id} />
                  <label htmlFor={`partner-${p.id}`} className="visually-hidden">
                    {t("actions.partners.rename", { name: p.name })}
                  </label>
                  <input id={`partner-${p.id}`} name="name" defaultValue={p.name} maxLength={120} />
                  <button type="submit" className="button secondary">
                    {t("actions.partners.renameButton")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post" className="control-row">
            <input type="hidden" name="intent" value="add-partner" />
            <label htmlFor="new-partner">{t("actions.partners.new")}</label>
            <input id="new-partner" name="name" maxLength={120} required />
            <button type="submit" className="button secondary">
              {t("actions.partners.add")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
