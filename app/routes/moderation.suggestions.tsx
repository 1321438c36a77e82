// GET /moderation/suggestions: likely duplicates (one click merges them) and candidate co-creation
// groups (one form creates the group with its ideas), each with why it was suggested.
// The forms post to /moderation/ideas/:id and /moderation/groups. Method: docs/decisions/007.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { FocusBadge } from "~/components/FocusArea";
import { formatDate, formatNumber } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { FOCUS_AREAS } from "~/domain/focus-areas";
import {
  moderationSuggestions,
  type DuplicateSuggestion,
  type GroupSuggestion,
  type IdeaSummary,
  type SuggestionReason,
} from "~/services/suggestions.server";
import { requireRole } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

const SHOWN_DUPLICATES = 25;
const SHOWN_GROUPS = 25;
const HERE = "/moderation/suggestions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["moderator"]);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("suggestions.title")} – ${t("site.name")}`,
    ...moderationSuggestions({ duplicates: SHOWN_DUPLICATES, groups: SHOWN_GROUPS }),
  });
}

export default function SuggestionsPage() {
  const { duplicates, groups, scope } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <>
      <h1>{t("suggestions.title")}</h1>
      <p>{t("suggestions.intro")}</p>
      {scope.considered < scope.ungrouped ? (
        <p className="muted">
          {t("suggestions.scope", {
            considered: formatNumber(scope.considered, i18n.language),
            ungrouped: formatNumber(scope.ungrouped, i18n.language),
          })}
        </p>
      ) : null}

      <section aria-labelledby="duplicates-heading">
        <h2 id="duplicates-heading">{t("suggestions.duplicates.heading")}</h2>
        <p>{t("suggestions.duplicates.intro")}</p>
        {duplicates.length === 0 ? (
          <p>{t("suggestions.duplicates.none")}</p>
        ) : (
          <ol className="idea-cards">
            {duplicates.map((pair, n) => (
              <DuplicateCard key={`${pair.a.id}-${pair.b.id}`} pair={pair} number={n + 1} />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="groups-heading">
        <h2 id="groups-heading">{t("suggestions.groups.heading")}</h2>
        <p>{t("suggestions.groups.intro")}</p>
        {groups.length === 0 ? (
          <p>{t("suggestions.groups.none")}</p>
        ) : (
          <ol className="idea-cards">
            {groups.map((group, n) => (
              <GroupCard key={group.key} group={group} number={n + 1} />
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function DuplicateCard({ pair, number }: { pair: DuplicateSuggestion; number: number }) {
  const { t } = useTranslation();
  const headingId = `duplicate-${pair.a.id}-${pair.b.id}`;
  return (
    <li className="idea-card" data-focus={pair.b.focusArea} aria-labelledby={headingId}>
      <h3 id={headingId}>{t("suggestions.duplicates.pairHeading", { number })}</h3>
      <ul className="plain-list">
        <IdeaLine idea={pair.a} />
        <IdeaLine idea={pair.b} />
      </ul>
      <Reasons reasons={pair.reasons} />
      <p>
        {t(`suggestions.duplicates.keep.${pair.keep}`, { into: pair.b.title, from: pair.a.title })}
      </p>
      <Form method="post" action={`/moderation/ideas/${pair.a.id}`}>
        <input type="hidden" name="intent" value="merge" />
        <input type="hidden" name="intoId" value={pair.b.id} />
        <input type="hidden" name="redirectTo" value={HERE} />
        <SubmitButton className="button">
          {pair.a.title === pair.b.title
            ? t("suggestions.duplicates.mergeSameTitle", {
                title: pair.a.title,
                fromId: pair.a.id,
                intoId: pair.b.id,
              })
            : t("suggestions.duplicates.merge", { from: pair.a.title, into: pair.b.title })}
        </SubmitButton>
      </Form>
    </li>
  );
}

function IdeaLine({ idea }: { idea: IdeaSummary }) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>{" "}
      <span className="muted">
        · {t("suggestions.ideaNumber", { id: idea.id })} ·{" "}
        {t("idea.supports", {
          count: idea.supports,
          formatted: formatNumber(idea.supports, i18n.language),
        })}{" "}
        · {formatDate(idea.createdAt, i18n.language)}
      </span>
    </li>
  );
}

function GroupCard({ group, number }: { group: GroupSuggestion; number: number }) {
  const { t } = useTranslation();
  const id = `group-${group.key}`;
  return (
    <li className="idea-card" data-focus={group.focusArea} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>
        {t("suggestions.groups.candidateHeading", { number, count: group.ideas.length })}
      </h3>
      <p>
        <FocusBadge focusArea={group.focusArea} />
      </p>
      <Reasons reasons={group.reasons} />
      <Form method="post" action="/moderation/groups">
        <fieldset className="field">
          <legend>{t("suggestions.groups.ideasLegend")}</legend>
          {group.ideas.map((idea) => (
            <div key={idea.id} className="checkbox">
              <input
                type="checkbox"
                id={`${id}-idea-${idea.id}`}
                name="ideaId"
                value={idea.id}
                defaultChecked
              />
              <label htmlFor={`${id}-idea-${idea.id}`}>{idea.title}</label>{" "}
              <Link
                to={`/ideas/${idea.id}`}
                target="_blank"
                rel="noopener"
                aria-label={t("suggestions.groups.openIdeaLabel", { title: idea.title })}
              >
                {t("suggestions.groups.openIdea")}
              </Link>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-title`}>{t("suggestions.groups.titleLabel")}</label>
          <input
            type="text"
            id={`${id}-title`}
            name="title"
            defaultValue={group.title}
            required
            minLength={3}
            maxLength={120}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-summary`}>{t("suggestions.groups.summaryLabel")}</label>
          <p id={`${id}-summary-hint`} className="field-hint">
            {t("suggestions.groups.summaryHint")}
          </p>
          <textarea
            id={`${id}-summary`}
            name="summary"
            rows={3}
            maxLength={5000}
            aria-describedby={`${id}-summary-hint`}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-focus`}>{t("suggestions.groups.focusAreaLabel")}</label>
          <select id={`${id}-focus`} name="focusArea" defaultValue={group.focusArea}>
            {FOCUS_AREAS.map((f) => (
              <option key={f} value={f}>
                {t(`focusAreas.${f}.label`)}
              </option>
            ))}
          </select>
        </div>
        <p>
          <SubmitButton className="button">
            {t("suggestions.groups.create", { number })}
          </SubmitButton>
        </p>
      </Form>
    </li>
  );
}

/** A submit button that is disabled while any form on the page is being sent. */
function SubmitButton({ className, children }: { className: string; children: string }) {
  const navigation = useNavigation();
  return (
    <button type="submit" className={className} disabled={navigation.state === "submitting"}>
      {children}
    </button>
  );
}

function Reasons({ reasons }: { reasons: SuggestionReason[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div>
      <p>
        <strong>{t("suggestions.why")}</strong>
      </p>
      <ul className="plain-list">
        {reasons.map((reason) => (
          <li key={reason.key}>{reasonText(reason, t, i18n.language)}</li>
        ))}
      </ul>
    </div>
  );
}

/** A reason in words: lists joined the language's way, distances in m or km, focus areas named. */
function reasonText(reason: SuggestionReason, t: TFunction, language: string): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(reason.values ?? {})) {
    if (Array.isArray(value)) {
      values[name] = new Intl.ListFormat(language, { type: "conjunction" }).format(value);
    } else if (name.endsWith("Meters") && typeof value === "number") {
      values[name] =
        value < 1000
          ? t("suggestions.meters", { value: formatNumber(Math.round(value / 10) * 10, language) })
          : t("suggestions.kilometers", {
              value: (value / 1000).toLocaleString(language, { maximumFractionDigits: 1 }),
            });
    } else if (name === "focusArea") {
      values[name] = t(`focusAreas.${value}.label`);
    } else {
      values[name] = typeof value === "number" ? formatNumber(value, language) : value;
    }
  }
  return t(reason.key, values);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
