import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from '../../../shared/config/settings';

describe('isolation settings', () => {
  it('enforce the restricted Pod Security profile and block private ranges by default', () => {
    const settings = readSettings({});

    expect(settings.isolation.podSecurityEnforce).toBe('restricted');
    expect(settings.isolation.privateCidrs).toEqual([
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '100.64.0.0/10',
    ]);
    expect(settings.clusterTokenTtlSeconds).toBe(900);
  });

  it('may relax enforcement to baseline, never below', () => {
    expect(
      readSettings({ VKS_POD_SECURITY_ENFORCE: 'baseline' }).isolation.podSecurityEnforce,
    ).toBe('baseline');
    expect(() => readSettings({ VKS_POD_SECURITY_ENFORCE: 'privileged' })).toThrow(SettingsError);
  });

  it('takes the cluster ranges as IPv4 CIDRs and refuses anything else', () => {
    expect(
      readSettings({ VKS_CLUSTER_PRIVATE_CIDRS: '10.10.0.0/16, 172.20.0.0/16' }).isolation
        .privateCidrs,
    ).toEqual(['10.10.0.0/16', '172.20.0.0/16']);
    expect(() => readSettings({ VKS_CLUSTER_PRIVATE_CIDRS: '10.0.0.0' })).toThrow(SettingsError);
    expect(() => readSettings({ VKS_CLUSTER_PRIVATE_CIDRS: '' })).toThrow(SettingsError);
  });

  it('keeps cluster tokens to an hour at most', () => {
    expect(() => readSettings({ VKS_CLUSTER_TOKEN_TTL_SECONDS: '7200' })).toThrow(SettingsError);
  });
});
