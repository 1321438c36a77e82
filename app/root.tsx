import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
  UNSAFE_RemixContext,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useContext, useEffect, useMemo, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useNonce } from "~/components/nonce";
import { integerSymbols } from "~/components/format";
import appStyles from "~/styles/app.css";
import {
  DEFAULT_LANGUAGE,
  directionOf,
  isLanguage,
  LANGUAGES,
  stringsPath,
  type Language,
} from "~/utils/i18n";
import { loadTranslation } from "~/utils/translations.client";
import { sameSitePath, selfLink } from "~/utils/same-site";
import { mapTilesForBrowser } from "~/services/tiles.server";
import { getLanguage, i18nFor } from "~/utils/locale.server";
import { getUser } from "~/utils/auth.server";
import { unreadNotificationCount } from "~/models/notifications.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The site's name and the error pages' titles, in the person's language. */
type Titles = {
  site: string;
  errors: Record<"notFound" | "forbidden" | "badRequest" | "server", string>;
};

const SWEDISH_TITLES: Titles = {
  site: "Samskapa Borås",
  errors: {
    notFound: "Sidan finns inte",
    forbidden: "Du har inte behörighet",
    badRequest: "Något stämmer inte i förfrågan",
    server: "Något gick fel hos oss",
  },
};

function titlesOf(t: (key: string) => string): Titles {
  return {
    site: t("site.name"),
    errors: {
      notFound: t("errors.notFound.title"),
      forbidden: t("errors.forbidden.title"),
      badRequest: t("errors.badRequest.title"),
      server: t("errors.server.title"),
    },
  };
}

function errorTitle(titles: Titles, error: unknown): string {
  const status = (error as { status?: number } | null)?.status ?? 500;
  const kind =
    status === 404
      ? "notFound"
      : status === 403
        ? "forbidden"
        : status < 500
          ? "badRequest"
          : "server";
  return `${titles.errors[kind]} – ${titles.site}`;
}

/** Every page has a title, error pages too: the page's own, or what went wrong. */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  const titles = data?.titles ?? SWEDISH_TITLES;
  if (error) return [{ title: errorTitle(titles, error) }];
  return [{ title: titles.site }];
};

type RouteModules = Record<string, { meta?: unknown } | undefined>;
type MetaArgs = { error?: unknown };
type MetaEntry = Record<string, unknown> | null | undefined;

/**
 * Remix shows the deepest route's meta. A route whose loader threw has no data, and a meta like
 * `[{ title: data?.title }]` would title its error page "undefined". Every route's meta is read
 * through this: an error page is titled with what went wrong, a missing title falls back to the
 * site's name — in the person's language, whichever route answered.
 */
function PageMeta({ titles }: { titles: Titles }) {
  const context = useContext(UNSAFE_RemixContext);
  const value = useMemo(() => {
    if (!context) return context;
    const wrapped = new WeakMap<object, object>();
    const routeModules = new Proxy(context.routeModules as RouteModules, {
      get(target, id: string) {
        const module = target[id];
        if (!module?.meta) return module;
        if (!wrapped.has(module)) {
          const original = module.meta;
          const meta = (args: MetaArgs) => {
            const entries: MetaEntry[] =
              (typeof original === "function"
                ? (original as (a: MetaArgs) => MetaEntry[])(args)
                : (original as MetaEntry[])) ?? [];
            const rest = entries.filter((entry) => !(entry && "title" in entry));
            const own = entries.find((entry) => entry && "title" in entry)?.title;
            const title =
              args.error != null
                ? errorTitle(titles, args.error)
                : typeof own === "string" && own
                  ? own
                  : titles.site;
            return [{ title }, ...rest];
          };
          wrapped.set(module, { ...module, meta });
        }
        return wrapped.get(module);
      },
    });
    return { ...context, routeModules } as typeof context;
  }, [context, titles]);
  return (
    <UNSAFE_RemixContext.Provider value={value}>
      <Meta />
    </UNSAFE_RemixContext.Provider>
  );
}

