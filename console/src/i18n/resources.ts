import enAudit from './en/audit.json';
import enAuth from './en/auth.json';
import enCommon from './en/common.json';
import enErrors from './en/errors.json';
import enMail from './en/mail.json';
import enOrgs from './en/orgs.json';
import fiAudit from './fi/audit.json';
import fiAuth from './fi/auth.json';
import fiCommon from './fi/common.json';
import fiErrors from './fi/errors.json';
import fiMail from './fi/mail.json';
import fiOrgs from './fi/orgs.json';
import nbAudit from './nb/audit.json';
import nbAuth from './nb/auth.json';
import nbCommon from './nb/common.json';
import nbErrors from './nb/errors.json';
import nbMail from './nb/mail.json';
import nbOrgs from './nb/orgs.json';
import svAudit from './sv/audit.json';
import svAuth from './sv/auth.json';
import svCommon from './sv/common.json';
import svErrors from './sv/errors.json';
import svMail from './sv/mail.json';
import svOrgs from './sv/orgs.json';
import enPartners from './en/partners.json';
import enRoles from './en/roles.json';
import fiPartners from './fi/partners.json';
import fiRoles from './fi/roles.json';
import nbPartners from './nb/partners.json';
import nbRoles from './nb/roles.json';
import svPartners from './sv/partners.json';
import svRoles from './sv/roles.json';
import enLicenses from './en/licenses.json';
import enUsers from './en/users.json';
import fiLicenses from './fi/licenses.json';
import fiUsers from './fi/users.json';
import nbLicenses from './nb/licenses.json';
import nbUsers from './nb/users.json';
import svLicenses from './sv/licenses.json';
import svUsers from './sv/users.json';
import enAccessJobs from './en/accessJobs.json';
import fiAccessJobs from './fi/accessJobs.json';
import nbAccessJobs from './nb/accessJobs.json';
import svAccessJobs from './sv/accessJobs.json';
import enNotifications from './en/notifications.json';
import fiNotifications from './fi/notifications.json';
import nbNotifications from './nb/notifications.json';
import svNotifications from './sv/notifications.json';
import enConversion from './en/conversion.json';
import fiConversion from './fi/conversion.json';
import nbConversion from './nb/conversion.json';
import svConversion from './sv/conversion.json';

import enSecurity from './en/security.json';
import fiSecurity from './fi/security.json';
import nbSecurity from './nb/security.json';
import svSecurity from './sv/security.json';

export const NAMESPACES = [
  'common',
  'auth',
  'orgs',
  'audit',
  'mail',
  'errors',
  'roles',
  'partners',
  'users',
  'licenses',
  'notifications',
  'security',
  'accessJobs',
  'conversion',
  'apps',
] as const;
import enApps from './en/apps.json';
import fiApps from './fi/apps.json';
import nbApps from './nb/apps.json';
import svApps from './sv/apps.json';

/** English is the reference: every other language must have the same keys. */
export const en = {
  common: enCommon,
  auth: enAuth,
  orgs: enOrgs,
  audit: enAudit,
  mail: enMail,
  errors: enErrors,
  roles: enRoles,
  partners: enPartners,
  users: enUsers,
  licenses: enLicenses,
  notifications: enNotifications,
  security: enSecurity,
  accessJobs: enAccessJobs,
  conversion: enConversion,
  apps: enApps,
};

type Resources = typeof en;

export const resources: Record<'en' | 'sv' | 'fi' | 'nb', Resources> = {
  en,
  sv: {
    common: svCommon,
    auth: svAuth,
    orgs: svOrgs,
    audit: svAudit,
    mail: svMail,
    errors: svErrors,
    roles: svRoles,
    partners: svPartners,
    users: svUsers,
    licenses: svLicenses,
    notifications: svNotifications,
    security: svSecurity,
    accessJobs: svAccessJobs,
    conversion: svConversion,
    apps: svApps,
  },
  fi: {
    common: fiCommon,
    auth: fiAuth,
    orgs: fiOrgs,
    audit: fiAudit,
    mail: fiMail,
    errors: fiErrors,
    roles: fiRoles,
    partners: fiPartners,
    users: fiUsers,
    licenses: fiLicenses,
    notifications: fiNotifications,
    security: fiSecurity,
    accessJobs: fiAccessJobs,
    conversion: fiConversion,
    apps: fiApps,
  },
  nb: {
    common: nbCommon,
    auth: nbAuth,
    orgs: nbOrgs,
    audit: nbAudit,
    mail: nbMail,
    errors: nbErrors,
    roles: nbRoles,
    partners: nbPartners,
    users: nbUsers,
    licenses: nbLicenses,
    notifications: nbNotifications,
    security: nbSecurity,
    accessJobs: nbAccessJobs,
    conversion: nbConversion,
    apps: nbApps,
  },
};
