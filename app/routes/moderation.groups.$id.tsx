// GET /moderation/groups/:id: a group for the moderators — its ideas, adding and removing ideas,
// moving it through the workflow with a public message, editing it.
// POST: intent = add-ideas (ideaId…) / remove-idea (ideaId) / set-stage (stage, message) / edit.
// A stage move e-mails everyone behind the group's ideas and cannot be taken back: set-stage
// without `confirm=yes` moves nothing and answers the confirmation step (what will happen, how
// many people get the e-mail) with a second submit that carries confirm=yes. A script may send
// confirm=yes in its first POST.
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { FocusAreaSelect } from "~/components/FocusArea";
import { MakeGroupAnAction } from "~/components/actions/MakeGroupAnAction";
import { ClientOnly } from "remix-utils/client-only";
import { ErrorList, SearchForm } from "~/components/forms";
import { GroupTimeline } from "~/components/GroupTimeline";
import type { Stage } from "~/domain/focus-areas";
import { GroupActionSchema } from "~/domain/moderation-schemas";
import { availableTransitions, canTransition, isCorrection } from "~/domain/workflow";
import {
  addIdeasToGroup,
  countPeopleBehindGroup,
  editGroup,
  getGroup,
  groupIdeas,
  groupTimeline,
  removeIdeaFromGroup,
  ungroupedIdeas,
} from "~/models/groups.server";
import { actionsForGroup, listPartners } from "~/models/actions.server";
import { workshopChoices, workshopIdsOfGroup } from "~/models/workshops.server";
import { refreshIdeas } from "~/services/map-index.server";
import { moveGroupAndTell } from "~/services/moderation.server";
import { getFixedT } from "~/utils/locale.server";
import { invariantResponse } from "~/utils/misc";
import { useRootData } from "~/root";
import { requireModerator } from "~/utils/moderation.server";
import { lazyMap } from "~/components/map/lazy-map";

const SelectIdeasMap = lazyMap(() => import("~/components/map/SelectIdeasMap.client"));

/** Ungrouped ideas offered per page (the rest are a search or a page away, and the page says how many). */
const CANDIDATES_PER_PAGE = 50;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

