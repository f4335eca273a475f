/** The frame of every signed-in page: a skip link, the navigation for the user's role, sign-out. */
import type { ReactNode } from 'react';
import { Link, useLocation } from '../router';
import { useSession, useUser } from '../session';
import type { Role } from '../types';

const NAV: { to: string; label: string; roles: Role[] }[] = [
  { to: '/inbox', label: 'Inbox', roles: ['rep'] },
  { to: '/desk', label: 'Manager desk', roles: ['manager', 'admin'] },
  { to: '/dashboard', label: 'Dashboard', roles: ['manager', 'admin'] },
  { to: '/leads', label: 'Leads', roles: ['manager', 'admin'] },
  { to: '/policy', label: 'Policy', roles: ['admin', 'manager', 'rep'] },
  { to: '/health', label: 'Integrations', roles: ['admin', 'manager'] },
];

export function homeFor(role: Role): string {
  return role === 'rep' ? '/inbox' : role === 'manager' ? '/desk' : '/dashboard';
}

export function Layout({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const user = useUser();
  const { signOut } = useSession();
  const { path } = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={homeFor(user.role)} className="brand" aria-label="Baton home">
          Baton
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => n.roles.includes(user.role)).map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={path === n.to || path.startsWith(`${n.to}/`) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {user.name} <span className="muted">({user.role}{user.rep ? ` ${user.rep}` : user.manager ? ` ${user.manager}` : ''})</span>
          </span>
          <button type="button" className="link-button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <div className="page-head">
          <h1>{title}</h1>
          {actions}
        </div>
        {children}
      </main>
    </>
  );
}
