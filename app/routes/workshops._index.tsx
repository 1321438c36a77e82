// GET /workshops: the facilitator's workshops and a form for a new one.
// POST /workshops: title, focusArea?, groupId?, dots (3), place?, publish → /workshops/:id.
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FocusAreaSelect } from "~/components/FocusArea";
import { ErrorList } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { boxAround } from "~/domain/geo";
import { places } from "~/domain/places";
import { NewWorkshopSchema } from "~/domain/workshop-schemas";
import { getGroup, listGroups } from "~/models/groups.server";
import { createWorkshop, workshopsFor } from "~/models/workshops.server";
import { requireRole } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

/** About 1.5 km around a place: a neighbourhood on a projector. */
function areaAround(placeId: string | undefined) {
  const place = places.find((p) => p.id === placeId);
  return place ? boxAround(place, 1_500) : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["facilitator"]);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("workshop.consoleTitle")} – ${t("site.name")}`,
    workshops: workshopsFor(user.id, user.role === "admin"),
    groups: listGroups()
      .filter((g) => g.stage !== "closed")
      .map((g) => ({ id: g.id, title: g.title })),
    places: places
      .map((p) => ({ id: p.id, name: p.name }))
      .sort((a, b) => a.name.localeCompare(b.name, "sv")),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["facilitator"]);
  const submission = parseWithZod(await request.formData(), { schema: NewWorkshopSchema });
  if (submission.status !== "success") {
    return json(
      { errors: (submission.reply().error ?? {}) as Record<string, string[]> },
      { status: 400 },
    );
  }
  const value = submission.value;
  if (value.groupId && !getGroup(value.groupId))
    return json({ errors: { groupId: ["group.notFound"] } }, { status: 400 });
  const { id } = createWorkshop({
    title: value.title,
    focusArea: value.focusArea ?? null,
    groupId: value.groupId ?? null,
    dots: value.dots,
    area: areaAround(value.place),
    publish: value.publish,
    facilitatorId: user.id,
  });
  return redirect(`/workshops/${id}`, 303);
}

export default function WorkshopsPage() {
  const { workshops, groups, places } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string[]> | undefined;
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("workshop.consoleTitle")}</h1>
      {workshops.length ? (
        <ul className="plain-list">
          {workshops.map((w) => (
            <li key={w.id}>
              <Link to={`/workshops/${w.id}`}>{w.title}</Link>{" "}
              <span className="muted">
                · {t(`workshop.status.${w.status}`)} · {t("workshop.code")} {w.code} ·{" "}
                {t("workshop.ideaCount", { count: w.ideas })}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("workshop.none")}</p>
      )}
      <section aria-labelledby="new-workshop" className="panel">
        <h2 id="new-workshop">{t("workshop.new")}</h2>
        <Form method="post" className="stack-form">
          <div className="field">
            <label htmlFor="w-title">{t("workshop.titleLabel")}</label>
            <input
              id="w-title"
              name="title"
              required
              minLength={3}
              maxLength={120}
              aria-invalid={errors?.title ? true : undefined}
              aria-describedby={errors?.title ? "w-title-error" : undefined}
            />
            <ErrorList id="w-title-error" errors={errors?.title} />
          </div>
          <FocusAreaSelect id="w-focus" allowAny />
          <div className="field">
            <label htmlFor="w-group">{t("workshop.groupLabel")}</label>
            <select id="w-group" name="groupId" defaultValue="">
              <option value="">{t("workshop.noGroup")}</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.title}
                </option>
              ))}
            </select>
            <ErrorList errors={errors?.groupId} />
          </div>
          <div className="field">
            <label htmlFor="w-place">{t("workshop.placeLabel")}</label>
            <select id="w-place" name="place" defaultValue="">
              <option value="">{t("workshop.allBoras")}</option>
              {places.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="w-dots">{t("workshop.dotsLabel")}</label>
            <input
              id="w-dots"
              name="dots"
              type="number"
              min={1}
              max={20}
              defaultValue={3}
              required
            />
            <ErrorList errors={errors?.dots} />
          </div>
          <fieldset className="field">
            <legend>{t("workshop.publishLegend")}</legend>
            <label className="radio">
              <input type="radio" name="publish" value="on-close" defaultChecked />
              {t("workshop.publishOnClose")}
            </label>
            <label className="radio">
              <input type="radio" name="publish" value="immediately" />
              {t("workshop.publishNow")}
            </label>
          </fieldset>
          <button type="submit" className="button">
            {t("workshop.create")}
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
