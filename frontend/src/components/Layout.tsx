import { NavLink, Outlet } from "react-router";
import { RecallBanner } from "./RecallBanner";
import { TaskBell } from "./TaskBell";
import { useAuth } from "../auth/AuthProvider";
import { adminNavFor, navFor, NO_USER } from "../auth/navigation";

export function Layout() {
  const { session, viewer, signOut } = useAuth();
  const items = navFor(viewer ?? NO_USER);
  const adminItems = adminNavFor(viewer ?? NO_USER);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Medilane ERP</span>
        <nav aria-label="Main" className="mainnav">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end>
                  {item.label}
                </NavLink>
              </li>
            ))}
            {adminItems.length > 0 && (
              <li className="navgroup">
                <span className="navgroup-label" id="nav-administration">
                  Administration
                </span>
                <ul aria-labelledby="nav-administration">
                  {adminItems.map((item) => (
                    <li key={item.to}>
                      <NavLink to={item.to} end>
                        {item.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </li>
            )}
          </ul>
        </nav>
        <div className="user">
          <TaskBell />
          <span data-testid="signed-in-user">{session?.username}</span>
          <button type="button" onClick={signOut}>
            Sign out
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
