import { homeFor, Layout } from '../components/Layout';
import { Link } from '../router';
import { useUser } from '../session';

export function NotFound() {
  const user = useUser();
  return (
    <Layout title="Page not found">
      <p>
        There is no page at this address. Go to <Link to={homeFor(user.role)}>your start page</Link>.
      </p>
    </Layout>
  );
}
