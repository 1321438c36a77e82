// GET /moderation/suggestions: likely duplicates (one click merges them) and candidate co-creation
// groups (one form creates the group with its ideas), each with why it was suggested.
// Besides the suggested pairs, "merge any two": find two ideas by number or title words (?a=, ?b=)
// and choose which one stays. The forms post to /moderation/ideas/:id and /moderation/groups.
// Method: docs/decisions/007.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { FocusBadge } from "~/components/FocusArea";
import { formatDate, formatNumber } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { FOCUS_AREAS } from "~/domain/focus-areas";
import { findMergeCandidates, type MergeCandidate } from "~/models/moderation.server";
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
  const search = new URL(request.url).searchParams;
  const a = search.get("a")?.slice(0, 200) ?? "";
  const b = search.get("b")?.slice(0, 200) ?? "";
  return json({
    title: `${t("suggestions.title")} – ${t("site.name")}`,
    ...moderationSuggestions({ duplicates: SHOWN_DUPLICATES, groups: SHOWN_GROUPS }),
    mergeAny: { a, b, aMatches: findMergeCandidates(a), bMatches: findMergeCandidates(b) },
  });
}

export default function SuggestionsPage() {
  const { duplicates, groups, scope, mergeAny } = useLoaderData<typeof loader>();
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

      <MergeAnyTwo {...mergeAny} />

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

/**
 * Any idea into any other: two searches (a number or words from the title), then the pair side by
 * side with one button per way round, so that the moderator chooses which idea stays.
 */
function MergeAnyTwo({
  a,
  b,
  aMatches,
  bMatches,
}: {
  a: string;
  b: string;
  aMatches: MergeCandidate[];
  bMatches: MergeCandidate[];
}) {
  const { t } = useTranslation();
  const first = aMatches.length === 1 ? aMatches[0] : undefined;
  const second = bMatches.length === 1 ? bMatches[0] : undefined;
  const pick = (side: "a" | "b", id: number) =>
    `?${new URLSearchParams({ a: side === "a" ? String(id) : a, b: side === "b" ? String(id) : b })}#merge-any-heading`;
  return (
    <section aria-labelledby="merge-any-heading" className="panel">
      <h2 id="merge-any-heading">{t("suggestions.mergeAny.heading")}</h2>
      <p>{t("suggestions.mergeAny.intro")}</p>
      <Form method="get" className="filter-row" action={`${HERE}#merge-any-heading`}>
        <label>
          <span>{t("suggestions.mergeAny.first")}</span>
          <input name="a" defaultValue={a} maxLength={200} required />
        </label>
        <label>
          <span>{t("suggestions.mergeAny.second")}</span>
          <input name="b" defaultValue={b} maxLength={200} required />
        </label>
        <button type="submit" className="button secondary">
          {t("suggestions.mergeAny.find")}
        </button>
      </Form>
      {a || b ? (
        <div className="merge-any-results">
          <MatchList side="a" query={a} matches={aMatches} chosen={first} pick={pick} />
          <MatchList side="b" query={b} matches={bMatches} chosen={second} pick={pick} />
        </div>
      ) : null}
      {first && second ? (
        first.id === second.id ? (
          <p role="alert" className="form-errors">
            {t("merge.same")}
          </p>
        ) : (
          <div className="control-row">
            <MergeButton from={second} into={first} />
            <MergeButton from={first} into={second} />
          </div>
        )
      ) : null}
    </section>
  );
}

function MatchList({
  side,
  query,
  matches,
  chosen,
  pick,
}: {
  side: "a" | "b";
  query: string;
  matches: MergeCandidate[];
  chosen: MergeCandidate | undefined;
  pick: (side: "a" | "b", id: number) => string;
}) {
  const { t } = useTranslation();
  if (!query) return null;
  if (matches.length === 0) return <p>{t("suggestions.mergeAny.noMatch", { query })}</p>;
  if (chosen) {
    return (
      <p>
        <Link to={`/ideas/${chosen.id}`}>
          <bdi>{chosen.title}</bdi>
        </Link>{" "}
        <span className="muted">
          · {t("suggestions.ideaNumber", { id: chosen.id })}
          {chosen.status === "visible" ? null : (
            <>
              {" "}
              · {t(`suggestions.mergeAny.status.${chosen.status}`, { defaultValue: chosen.status })}
            </>
          )}
        </span>
      </p>
    );
  }
  return (
    <div>
      <p>{t("suggestions.mergeAny.choose", { query })}</p>
      <ul className="plain-list">
        {matches.map((m) => (
          <li key={m.id}>
            <Link to={pick(side, m.id)}>
              <bdi>{m.title}</bdi>
            </Link>{" "}
            <span className="muted">· {t("suggestions.ideaNumber", { id: m.id })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Merges `from` into `into`: `into` stays, with both ideas' supports, comments and followers. */
function MergeButton({ from, into }: { from: MergeCandidate; into: MergeCandidate }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action={`/moderation/ideas/${from.id}`}>
      <input type="hidden" name="intent" value="merge" />
      <input type="hidden" name="intoId" value={into.id} />
      <SubmitButton className="button">
        {t("suggestions.mergeAny.keep", { into: into.title, from: from.title })}
      </SubmitButton>
    </Form>
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
