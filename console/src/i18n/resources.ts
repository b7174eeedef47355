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
import enApps from './en/apps.json';
import fiApps from './fi/apps.json';
import nbApps from './nb/apps.json';
import svApps from './sv/apps.json';

export const NAMESPACES = ['common', 'auth', 'orgs', 'audit', 'mail', 'errors', 'roles', 'partners', 'users', 'licenses', 'apps'] as const;

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
    apps: nbApps,
  },
};
