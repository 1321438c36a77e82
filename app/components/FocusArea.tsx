// The focus-area symbol, badge and legend: colour always comes with a symbol and a name.
import { useTranslation } from "react-i18next";
import { FOCUS_AREA_STYLE, FOCUS_AREAS, type FocusArea } from "~/domain/focus-areas";
import { FOCUS_SYMBOL_PATHS } from "./focus-symbols";

export function FocusIcon({ focusArea, size = 20 }: { focusArea: FocusArea; size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path
        d={FOCUS_SYMBOL_PATHS[focusArea]}
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function FocusBadge({ focusArea }: { focusArea: FocusArea }) {
  const { t } = useTranslation();
  return (
    <span className="focus-badge" data-focus={focusArea}>
      <span
        className="focus-badge-icon"
        style={{ backgroundColor: FOCUS_AREA_STYLE[focusArea].color }}
      >
        <FocusIcon focusArea={focusArea} size={16} />
      </span>
      {t(`focusAreas.${focusArea}.label`)}
    </span>
  );
}

export function FocusLegend() {
  const { t } = useTranslation();
  return (
    <div className="legend">
      <h2 className="legend-title">{t("map.legend")}</h2>
      <ul>
        {FOCUS_AREAS.map((f) => (
          <li key={f}>
            <span
              className="focus-badge-icon"
              style={{ backgroundColor: FOCUS_AREA_STYLE[f].color }}
            >
              <FocusIcon focusArea={f} size={16} />
            </span>
            <span>
              <strong>{t(`focusAreas.${f}.label`)}</strong>
              <span className="legend-description"> — {t(`focusAreas.${f}.description`)}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled menu of the four focus areas (optionally with "any" first), as forms use it. */
export function FocusAreaSelect({
  id,
  defaultValue = "",
  allowAny = false,
}: {
  id: string;
  defaultValue?: string;
  allowAny?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{t("newIdea.focusAreaLabel")}</label>
      <select id={id} name="focusArea" defaultValue={defaultValue} required={!allowAny}>
        {allowAny ? <option value="">{t("workshop.anyFocus")}</option> : null}
        {FOCUS_AREAS.map((f) => (
          <option key={f} value={f}>
            {t(`focusAreas.${f}.label`)}
          </option>
        ))}
      </select>
    </div>
  );
}
