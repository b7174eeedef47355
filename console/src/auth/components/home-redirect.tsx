import { Navigate } from 'react-router-dom';
import { homePathFor, useMe } from '../hooks';

/** "/" (and where sign-in leads by default): the organisations, or the profile for somebody who administers nothing. */
export function HomeRedirect() {
  const me = useMe().data;
  return <Navigate to={me ? homePathFor(me) : '/login'} replace />;
}
