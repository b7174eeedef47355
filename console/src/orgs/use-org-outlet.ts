import { useOutletContext } from 'react-router-dom';
import type { Org } from './api';

/** The organisation loaded by OrgPage, for its tab pages. */
export function useOrgOutlet(): Org {
  return useOutletContext<Org>();
}
