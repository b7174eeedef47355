import type { CreateOrgBody, Org } from '../api';

export interface CreateOrgFormValues extends Pick<Org, 'name' | 'kind' | 'country' | 'businessId' | 'defaultLanguage' | 'agencyId'> {
  seats: Record<string, number | ''>;
  contractOwner: { email: string; firstName: string; lastName: string };
}

export const CREATE_ORG_FIELDS = [
  'name',
  'kind',
  'country',
  'businessId',
  'defaultLanguage',
  'agencyId',
  'contractOwner',
  'contractOwner.email',
  'contractOwner.firstName',
  'contractOwner.lastName',
] as const;

export type ClientErrorKey = 'required' | 'email';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function hasContractOwner(values: CreateOrgFormValues): boolean {
  const { email, firstName, lastName } = values.contractOwner;
  return Boolean(email.trim() || firstName.trim() || lastName.trim());
}

/** Checks made before asking the server; the server's answer (field paths) is shown the same way. */
export function validateCreateOrg(values: CreateOrgFormValues, agencyRequired: boolean): Record<string, ClientErrorKey> {
  const errors: Record<string, ClientErrorKey> = {};
  if (!values.name.trim()) errors.name = 'required';
  if (!values.businessId.trim()) errors.businessId = 'required';
  if (values.kind === 'client' && agencyRequired && !values.agencyId) errors.agencyId = 'required';
  if (hasContractOwner(values)) {
    const owner = values.contractOwner;
    if (!owner.email.trim()) errors['contractOwner.email'] = 'required';
    else if (!EMAIL.test(owner.email.trim())) errors['contractOwner.email'] = 'email';
    if (!owner.firstName.trim()) errors['contractOwner.firstName'] = 'required';
    if (!owner.lastName.trim()) errors['contractOwner.lastName'] = 'required';
  }
  return errors;
}

export function toCreateOrgBody(values: CreateOrgFormValues): CreateOrgBody {
  const seats = Object.fromEntries(Object.entries(values.seats).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && entry[1] > 0));
  return {
    name: values.name.trim(),
    kind: values.kind,
    country: values.country,
    businessId: values.businessId.trim(),
    defaultLanguage: values.defaultLanguage,
    agencyId: values.kind === 'client' && values.agencyId ? values.agencyId : undefined,
    seats: Object.keys(seats).length ? seats : undefined,
    contractOwner: hasContractOwner(values)
      ? {
          email: values.contractOwner.email.trim(),
          firstName: values.contractOwner.firstName.trim(),
          lastName: values.contractOwner.lastName.trim(),
        }
      : undefined,
  };
}
