import { z } from '@hono/zod-openapi';
import { MAX_PASSWORD_LENGTH } from '../../shared/identity/password-policy';

export const Email = z.email().max(254).openapi({ example: 'ada@example.com' });

export const Password = z.string().min(1).max(MAX_PASSWORD_LENGTH).openapi({
  description: 'At least 12 characters, not among the most common passwords.',
  example: 'correct horse battery staple',
});

const text = (max: number) => z.string().trim().min(1).max(max);

export const PersonName = text(120).openapi({ example: 'Ada Lovelace' });
export const EnterpriseName = text(120).openapi({ example: 'Analytical Engines Ltd' });

export const ParallelismLimitSchema = z
  .object({
    total: z.number().int().min(0),
    perType: z.record(z.string(), z.number().int().min(0)),
  })
  .openapi('ParallelismLimit');

export const BillingAddressSchema = z
  .strictObject({
    line1: text(200),
    line2: text(200).optional(),
    city: text(100),
    postalCode: text(20),
    region: text(100).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 country code.'),
  })
  .openapi('BillingAddress');

export const EnterpriseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    contactEmail: z.string(),
    billingAddress: BillingAddressSchema.nullable(),
    administratorId: z.string(),
    parallelismLimit: ParallelismLimitSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .openapi('Enterprise');

export const AccountSchema = z
  .object({
    id: z.string(),
    enterpriseId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.string(),
    status: z.enum(['active', 'disabled']),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .openapi('Account');

export const TokensSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().openapi({ description: 'Seconds until the access token expires.' }),
    tokenType: z.literal('Bearer'),
  })
  .openapi('Tokens');
