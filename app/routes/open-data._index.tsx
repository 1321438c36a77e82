// GET /open-data: what the open data holds, its licence and its columns, with the download links.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ANSWER_COLUMNS } from "~/domain/official-answers";
import { ACTION_COLUMNS } from "~/domain/actions";
import { GROUP_PROPERTIES, IDEA_COLUMNS } from "~/domain/open-data";
import { getFixedT } from "~/utils/locale.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getFixedT(request);
  return json({ title: `${t("openData.title")} – ${t("site.name")}` });
}

export default function OpenDataPage() {
  const { t } = useTranslation();
  return (
    <div className="page narrow">
      <h1>{t("openData.title")}</h1>
      <p>{t("openData.intro")}</p>
      <h2>{t("openData.downloads")}</h2>
      <ul className="plain-list">
        <li>
          <a href="/open-data/ideas.csv">{t("openData.ideasCsv")}</a>
        </li>
        <li>
          <a href="/open-data/ideas.geojson">{t("openData.ideasGeojson")}</a>
        </li>
        <li>
          <a href="/open-data/groups.geojson">{t("openData.groupsGeojson")}</a>
        </li>
        <li>
          <a href="/open-data/answers.csv">{t("answers.openDataCsv")}</a>{" "}
          <Link to="/answers">{t("answers.openDataPage")}</Link>
        </li>
        <li>
          <a href="/open-data/actions.csv">{t("actions.openData.actionsCsv")}</a>
        </li>
        <li>
          <a href="/open-data/actions.geojson">{t("actions.openData.actionsGeojson")}</a>
        </li>
      </ul>
      <h2>{t("openData.licenceHeading")}</h2>
      <p>{t("openData.licence")}</p>
      <h2>{t("openData.privacyHeading")}</h2>
      <p>{t("openData.privacy")}</p>
      <h2>{t("openData.ideaColumns")}</h2>
      <dl className="columns">
        {IDEA_COLUMNS.map((c) => (
          <div key={c}>
            <dt>
              <code>{c}</code>
            </dt>
            <dd>{t(`openData.columns.${c}`)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("openData.groupColumns")}</h2>
      <dl className="columns">
        {GROUP_PROPERTIES.map((c) => (
          <div key={c}>
            <dt>
              <code>{c}</code>
            </dt>
            <dd>{t(`openData.groupColumnText.${c}`)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("answers.openDataColumns")}</h2>
      <dl className="columns">
        {ANSWER_COLUMNS.map((c) => (
          <div key={c}>
            <dt>
              <code>{c}</code>
            </dt>
            <dd>{t(`answers.columns.${c}`)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("actions.openData.columnsHeading")}</h2>
      <dl className="columns">
        {ACTION_COLUMNS.map((c) => (
          <div key={c}>
            <dt>
              <code>{c}</code>
            </dt>
            <dd>{t(`actions.openData.columns.${c}`)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("openData.gisHeading")}</h2>
      <p>{t("openData.gis")}</p>
      <pre className="code-sample">
        ogr2ogr -f GPKG samskapa.gpkg /vsicurl/…/open-data/ideas.geojson
      </pre>
    </div>
  );
}
