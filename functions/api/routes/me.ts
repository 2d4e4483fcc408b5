import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { toAccount, getAccount } from '../../../shared/store/account-store';
import { getEnterprise } from '../../../shared/store/enterprise-store';
import type { ApiDependencies, ApiEnv } from '../env';
import { authErrors, guarded, jsonContent } from '../openapi';
import { AccountSchema, EnterpriseSchema } from '../schemas';

const MeResponse = z
  .object({
    account: AccountSchema,
    enterprise: EnterpriseSchema,
    permissions: z.array(z.string()),
  })
  .openapi('Me');

export function meRoutes(app: OpenAPIHono<ApiEnv>, deps: ApiDependencies): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/me',
      tags: ['Identity'],
      summary: 'The signed-in account, its enterprise and its permissions',
      ...guarded(deps),
      responses: { 200: jsonContent(MeResponse, 'Who you are.'), ...authErrors },
    }),
    async (c) => {
      const { enterpriseId, accountId, permissions } = c.get('principal');
      const [account, enterprise] = await Promise.all([
        getAccount(deps.table, enterpriseId, accountId),
        getEnterprise(deps.table, enterpriseId),
      ]);
      return c.json(
        { account: toAccount(account), enterprise, permissions: [...permissions].sort() },
        200,
      );
    },
  );
}
