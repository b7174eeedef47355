import { z } from 'zod';
import { pageOf, RequiredText } from '../kernel/pagination.js';
import { Country } from '../orgs/schema.js';

export const RegistryParams = z.object({ country: Country, businessId: RequiredText(40) });
export const RegistryHit = z.object({
  country: Country,
  businessId: z.string(),
  name: z.string(),
  companyForm: z.string().nullable(),
  orgId: z.string().nullable(),
});
export const FromRegistryBody = z.strictObject({ fromRegistry: z.strictObject({ country: Country, businessId: RequiredText(40) }) });
export type FromRegistryBody = z.infer<typeof FromRegistryBody>;
export const PartnerOrgView = z.object({ id: z.string(), name: z.string(), country: Country, businessId: z.string(), partnerUsers: z.number() });
export const PartnerOrgPage = pageOf(PartnerOrgView);
