// GET/POST /accessibility: the accessibility statement (tillgänglighetsredogörelse) and a form to
// report a barrier, which reaches the moderators.
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorList, Honeypot } from "~/components/forms";
import { Notice } from "~/components/Notice";
import { reportBarrier } from "~/models/barriers.server";
import { getUser } from "~/utils/auth.server";
import { getFixedT } from "~/utils/locale.server";
import { consume } from "~/utils/rate-limit.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

const BarrierSchema = z.object({
  page: z.string().trim().max(500).default(""),
  description: z
    .string({ required_error: "accessibility.describeRequired" })
    .trim()
    .min(1, "accessibility.describeRequired")
    .max(5000, "validation.bodyTooLong"),
  contact: z.string().trim().max(200).default(""),
  website: z.string().max(0, "validation.honeypot").optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  return json({ title: `${t("accessibility.title")} – ${t("site.name")}` });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: BarrierSchema });
  if (submission.status !== "success") {
    return json(
      { errors: (submission.reply().error ?? {}) as Record<string, string[]> },
      { status: 400 },
    );
  }
  const limited = consume([[`barrier:ip:${context.clientIp}`, { limit: 20, windowMs: 3_600_000 }]]);
  if (!limited.ok)
    return json({ errors: { description: ["auth.tooManyAttempts"] } }, { status: 429 });
  const user = await getUser(request);
  const { page, description, contact } = submission.value;
  reportBarrier({ page, description, contact, userId: user?.id ?? null });
  return redirect("/accessibility?notice=barrier-reported#report", 303);
}

export default function AccessibilityPage() {
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string[]> | undefined;
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("accessibility.title")}</h1>
      <p>{t("accessibility.intro")}</p>
      <h2>{t("accessibility.statusHeading")}</h2>
      <p>{t("accessibility.status")}</p>
      <h2>{t("accessibility.howHeading")}</h2>
      <ul className="plain-list">
        <li>{t("accessibility.how.keyboard")}</li>
        <li>{t("accessibility.how.list")}</li>
        <li>{t("accessibility.how.place")}</li>
        <li>{t("accessibility.how.languages")}</li>
        <li>{t("accessibility.how.zoom")}</li>
      </ul>
      <h2>{t("accessibility.knownHeading")}</h2>
      <ul className="plain-list">
        <li>{t("accessibility.known.tiles")}</li>
        <li>{t("accessibility.known.photos")}</li>
      </ul>
      <h2>{t("accessibility.supervisionHeading")}</h2>
      <p>{t("accessibility.supervision")}</p>

      <section aria-labelledby="report" className="panel">
        <h2 id="report">{t("accessibility.reportHeading")}</h2>
        <Notice />
        <p>{t("accessibility.reportIntro")}</p>
        <Form method="post" className="stack-form">
          <div className="field">
            <label htmlFor="b-page">{t("accessibility.pageLabel")}</label>
            <input id="b-page" name="page" maxLength={500} />
          </div>
          <div className="field">
            <label htmlFor="b-description">{t("accessibility.descriptionLabel")}</label>
            <textarea
              id="b-description"
              name="description"
              rows={5}
              maxLength={5000}
              required
              aria-invalid={errors?.description ? true : undefined}
              aria-describedby={errors?.description ? "b-description-error" : undefined}
            />
            <ErrorList id="b-description-error" errors={errors?.description} />
          </div>
          <div className="field">
            <label htmlFor="b-contact">{t("accessibility.contactLabel")}</label>
            <p id="b-contact-hint" className="field-hint">
              {t("accessibility.contactHint")}
            </p>
            <input
              id="b-contact"
              name="contact"
              maxLength={200}
              aria-describedby="b-contact-hint"
            />
          </div>
          <Honeypot />
          <button type="submit" className="button">
            {t("accessibility.send")}
          </button>
        </Form>
      </section>
    </div>
  );
}