function groupIdFrom(params: { id?: string }) {
  const id = /^\d{1,15}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  invariantResponse(Number.isSafeInteger(id), "Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const moderator = await requireModerator(request);
  const id = groupIdFrom(params);
  const group = getGroup(id);
  invariantResponse(group, "Not found", { status: 404 });
  const search = new URL(request.url).searchParams;
  const q = search.get("q")?.slice(0, 200) ?? "";
  const page = Math.min(Math.max(Math.trunc(Number(search.get("page"))) || 1, 1), 100_000);
  const { ideas: candidates, total } = ungroupedIdeas(q, {
    limit: CANDIDATES_PER_PAGE,
    offset: (page - 1) * CANDIDATES_PER_PAGE,
  });
  const { t } = await getFixedT(request);
  const decided = group.stage === "decided";
  const groupWorkshopIds = decided ? workshopIdsOfGroup(id) : [];
  return json({
    title: `${group.title} – ${t("site.name")}`,
    group,
    ideas: groupIdeas(id),
    timeline: groupTimeline(id),
    transitions: availableTransitions(group, moderator).map((stage) => ({
      stage,
      correction: isCorrection(group.stage, stage),
    })),
    candidates,
    candidatePages: { page, total, perPage: CANDIDATES_PER_PAGE },
    q,
    actions: actionsForGroup(id),
    partners: decided ? listPartners() : [],
    workshops: decided ? workshopChoices(groupWorkshopIds) : [],
    groupWorkshopIds,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const moderator = await requireModerator(request);
  const id = groupIdFrom(params);
  const group = getGroup(id);
  invariantResponse(group, "Not found", { status: 404 });
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: GroupActionSchema });
  if (submission.status !== "success") {
    return json(
      { errors: (submission.reply().error ?? {}) as Record<string, string[]> },
      { status: 400 },
    );
  }
  const value = submission.value;
  const back = (notice: string) => redirect(`/moderation/groups/${id}?notice=${notice}`, 303);
  switch (value.intent) {
    case "add-ideas": {
      const result = addIdeasToGroup(id, value.ideaId, moderator.id);
      if (!result.ok) return json({ errors: { ideaId: [result.reason] } }, { status: 400 });
      refreshIdeas(result.added);
      return back("ideas-added");
    }
    case "remove-idea":
      if (!removeIdeaFromGroup(id, value.ideaId, moderator.id))
        return json({ errors: { ideaId: ["group.ideaNotInGroup"] } }, { status: 404 });
      refreshIdeas([value.ideaId]);
      return back("idea-removed");
    case "set-stage": {
      const verdict = canTransition(group, value.stage, moderator);
      if (!verdict.ok) return json({ errors: { stage: [verdict.reason] } }, { status: 400 });
      const to = value.stage as Stage;
      if (formData.get("confirm") !== "yes") {
        const confirm = {
          stage: to,
          message: value.message,
          people: countPeopleBehindGroup(id),
          correction: isCorrection(group.stage, to),
        };
        return json({ confirm });
      }
      const { t } = await getFixedT(request);
      moveGroupAndTell(group, to, value.message, moderator.id, t);
      return back("stage-moved");
    }
    case "edit":
      editGroup(
        id,
        { title: value.title, summary: value.summary, focusArea: value.focusArea },
        moderator.id,
      );
      return back("saved");
  }
}

export default function ModerateGroupPage() {
  const {
    group,
    ideas,
    timeline,
    transitions,
    candidates,
    candidatePages,
    q,
    actions,
    partners,
    workshops,
    groupWorkshopIds,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors =
    actionData && "errors" in actionData
      ? (actionData.errors as Record<string, string[]>)
      : undefined;
  const confirm = actionData && "confirm" in actionData ? actionData.confirm : undefined;
  const root = useRootData();
  const { t } = useTranslation();
  return (
    <>
      <p>
        <Link to="/moderation/groups">{t("moderation.allGroups")}</Link> ·{" "}
        <Link to={`/groups/${group.id}`}>{t("moderation.publicPage")}</Link>
      </p>
      <h1>{group.title}</h1>
      <p>
        <span className="stage-badge" data-stage={group.stage}>
          {t(`stages.${group.stage}`)}
        </span>{" "}
        {t(`focusAreas.${group.focusArea}.label`)}
      </p>
      {group.summary ? <p className="group-summary">{group.summary}</p> : null}

      <section aria-labelledby="stage-heading" className="panel">
        <h2 id="stage-heading">{t("moderation.moveStage")}</h2>
        {group.ideas === 0 ? <p>{t("workflow.emptyGroup")}</p> : null}
        {confirm ? (
          <ConfirmStageMove groupId={group.id} from={group.stage} {...confirm} />
        ) : transitions.length === 0 ? (
          <p>{t("moderation.noMoves")}</p>
        ) : (
          <Form method="post" className="stack-form">
            <input type="hidden" name="intent" value="set-stage" />
            <fieldset className="field">
              <legend>{t("moderation.toStage")}</legend>
              {transitions.map(({ stage: s, correction }, n) => (
                <label key={s} className="radio">
                  <input type="radio" name="stage" value={s} defaultChecked={n === 0} />
                  {correction
                    ? t("moderation.backToStage", { stage: t(`stages.${s}`) })
                    : t(`stages.${s}`)}
                </label>
              ))}
              <ErrorList errors={errors?.stage} />
            </fieldset>
            <div className="field">
              <label htmlFor="stage-message">{t("moderation.publicMessage")}</label>
              <p id="stage-message-hint" className="field-hint">
                {t("moderation.publicMessageHint")}
              </p>
              <textarea
                id="stage-message"
                name="message"
                rows={4}
                maxLength={5000}
                required
                aria-describedby={
                  errors?.message ? "stage-message-hint stage-message-error" : "stage-message-hint"
                }
                aria-invalid={errors?.message ? true : undefined}
              />
              <ErrorList id="stage-message-error" errors={errors?.message} />
            </div>
            <button type="submit" className="button">
              {t("moderation.moveButton")}
            </button>
          </Form>
        )}
      </section>

      <MakeGroupAnAction
        group={group}
        ideas={ideas}
        actions={actions}
        partners={partners}
        workshops={workshops}
        groupWorkshopIds={groupWorkshopIds}
      />

      <section aria-labelledby="ideas-heading">
        <h2 id="ideas-heading">{t("moderation.groupIdeas", { count: ideas.length })}</h2>
        <ul className="plain-list">
          {ideas.map((idea) => (
            <li key={idea.id}>
              <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>{" "}
              <span className="muted">
                · {t("idea.supports", { count: idea.supports, formatted: idea.supports })}
              </span>{" "}
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="remove-idea" />
                <input type="hidden" name="ideaId" value={idea.id} />
                <button type="submit" className="link-button">
                  {t("moderation.removeFromGroup", { title: idea.title })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="add-heading" className="panel">
        <h2 id="add-heading">{t("moderation.addIdeas")}</h2>
        <SearchForm label={t("filters.search")} defaultValue={q} />
        {candidatePages.total > 0 ? (
          <p className="muted" id="candidates-count">
            {t("moderation.candidatesShown", {
              first: (candidatePages.page - 1) * candidatePages.perPage + 1,
              last: (candidatePages.page - 1) * candidatePages.perPage + candidates.length,
              total: candidatePages.total,
            })}
          </p>
        ) : null}
        {candidates.length === 0 ? (
          <p>{t("moderation.noUngrouped")}</p>
        ) : (
          <ClientOnly fallback={null}>
            {() => (
              <Suspense fallback={null}>
                {/* A new page of candidates is a new map (it draws its markers once). */}
                <SelectIdeasMap
                  key={`${q}:${candidatePages.page}`}
                  ideas={candidates}
                  formId="add-ideas-form"
                  tileUrl={root.map.tileUrl}
                  tileAttribution={root.map.tileAttribution}
                />
              </Suspense>
            )}
          </ClientOnly>
        )}
        {candidates.length === 0 ? null : (
          <Form method="post" id="add-ideas-form">
            <input type="hidden" name="intent" value="add-ideas" />
            <fieldset className="field">
              <legend>{t("moderation.chooseIdeasLegend")}</legend>
              {candidates.map((idea) => (
                <label key={idea.id} className="checkbox">
                  <input type="checkbox" name="ideaId" value={idea.id} />
                  <span>
                    {idea.title}{" "}
                    <span className="muted">({t(`focusAreas.${idea.focusArea}.label`)})</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <ErrorList errors={errors?.ideaId} />
            <button type="submit" className="button">
              {t("moderation.addChosen")}
            </button>
          </Form>
        )}
        <CandidatePager q={q} {...candidatePages} />
      </section>

      <section aria-labelledby="edit-heading" className="panel">
        <h2 id="edit-heading">{t("moderation.editGroup")}</h2>
        <Form method="post" className="stack-form">
          <input type="hidden" name="intent" value="edit" />
          <div className="field">
            <label htmlFor="edit-title">{t("moderation.groupTitle")}</label>
            <input
              id="edit-title"
              name="title"
              defaultValue={group.title}
              required
              minLength={3}
              maxLength={120}
            />
            <ErrorList errors={errors?.title} />
          </div>
          <div className="field">
            <label htmlFor="edit-summary">{t("moderation.groupSummary")}</label>
            <textarea
              id="edit-summary"
              name="summary"
              rows={3}
              defaultValue={group.summary}
              maxLength={5000}
            />
          </div>
          <FocusAreaSelect id="edit-focus" defaultValue={group.focusArea} />
          <button type="submit" className="button secondary">
            {t("moderation.save")}
          </button>
        </Form>
      </section>

      <GroupTimeline timeline={timeline} />
    </>
  );
}

/** Earlier and later pages of the ungrouped ideas (links: they work without JavaScript). */
function CandidatePager({
  q,
  page,
  total,
  perPage,
}: {
  q: string;
  page: number;
  total: number;
  perPage: number;
}) {
  const { t } = useTranslation();
  const pages = Math.ceil(total / perPage);
  if (pages <= 1) return null;
  const to = (n: number) =>
    `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) })}#add-heading`;
  return (
    <nav aria-label={t("moderation.candidatePages")} className="pager">
      {page > 1 ? <Link to={to(page - 1)}>{t("moderation.previousPage")}</Link> : null}{" "}
      <span>{t("moderation.pageOf", { page, pages })}</span>{" "}
      {page < pages ? <Link to={to(page + 1)}>{t("moderation.nextPage")}</Link> : null}
    </nav>
  );
}

/**
 * The second step of a stage move: what will happen and who gets the e-mail, then an explicit
 * confirm (a plain form, so it works without JavaScript too) or the way back without moving.
 */
function ConfirmStageMove({
  groupId,
  from,
  stage,
  message,
  people,
  correction,
}: {
  groupId: number;
  from: Stage;
  stage: Stage;
  message: string;
  people: number;
  correction: boolean;
}) {
  const { t } = useTranslation();
  const fromLabel = t(`stages.${from}`);
  const toLabel = t(`stages.${stage}`);
  return (
    <div
      className="confirm-step"
      role="alertdialog"
      aria-labelledby="confirm-stage-heading"
      aria-describedby="confirm-stage-what"
    >
      <h3 id="confirm-stage-heading">{t("moderation.confirmStageTitle")}</h3>
      <div id="confirm-stage-what">
        <p>
          {correction
            ? t("moderation.confirmCorrection", { from: fromLabel, to: toLabel })
            : t("moderation.confirmStage", { from: fromLabel, to: toLabel })}
        </p>
        {stage === "closed" ? <p>{t("moderation.confirmClosed")}</p> : null}
        <p>{t("moderation.confirmPeople", { count: people })}</p>
        <p>{t("moderation.confirmMessage")}</p>
        <blockquote dir="auto" className="timeline-message">
          {message}
        </blockquote>
      </div>
      <Form method="post" className="control-row">
        <input type="hidden" name="intent" value="set-stage" />
        <input type="hidden" name="stage" value={stage} />
        <input type="hidden" name="message" value={message} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className="button danger">
          {t("moderation.confirmStageButton", { count: people })}
        </button>
        <Link to={`/moderation/groups/${groupId}`} className="button secondary">
          {t("moderation.confirmCancel")}
        </Link>
      </Form>
    </div>
  );
}
