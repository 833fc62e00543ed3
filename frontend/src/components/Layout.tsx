import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "react-router";
import { LanguageMenu } from "./LanguageMenu";
import { useUserLanguage } from "../i18n/useUserLanguage";
import { RecallBanner } from "./RecallBanner";
import { TaskBell } from "./TaskBell";
import { useAuth } from "../auth/AuthProvider";
import { adminNavFor, navFor, NO_USER, type NavItem } from "../auth/navigation";

export function Layout() {
  const { t } = useTranslation();
  const { session, viewer, signOut } = useAuth();
  const rememberLanguage = useUserLanguage(viewer?.language);
  // Navigation labels are the English names, which key the catalogue's `nav` section.
  const label = (item: NavItem) => t(`nav.${item.label}` as "nav.Orders");
  const items = navFor(viewer ?? NO_USER);
  const adminItems = adminNavFor(viewer ?? NO_USER);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="topbar">
        <span className="brand">{t("brand")}</span>
        <nav aria-label={t("mainNavigation")} className="mainnav">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end>
                  {label(item)}
                </NavLink>
              </li>
            ))}
            {adminItems.length > 0 && (
              <li className="navgroup">
                <span className="navgroup-label" id="nav-administration">
                  {t("administration")}
                </span>
                <ul aria-labelledby="nav-administration">
                  {adminItems.map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} end>
                        {label(item)}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </li>
            )}
          </ul>
        </nav>
        <div className="user">
          <LanguageMenu onChosen={rememberLanguage} />
          <TaskBell />
          <span data-testid="signed-in-user">{session?.username}</span>
          <button type="button" onClick={signOut}>
            {t("signOut")}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* quality loop */}
        {viewer?.isPartner && <RecallBanner />}
        <Outlet />
      </main>
    </div>
  );
}
