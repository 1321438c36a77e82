// GET /me: my ideas, supports, comments and follows; sign out everywhere; my data.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/components/format";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import {
  emailSettings,
  myActivity,
  setEmailSettings,
  type EmailSettings,
} from "~/models/me.server";
import { HeldNotice } from "~/components/IdeaActions";
import { Notice } from "~/components/Notice";
import { identitiesOf, verificationOf } from "~/models/oidc.server";
import { signInProviders } from "~/services/oidc-sign-in.server";
import { requireUser, signOut } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getFixedT(request);
  return json({
    title: `${t("me.title")} – ${t("site.name")}`,
    user: { name: user.name, email: user.email, emailConfirmed: user.emailConfirmed },
    email: emailSettings(user.id),
    ...myActivity(user.id),
    eId: eIdOf(user.id),
  });
}

/** Verified with e-ID or not, and the e-ID providers that can still be linked (issue 16). */
function eIdOf(userId: number) {
  const providers = signInProviders();
  const label = (id: string | null) => providers.find((p) => p.id === id)?.label ?? id ?? "";
  const linked = new Set(identitiesOf(userId).map((i) => i.providerId));
  const verification = verificationOf(userId);
  return {
    verification: verification
      ? { at: verification.verifiedAt, provider: label(verification.providerId) }
      : null,
    linkable: providers.filter((p) => p.kind === "e-id" && !linked.has(p.id)),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  switch (formData.get("intent")) {
    case "sign-out-everywhere":
      return redirect("/", { headers: await signOut(request, { everywhere: true }) });
    case "email-notifications": {
      // Checkboxes: present means on.
      const on = (name: string) => formData.get(name) === "on";
      const frequency = formData.get("frequency");
      if (frequency !== "instant" && frequency !== "daily")
        throw new Response("Unknown frequency", { status: 400 });
      setEmailSettings(user.id, {
        on: on("on"),
        comments: on("comments"),
        replies: on("replies"),
        followed: on("followed"),
        updates: on("updates"),
        frequency,
      });
      return redirect("/me?notice=saved#email-settings", 303);
    }
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

export default function MePage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="page me-page">
      <Notice />
      <h1>{t("me.title")}</h1>
      <p>
        {data.user.email
          ? t("me.signedInAs", { name: data.user.name, email: data.user.email })
          : t("identity.signedInAsNoEmail", { name: data.user.name })}
      </p>
      {data.user.emailConfirmed ? null : (
        <HeldNotice text={t("auth.unconfirmedNotice", { email: data.user.email })} />
      )}
      <p>
        <Link to="/me/notifications">{t("me.notificationsLink")}</Link>
      </p>

      <section aria-labelledby="my-ideas">
        <h2 id="my-ideas">{t("me.ideas", { count: data.ideas.length })}</h2>
        {data.ideas.length === 0 ? (
          <p>
            {t("me.noIdeas")} <Link to="/ideas/new">{t("nav.newIdea")}</Link>
          </p>
        ) : (
          <ul className="plain-list">
            {data.ideas.map((idea) => (
              <li key={idea.id}>
                {idea.status === "visible" ? (
                  <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
                ) : (
                  <strong>{idea.title}</strong>
                )}{" "}
                <span className="muted">
                  · {formatDate(idea.createdAt, i18n.language)} ·{" "}
                  {t("idea.supports", { count: idea.supports, formatted: idea.supports })}
                </span>
                {idea.status !== "visible" ? (
                  <p className="muted">
                    {t(`me.status.${idea.status}`)}
                    {idea.hiddenReason ? ` ${t("me.reason", { reason: idea.hiddenReason })}` : ""}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="my-supports">
        <h2 id="my-supports">{t("me.supports", { count: data.supports.length })}</h2>
        <IdeaLinks ideas={data.supports} empty={t("me.noSupports")} />
      </section>

      <section aria-labelledby="my-follows">
        <h2 id="my-follows">{t("me.follows", { count: data.follows.length })}</h2>
        <IdeaLinks ideas={data.follows} empty={t("me.noFollows")} />
      </section>

      <section aria-labelledby="my-comments">
        <h2 id="my-comments">{t("me.comments", { count: data.comments.length })}</h2>
        {data.comments.length === 0 ? (
          <p>{t("me.noComments")}</p>
        ) : (
          <ul className="plain-list">
            {data.comments.map((c) => (
              <li key={c.id}>
                <Link to={`/ideas/${c.ideaId}#comment-${c.id}`}>{c.ideaTitle}</Link>
                <p className="comment-body">
                  {c.status === "visible" ? c.body : t("comments.hidden")}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <EIdSection eId={data.eId} />

      <EmailSettingsForm settings={data.email} />

      <section aria-labelledby="my-account">
        <h2 id="my-account">{t("me.account")}</h2>
        <ul className="plain-list">
          <li>
            <a href="/me/export" download>
              {t("me.export")}
            </a>
          </li>
          <li>
            <Form method="post">
              <input type="hidden" name="intent" value="sign-out-everywhere" />
              <button type="submit" className="link-button">
                {t("me.signOutEverywhere")}
              </button>
            </Form>
          </li>
          <li>
            <Link to="/me/delete">{t("me.deleteLink")}</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}

function EIdSection({ eId }: { eId: ReturnType<typeof eIdOf> }) {
  const { t, i18n } = useTranslation();
  if (!eId.verification && eId.linkable.length === 0) return null;
  return (
    <section aria-labelledby="my-e-id">
      <h2 id="my-e-id">{t("identity.meHeading")}</h2>
      <p>
        {eId.verification
          ? t("identity.meVerified", {
              provider: eId.verification.provider,
              date: formatDate(eId.verification.at, i18n.language),
            })
          : t("identity.meNotVerified")}
      </p>
      {eId.linkable.length ? (
        <ul className="plain-list">
          {eId.linkable.map((p) => (
            <li key={p.id}>
              {/* A document navigation: the browser goes on to the provider. */}
              <a href={`/auth/${p.id}?link=1`} className="button secondary">
                {t("identity.linkWith", { provider: p.label })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function EmailSettingsForm({ settings }: { settings: EmailSettings }) {
  const { t } = useTranslation();
  const kinds = [
    ["comments", t("me.emailComments")],
    ["replies", t("me.emailReplies")],
    ["followed", t("me.emailFollowed")],
    ["updates", t("me.emailUpdates")],
  ] as const;
  return (
    <section aria-labelledby="email-settings-heading" id="email-settings">
      <h2 id="email-settings-heading">{t("me.emailHeading")}</h2>
      <Form method="post" className="stack-form">
        <input type="hidden" name="intent" value="email-notifications" />
        <label className="choice">
          <input type="checkbox" name="on" defaultChecked={settings.on} />{" "}
          <span>{t("me.emailAll")}</span>
        </label>
        <fieldset>
          <legend>{t("me.emailKinds")}</legend>
          {kinds.map(([name, label]) => (
            <label key={name} className="choice">
              <input type="checkbox" name={name} defaultChecked={settings[name]} />{" "}
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("me.emailFrequency")}</legend>
          <label className="choice">
            <input
              type="radio"
              name="frequency"
              value="instant"
              defaultChecked={settings.frequency === "instant"}
            />{" "}
            <span>{t("me.emailInstant")}</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name="frequency"
              value="daily"
              defaultChecked={settings.frequency === "daily"}
            />{" "}
            <span>{t("me.emailDaily")}</span>
          </label>
        </fieldset>
        <div>
          <button type="submit" className="button secondary small">
            {t("me.emailSave")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function IdeaLinks({ ideas, empty }: { ideas: { id: number; title: string }[]; empty: string }) {
  if (ideas.length === 0) return <p>{empty}</p>;
  return (
    <ul className="plain-list">
      {ideas.map((idea) => (
        <li key={idea.id}>
          <Link to={`/ideas/${idea.id}`}>{idea.title}</Link>
        </li>
      ))}
    </ul>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
