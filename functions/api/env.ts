import type { Context } from 'hono';
import type { CoreDependencies } from '../../shared/services/dependencies';
import type { Principal } from '../../shared/services/access';
import type { Logger } from '../../shared/logging/logger';
import type { Table } from '../../shared/store/table';

/** Everything the API needs, built by the composition root of each runtime. */
export interface ApiDependencies extends CoreDependencies {
  readonly logger: Logger;
  readonly runtime: 'aws' | 'local';
  /** The platform operator's bearer token, loaded once at the composition root. */
  readonly operatorToken: string;
  /** The client's address as the runtime sees it (API Gateway's source IP, or the socket's). */
  readonly sourceIp: (c: Context<ApiEnv>) => string;
}

export type ApiEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    sourceIp: string;
    principal: Principal;
    /** The table for this request, with what authentication read ahead for the route. */
    table: Table;
  };
};
