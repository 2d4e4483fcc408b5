import type { Command } from 'commander';
import { signedInClient, type ApiClient } from './api';
import { notSignedIn } from './cli-error';
import { configDirectory, CredentialStore } from './credentials';
import { parseFormat, type Format } from './output';
import { cacheDirectory, ClusterTokenCache, identityOf } from './token-cache';

export const DEFAULT_URL = 'http://localhost:3000';

/** What every command needs: where credentials live, how to reach the API, how to print. */
export class CliContext {
  readonly store: CredentialStore;
  readonly clusterTokens: ClusterTokenCache;

  constructor(readonly env: NodeJS.ProcessEnv) {
    this.store = new CredentialStore(configDirectory(env));
    this.clusterTokens = new ClusterTokenCache(cacheDirectory(env));
  }

  /** Whose cluster tokens the cache may hand out: the API key in use, or the stored account. */
  async identity(): Promise<string> {
    const stored = await this.store.load();
    const url = this.env.VKS_URL || stored?.url || DEFAULT_URL;
    if (this.env.VKS_API_KEY) return identityOf(url, `key ${this.env.VKS_API_KEY}`);
    return identityOf(
      stored?.url ?? url,
      stored?.apiKey ? `key ${stored.apiKey}` : `account ${stored?.email}`,
    );
  }

  format(command: Command): Format {
    return parseFormat(String(command.optsWithGlobals().output ?? 'table'));
  }

  /** The URL to use when none is given: `VKS_URL`, the stored one, or the local server. */
  async defaultUrl(): Promise<string> {
    return this.env.VKS_URL || (await this.store.load())?.url || DEFAULT_URL;
  }

  /**
   * A client with the caller's credentials. `VKS_API_KEY` (with `VKS_URL`) wins over the stored
   * credentials, so that automation needs no login step and no file.
   */
  async client(): Promise<ApiClient> {
    const stored = await this.store.load();
    const apiKey = this.env.VKS_API_KEY;
    if (apiKey) {
      const url = this.env.VKS_URL || stored?.url || DEFAULT_URL;
      return signedInClient(this.store, { url, apiKey });
    }
    if (!stored || (!stored.apiKey && !stored.refreshToken)) throw notSignedIn();
    return signedInClient(this.store, stored);
  }
}
