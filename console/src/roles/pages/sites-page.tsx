import { useParams } from 'react-router-dom';
import { TargetsList } from '../components/targets-list';

/** /orgs/:orgId/sites — the organisation's sites ("kohde", seed 003). */
export function SitesPage() {
  const { orgId = '' } = useParams();
  return <TargetsList kind="sites" orgId={orgId} />;
}
