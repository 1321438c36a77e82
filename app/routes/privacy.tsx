// GET /privacy: the privacy notice (who is responsible, what is kept, why, on which legal basis,
// for how long, the person's rights and whom to ask). Linked from every footer and the join form.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getFixedT } from "~/utils/locale.server";

const CONTACT_EMAIL = "kommun@boras.se";
const DPO_EMAIL = "dataskyddsombud@boras.se";

const isolate = (text: string) => `\u2068${text}\u2069`;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  return json({ title: `${t("privacy.title")} – ${t("site.name")}` });
}

const SECTIONS = ["controller", "data", "purposes", "legalBasis", "retention", "rights"] as const;

export default function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("privacy.title")}</h1>
      <p>{t("privacy.intro")}</p>
      {SECTIONS.map((section) => (
        <section key={section} aria-labelledby={`privacy-${section}`}>
          <h2 id={`privacy-${section}`}>{t(`privacy.${section}Heading`)}</h2>
          <p>{t(`privacy.${section}`)}</p>
          {section === "rights" ? (
            <p>
              <Link to="/me">{t("privacy.myPagesLink")}</Link>
            </p>
          ) : null}
        </section>
      ))}
      <section aria-labelledby="privacy-contact">
        <h2 id="privacy-contact">{t("privacy.contactHeading")}</h2>
        {/* The addresses keep their own direction inside an Arabic sentence (first-strong isolates). */}
        <p>{t("privacy.contact", { email: isolate(CONTACT_EMAIL), dpo: isolate(DPO_EMAIL) })}</p>
        <ul className="plain-list">
          <li>
            <a href={`mailto:${CONTACT_EMAIL}`}>{CONTACT_EMAIL}</a>
          </li>
          <li>
            <a href={`mailto:${DPO_EMAIL}`}>{DPO_EMAIL}</a>
          </li>
        </ul>
      </section>
    </div>
  );
}