export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const user = await getUser(request);
  return json({
    language,
    user: user ? { id: user.id, name: user.name, role: user.role } : null,
    unreadNotifications: user ? unreadNotificationCount(user.id) : 0,
    // Only the titles (for <title>, on error pages too): the strings themselves reach the browser
    // as a cached script per language (utils/translations.client.ts), not in every page's HTML.
    titles: titlesOf(i18nFor(language).t),
    map: mapTilesForBrowser(),
    // How the language writes whole numbers, for the map's counts (components/format.ts).
    integers: integerSymbols(language),
  });
}

/**
 * The root's data (translations, about 19 KB compressed, the person and their unread count) is
 * loaded again after every form that changes something and on every new page, but not when only
 * the query of the same page changes — panning the map, paging the list, filtering — unless the
 * language is what changed.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formMethod,
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}) => {
  if (formMethod && formMethod.toUpperCase() !== "GET") return defaultShouldRevalidate;
  const samePage = currentUrl.pathname === nextUrl.pathname;
  const sameLanguage = currentUrl.searchParams.get("lang") === nextUrl.searchParams.get("lang");
  return samePage && sameLanguage ? false : defaultShouldRevalidate;
};

export type RootData = ReturnType<typeof useRootData>;
export function useRootData() {
  const data = useRouteLoaderData<typeof loader>("root");
  if (!data) throw new Error("useRootData used outside the root route");
  return data;
}

const JS_CLASS_SCRIPT = "document.documentElement.classList.add('js')";

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  // The strings come from the provider around the whole app (entry.server, entry.client), in the
  // request's language — also when the root loader itself failed.
  const { t, i18n } = useTranslation();
  const language: Language =
    data?.language ?? (isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE);
  const titles = useMemo(() => titlesOf(t), [t]);
  // The page's strings as a script of their own, versioned by the build (utils/translations.client.ts).
  const buildVersion = useContext(UNSAFE_RemixContext)?.manifest.version ?? "";
  const strings = stringsPath(language, buildVersion);
  // A navigation in the browser that changed the language (a redirect after a form, say): its
  // strings are loaded, then the page speaks it.
  useEffect(() => {
    if (language === i18n.language) return;
    let current = true;
    loadTranslation(language, strings).then(
      (translation) => {
        if (!current) return;
        i18n.addResourceBundle(language, "translation", translation, true, true);
        void i18n.changeLanguage(language);
      },
      // Still readable in the language it was in; the next page load brings the new one.
      (error: unknown) => console.error(error),
    );
    return () => {
      current = false;
    };
  }, [language, i18n, strings]);
  // A route with handle.bare (the projector screen) fills the window without header and footer.
  const nonce = useNonce();
  const bare = useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  return (
    // The "js" class (set before the body is drawn, so nothing jumps) lets the CSS fold away what
    // only JavaScript can open again; React leaves the attribute alone.
    <html lang={language} dir={directionOf(language)} suppressHydrationWarning>
      <head>
        <script
          nonce={nonce}
          suppressHydrationWarning
          dangerouslySetInnerHTML={{ __html: JS_CLASS_SCRIPT }}
        />
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b4f3c" />
        <PageMeta titles={titles} />
        <Links />
        <script defer src={strings} nonce={nonce} suppressHydrationWarning />
      </head>
      <body>
        {bare ? null : <SiteHeader />}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        {bare ? null : <SiteFooter />}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const data = useRouteLoaderData<typeof loader>("root");
  // Sign-in and sign-up return to the page they were opened from; on those two pages themselves,
  // to where they were going to return.
  const onAuthPage = /^\/(login|join)\/?$/.test(location.pathname);
  const wayBack = new URLSearchParams({
    redirectTo: onAuthPage
      ? sameSitePath(new URLSearchParams(location.search).get("redirectTo"))
      : selfLink(location.pathname, location.search),
  });
  // On a wide screen the menu is open (its content shows anyway, and a closed <details> hides its
  // links from assistive technology); on a phone, going to another page closes it, as a full page
  // load would.
  const menuRef = useRef<HTMLDetailsElement>(null);
  const firstPage = useRef(true);
  useEffect(() => {
    const menu = menuRef.current;
    if (!menu) return;
    const wide = window.matchMedia("(min-width: 40.0625rem)");
    const follow = () => {
      menu.open = wide.matches;
    };
    // On the first page a phone's menu stays as the person left it (opened before hydration).
    if (!firstPage.current || wide.matches) follow();
    firstPage.current = false;
    wide.addEventListener("change", follow);
    return () => wide.removeEventListener("change", follow);
  }, [location.pathname, location.search]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skipToContent")}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width={32} height={32} />
          <span>
            <span className="brand-name">{t("site.name")}</span>
            <span className="brand-tagline">{t("site.tagline")}</span>
          </span>
        </Link>
        {/* On a phone the navigation and the languages fold into a disclosure (it opens without
            JavaScript); on a wider screen the CSS shows its content whether open or not. */}
        <details className="site-menu" ref={menuRef}>
          <summary className="site-menu-toggle">{t("nav.menu")}</summary>
          <div className="site-menu-content">
            <nav aria-label={t("nav.main")} className="main-nav">
              <ul>
                <li>
                  <Link to="/ideas/new" className="nav-cta">
                    {t("nav.newIdea")}
                  </Link>
                </li>
                <li>
                  <Link to="/groups">{t("nav.groups")}</Link>
                </li>
                <li>
                  <Link to="/actions">{t("actions.nav")}</Link>
                </li>
                {data?.user && (data.user.role === "moderator" || data.user.role === "admin") ? (
                  <li>
                    <Link to="/moderation">{t("nav.moderation")}</Link>
                  </li>
                ) : null}
                {data?.user?.role === "official" ? (
                  <li>
                    <Link to="/moderation/answers">{t("answers.nav")}</Link>
                  </li>
                ) : null}
                {data?.user && (data.user.role === "facilitator" || data.user.role === "admin") ? (
                  <li>
                    <Link to="/workshops">{t("nav.workshops")}</Link>
                  </li>
                ) : null}
                {data?.user ? (
                  <>
                    <li>
                      <Link to="/me">
                        {t("nav.me")}
                        {data.unreadNotifications > 0 ? (
                          <span className="unread-badge">
                            {" "}
                            {t("nav.unread", { count: data.unreadNotifications })}
                          </span>
                        ) : null}
                      </Link>
                    </li>
                    <li>
                      <Form method="post" action="/logout">
                        <button type="submit" className="link-button">
                          {t("nav.logout")}
                        </button>
                      </Form>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <Link to={`/login?${wayBack}`}>{t("nav.login")}</Link>
                    </li>
                    <li>
                      <Link to={`/join?${wayBack}`}>{t("nav.join")}</Link>
                    </li>
                  </>
                )}
              </ul>
            </nav>
            <nav aria-label={t("nav.languages")} className="language-switcher">
              <ul>
                {LANGUAGES.map((lang) => {
                  const current = lang === i18n.language;
                  return (
                    <li key={lang}>
                      <a
                        href={selfLink(location.pathname, location.search, { lang })}
                        hrefLang={lang}
                        lang={lang}
                        aria-current={current ? "true" : undefined}
                      >
                        {t(`languages.${lang}`)}
                      </a>
                    </li>
                  );
                })}
              </ul>
            </nav>
          </div>
        </details>
      </header>
    </>
  );
}

function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("site.footer")}</p>
      <p className="footer-links">
        <Link to="/open-data">{t("openData.title")}</Link>
        <Link to="/accessibility">{t("site.accessibility")}</Link>
        <Link to="/privacy">{t("site.privacy")}</Link>
      </p>
    </footer>
  );
}

export default function App() {
  useFocusOnNavigation();
  return <Outlet />;
}

/**
 * After moving to another page in the browser (not on the first load, not when only the query
 * changes, as filters do), focus goes to the main content, as a full page load would let a
 * screen reader start there — unless the URL points at an anchor.
 */
function useFocusOnNavigation() {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (location.hash) {
      document.getElementById(location.hash.slice(1))?.focus({ preventScroll: false });
      return;
    }
    document.getElementById("main")?.focus({ preventScroll: true });
  }, [location.pathname, location.hash]);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
