import { SetPasswordForm } from '../components/set-password-form';

export function AcceptInvitationPage() {
  return <SetPasswordForm purpose="invitation" />;
}
