import type { CreateUserBody, EligibleReseller, Grant, ResellerRole, UserType } from '../api';
import { holdsAccess } from '../grants';

export interface AddUserDetails {
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  jobTitle: string;
  validFrom: string;
  validUntil: string;
  resellerRole: ResellerRole | null;
  /** R-C16: the office (of the home organisation) the user is placed at; '' none. */
  officeId: string;
}

export const EMPTY_DETAILS: AddUserDetails = {
  email: '',
  firstName: '',
  lastName: '',
  phone: '',
  jobTitle: '',
  validFrom: '',
  validUntil: '',
  resellerRole: null,
  officeId: '',
};

/** Fields of the details step; a problem naming one of them sends the stepper back there. */
export const DETAIL_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'phone',
  'jobTitle',
  'validFrom',
  'validUntil',
  'resellerRole',
  'accountId',
  'officeId',
] as const;

/** How an eligible reseller is shown in the picker (and what the picker's search box then holds). */
export const resellerLabel = (p: Pick<EligibleReseller, 'firstName' | 'lastName' | 'email'>) => `${p.firstName} ${p.lastName} · ${p.email}`;

export type AddUserStep = 'details' | 'packages' | 'modules' | 'summary';

/** Seed 002: details → packages → individual modules → invite; users without access skip the access steps. */
export function stepsFor(type: UserType): AddUserStep[] {
  return holdsAccess(type) ? ['details', 'packages', 'modules', 'summary'] : ['details', 'summary'];
}

export type DetailsErrorKey = 'required' | 'email' | 'endBeforeStart';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks made before leaving the details step. `namesLocked`: an existing account's names are used as they are. */
export function validateDetails(type: UserType, d: AddUserDetails, namesLocked: boolean): Record<string, DetailsErrorKey> {
  const errors: Record<string, DetailsErrorKey> = {};
  if (type !== 'person') {
    if (!d.email.trim()) errors.email = 'required';
    else if (!EMAIL.test(d.email.trim())) errors.email = 'email';
  }
  if (!namesLocked) {
    if (!d.firstName.trim()) errors.firstName = 'required';
    if (!d.lastName.trim()) errors.lastName = 'required';
  }
  if (type === 'external') {
    if (!d.validUntil) errors.validUntil = 'required';
    else if (d.validFrom && d.validFrom > d.validUntil) errors.validUntil = 'endBeforeStart';
  }
  if (type === 'reseller' && !d.resellerRole) errors.resellerRole = 'required';
  return errors;
}

export function toCreateUserBody(type: UserType, d: AddUserDetails, namesLocked: boolean, packages: string[], modules: Grant[]): CreateUserBody {
  const body: CreateUserBody = { type };
  if (type !== 'person') body.email = d.email.trim();
  if (!namesLocked) {
    body.firstName = d.firstName.trim();
    body.lastName = d.lastName.trim();
  }
  if (type !== 'person' && d.phone.trim()) body.phone = d.phone.trim();
  if (d.jobTitle.trim()) body.jobTitle = d.jobTitle.trim();
  if (type === 'external') {
    body.validUntil = d.validUntil || null;
    if (d.validFrom) body.validFrom = d.validFrom;
  }
  if (type === 'reseller' && d.resellerRole) body.resellerRole = d.resellerRole;
  if (d.officeId) body.officeId = d.officeId;
  if (holdsAccess(type)) {
    body.packages = packages;
    body.modules = modules.map(({ key, admin }) => ({ key, admin }));
  }
  return body;
}
