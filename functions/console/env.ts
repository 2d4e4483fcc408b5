import type { Client } from 'openapi-fetch';
import type { paths } from '../api/generated/schema';
import type { ApiEnv } from '../api/env';

export type ConsoleApi = Client<paths>;

export type ConsoleEnv = {
  Bindings: ApiEnv extends { Bindings: infer B } ? B : object;
  Variables: ApiEnv['Variables'] & {
    /** The public API, called in-process with the signed-in person's token. */
    api: ConsoleApi;
    /** The synchronizer token every form of this page carries. */
    csrfToken: string;
    /** The signed-in person's e-mail and enterprise, for the page header. */
    who: { email: string; enterprise: string; permissions: readonly string[] } | undefined;
  };
};
