import { SetPasswordForm } from '../components/set-password-form';

export function ResetPasswordPage() {
  return <SetPasswordForm purpose="reset" />;
}
