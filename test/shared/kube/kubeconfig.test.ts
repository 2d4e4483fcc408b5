import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderKubeconfig, type KubeconfigInput } from '../../../shared/kube/kubeconfig';
import { expectKubeconfigShape, kubectl } from '../../support/kubeconfig-check';

const input: KubeconfigInput = {
  clusterId: 'vc_4f2kq7x3m5',
  server: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
  certificateAuthorityData: Buffer.from('-----BEGIN CERTIFICATE-----\n').toString('base64'),
  namespace: 'vc-training-4f2kq7x3m5',
  credential: { kind: 'token', token: 'eyJhbGciOi.payload.signature' },
};

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vks-kubeconfig-')), 'config');
  writeFileSync(file, text);
  return file;
}

describe('kubeconfig rendering', () => {
  it('has the endpoint, CA, namespace as the default and the embedded token', () => {
    const config = parse(renderKubeconfig(input));

    expectKubeconfigShape(config);
    expect(config['current-context']).toBe(input.clusterId);
    expect(config.clusters[0].cluster).toEqual({
      server: input.server,
      'certificate-authority-data': input.certificateAuthorityData,
    });
    expect(config.contexts[0].context.namespace).toBe(input.namespace);
    expect(config.users[0].user).toEqual({ token: 'eyJhbGciOi.payload.signature' });
  });

  it('can name the CLI as an exec credential plugin instead', () => {
    const config = parse(
      renderKubeconfig({ ...input, credential: { kind: 'exec', command: 'vks' } }),
    );

    expectKubeconfigShape(config);
    expect(config.users[0].user.exec).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      command: 'vks',
      args: ['token', '--cluster', input.clusterId],
    });
  });

  it.runIf(kubectl)('kubectl config view reads both forms', () => {
    for (const credential of [input.credential, { kind: 'exec' as const, command: 'vks' }]) {
      const file = write(renderKubeconfig({ ...input, credential }));
      const out = execFileSync(kubectl!, [
        'config',
        'view',
        '--kubeconfig',
        file,
        '-o',
        'json',
        '--raw',
      ]);
      const seen = JSON.parse(out.toString());
      expect(seen['current-context']).toBe(input.clusterId);
      expect(seen.contexts[0].context.namespace).toBe(input.namespace);
      expect(seen.clusters[0].cluster.server).toBe(input.server);
    }
  });

  it('the shape check refuses a config kubectl could not use', () => {
    const config = parse(renderKubeconfig(input));
    expect(() => expectKubeconfigShape({ ...config, 'current-context': 'elsewhere' })).toThrow();
    expect(() =>
      expectKubeconfigShape({ ...config, users: [{ name: input.clusterId, user: {} }] }),
    ).toThrow();
  });
});
