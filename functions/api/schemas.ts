import { z } from '@hono/zod-openapi';
import { grantablePermissions, type Permission } from '../../shared/domain/permissions';
import { ROLE_NAME_PATTERN } from '../../shared/domain/roles';
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
    removedAt: z.string().optional(),
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

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({
    description: 'Items per page, 1 to 100 (25 when absent).',
  }),
  cursor: z.string().max(1024).optional().openapi({
    description: 'The `nextCursor` of the previous page, unchanged.',
  }),
});

/** A page of `item`: the list and, unless it is the last page, the cursor of the next one. */
export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() }).openapi(name);

export const PermissionName = z
  .enum(grantablePermissions as [Permission, ...Permission[]])
  .openapi({ example: 'clusters:read' });

export const RoleName = z
  .string()
  .regex(ROLE_NAME_PATTERN, 'Use 2 to 63 lower-case letters, digits and hyphens.')
  .openapi({ example: 'gpu-operator' });
