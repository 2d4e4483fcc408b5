import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FileSigningKeys } from '../../shared/adapters/file-signing-keys';
import { SecretsManagerSigningKeys } from '../../shared/adapters/secrets-manager-signing-keys';
import { readSettings } from '../../shared/config/settings';
import type { SigningKeySource } from '../../shared/ports/signing-key-source';

/**
 * `npm run keys:rotate [-- --secret-id ARN]`: puts a fresh signing key in front of the ring, in
 * the local data directory or in the AWS secret. The previous key stays published, so tokens it
 * signed verify until they expire; running instances pick the new ring up within five minutes.
 */
const { values } = parseArgs({ options: { 'secret-id': { type: 'string' } } });
const settings = readSettings(process.env);

const source: SigningKeySource = values['secret-id']
  ? new SecretsManagerSigningKeys(
      new SecretsManagerClient({ region: settings.region }),
      values['secret-id'],
    )
  : new FileSigningKeys(join(settings.dataDir, 'signing-keys.json'));

const ring = await source.rotate();
process.stdout.write(
  `Active signing key is now ${ring.keys[0]!.kid}; ${ring.keys[1]?.kid ?? 'none'} stays published.\n`,
);
