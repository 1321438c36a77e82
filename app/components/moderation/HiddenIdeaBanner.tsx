// What a moderator sees at the top of a hidden idea's page: that it is hidden from everyone else,
// why, by whom and when, with Restore (which comes back to this page) and the way to the list.
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { tIsolated } from "~/components/bidi";
import { formatDate } from "~/components/format";

export type HiddenNote = {
  reason: string | null;
  automatically: boolean;
  hiddenAt: string;
  hiddenBy: string | null;
};

export function HiddenIdeaBanner({ ideaId, note }: { ideaId: number; note: HiddenNote }) {
  const { t, i18n } = useTranslation();
  const date = formatDate(note.hiddenAt, i18n.language);
  return (
    <section className="notice notice-hidden" role="status" aria-labelledby="hidden-banner-heading">
      <h2 id="hidden-banner-heading">{t("moderation.hiddenBannerTitle")}</h2>
      <p>
        {note.automatically
          ? tIsolated(t, "moderation.hiddenByReportsOn", { date })
          : tIsolated(t, "moderation.hiddenByOn", {
              name: note.hiddenBy ?? t("idea.deletedUser"),
              date,
            })}
      </p>
      {note.reason ? (
        <p>
          <strong>{t("moderation.hiddenReason")}</strong> <span dir="auto">{note.reason}</span>
        </p>
      ) : null}
      <Form method="post" action={`/moderation/ideas/${ideaId}`} className="inline">
        <input type="hidden" name="intent" value="restore" />
        <input type="hidden" name="redirectTo" value={`/ideas/${ideaId}`} />
        <button type="submit" className="button">
          {t("moderation.restore")}
        </button>
      </Form>{" "}
      <Link to="/moderation/hidden">{t("moderation.allHidden")}</Link>
    </section>
  );
}
