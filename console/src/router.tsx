import { createBrowserRouter, type RouteObject } from 'react-router-dom';
import { AppsPage } from './apps/pages/apps-page';
import { AuthLayout } from './auth/components/auth-layout';
import { HomeRedirect } from './auth/components/home-redirect';
import { RequireAuth } from './auth/components/require-auth';
import { AcceptInvitationPage } from './auth/pages/accept-invitation-page';
import { ForgotPasswordPage } from './auth/pages/forgot-password-page';
import { LoginPage } from './auth/pages/login-page';
import { MyAccessPage } from './auth/pages/my-access-page';
import { ProfilePage } from './auth/pages/profile-page';
import { ResetPasswordPage } from './auth/pages/reset-password-page';
import { AccessJobPage } from './access-jobs/pages/access-job-page';
import { AccessJobsPage } from './access-jobs/pages/access-jobs-page';
import { ClientsPage } from './access-jobs/pages/clients-page';
import { AuthorizePage } from './oidc/pages/authorize-page';
import { OrgAuditPage } from './audit/pages/org-audit-page';
import { ConversionPage } from './conversion/pages/conversion-page';
import { ImportPage } from './conversion/pages/import-page';
import { LicensesPage } from './licenses/pages/licenses-page';
import { MailPage } from './mail/pages/mail-page';
import { NotificationsPage } from './notifications/pages/notifications-page';
import { OrgCreatePage } from './orgs/pages/org-create-page';
import { OrgListPage } from './orgs/pages/org-list-page';
import { OrgOverviewPage } from './orgs/pages/org-overview-page';
import { OrgPage } from './orgs/pages/org-page';
import { ProjectsPage } from './roles/pages/projects-page';
import { SitesPage } from './roles/pages/sites-page';
import { NotFoundPage } from './shared/components/not-found-page';
import { RouteError } from './shared/components/route-error';
import { AppLayout } from './shared/layout/app-layout';
import { UserPage } from './users/pages/user-page';
import { UsersPage } from './users/pages/users-page';

/** The signed-out pages, in the auth layout's card. */
const signedOutRoutes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/accept-invitation', element: <AcceptInvitationPage /> },
  // R-L3: "sign in to <app>" and the organisation chooser (signed in or not).
  { path: '/authorize/:uid', element: <AuthorizePage /> },
];

/** An organisation's tabs, under its header. */
const orgTabRoutes: RouteObject[] = [
  { index: true, element: <OrgOverviewPage /> },
  { path: 'users', element: <UsersPage /> },
  { path: 'users/:membershipId', element: <UserPage /> },
  { path: 'licenses', element: <LicensesPage /> },
  { path: 'projects', element: <ProjectsPage /> },
  { path: 'sites', element: <SitesPage /> },
  { path: 'audit', element: <OrgAuditPage /> },
  // Agency bulk access (R-H1…R-H6): the client list with Manage access, the jobs and each job's result.
  { path: 'clients', element: <ClientsPage /> },
  { path: 'access-jobs', element: <AccessJobsPage /> },
  { path: 'access-jobs/:jobId', element: <AccessJobPage /> },
];

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      { element: <AuthLayout />, children: signedOutRoutes },
      {
        element: <AppLayout />,
        children: [
          // Operators only; MailPage sends the signed-out to /login and tells other callers why not.
          { path: '/mail', element: <MailPage /> },
          {
            element: <RequireAuth />,
            children: [
              { path: '/', element: <HomeRedirect /> },
              { path: '/profile', element: <ProfilePage /> },
              { path: '/my-access', element: <MyAccessPage /> },
              { path: '/notifications', element: <NotificationsPage /> },
              { path: '/orgs', element: <OrgListPage /> },
              { path: '/orgs/new', element: <OrgCreatePage /> },
              { path: '/orgs/import', element: <ImportPage /> },
              { path: '/orgs/:orgId/convert', element: <ConversionPage /> },
              { path: '/apps', element: <AppsPage /> },
              { path: '/orgs/:orgId', element: <OrgPage />, children: orgTabRoutes },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
