/** The web app: sign-in, then the pages for the user's role. */
import { StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { homeFor } from './components/Layout';
import { Loading } from './components/states';
import Dashboard from './pages/dashboard/Dashboard';
import { Desk } from './pages/Desk';
import { Health } from './pages/Health';
import { Inbox } from './pages/Inbox';
import { LeadPage } from './pages/LeadPage';
import { LeadsList } from './pages/LeadsList';
import MetricLeads from './pages/MetricLeads';
import { NotFound } from './pages/NotFound';
import { PolicyPage } from './pages/PolicyPage';
import { SignIn } from './pages/SignIn';
import { matchPath, navigate, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import './styles.css';


const ROUTES: { pattern: string; render: (params: Record<string, string>) => ReactNode }[] = [
  { pattern: '/inbox', render: () => <Inbox /> },
  { pattern: '/desk', render: () => <Desk /> },
  { pattern: '/dashboard', render: () => <Dashboard /> },
  { pattern: '/dashboard/leads', render: () => <MetricLeads /> },
  { pattern: '/leads', render: () => <LeadsList /> },
  { pattern: '/leads/:id', render: (p) => <LeadPage id={p.id!} /> },
  { pattern: '/policy', render: () => <PolicyPage /> },
  { pattern: '/health', render: () => <Health /> },
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function App() {
  const { user } = useSession();
  const { path } = useLocation();
  if (user === undefined) return <Loading what="Baton" />;
  if (user === null) return <SignIn />;
  if (path === '/' || path === '/sign-in') return <Redirect to={homeFor(user.role)} />;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params) return <>{route.render(params)}</>;
  }
  return <NotFound />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
