import { useParams } from 'react-router-dom';
import { TargetsList } from '../components/targets-list';

/** /orgs/:orgId/projects — the organisation's projects ("projekti", seed 003). */
export function ProjectsPage() {
  const { orgId = '' } = useParams();
  return <TargetsList kind="projects" orgId={orgId} />;
}
