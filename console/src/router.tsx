import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AuthLayout } from './auth/components/auth-layout';
import { RequireAuth } from './auth/components/require-auth';
import { AcceptInvitationPage } from './auth/pages/accept-invitation-page';
import { ForgotPasswordPage } from './auth/pages/forgot-password-page';
import { LoginPage } from './auth/pages/login-page';
import { ResetPasswordPage } from './auth/pages/reset-password-page';
import { OrgAuditPage } from './audit/pages/org-audit-page';
import { MailPage } from './mail/pages/mail-page';
import { OrgCreatePage } from './orgs/pages/org-create-page';
import { OrgListPage } from './orgs/pages/org-list-page';
import { OrgOverviewPage } from './orgs/pages/org-overview-page';
import { OrgPage } from './orgs/pages/org-page';
import { NotFoundPage } from './shared/components/not-found-page';
import { RouteError } from './shared/components/route-error';
import { AppLayout } from './shared/layout/app-layout';

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { path: '/', element: <Navigate to="/orgs" replace /> },
      {
        element: <AuthLayout />,
        children: [
          { path: '/login', element: <LoginPage /> },
          { path: '/forgot-password', element: <ForgotPasswordPage /> },
          { path: '/reset-password', element: <ResetPasswordPage /> },
          { path: '/accept-invitation', element: <AcceptInvitationPage /> },
        ],
      },
      {
        element: <AppLayout />,
        children: [
          // Readable signed out while the dev mailbox is on; MailPage sends others to /login.
          { path: '/mail', element: <MailPage /> },
          {
            element: <RequireAuth />,
            children: [
              { path: '/orgs', element: <OrgListPage /> },
              { path: '/orgs/new', element: <OrgCreatePage /> },
              {
                path: '/orgs/:orgId',
                element: <OrgPage />,
                children: [
                  { index: true, element: <OrgOverviewPage /> },
                  { path: 'audit', element: <OrgAuditPage /> },
                ],
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
