import { describe, expect, it } from 'vitest';
import { platformManifests } from '../../../shared/kube/platform-manifests';
import {
  exposureObjects,
  serviceExporterObject,
} from '../../../shared/kube/service-export-exposure';
import { validateKubeObject } from '../../support/kube-validation';

const ids = { enterpriseId: 'ent_a', clusterId: 'vc_abc', namespace: 'vc-train-abc' };
const target = { selector: { app: 'web' }, targetPort: 'http' };
const http = exposureObjects({
  ids,
  name: 'site',
  spec: { service: 'web', port: 80, protocol: 'HTTP' },
  host: 'site-abc.exports.example.test',
  ingressClass: 'vks-exports',
  target,
});
const tcp = exposureObjects({
  ids,
  name: 'db',
  spec: { service: 'db', port: 5432, protocol: 'TCP' },
  host: 'db-abc.exports.example.test',
  ingressClass: 'vks-exports',
  target: { selector: { app: 'db' }, targetPort: 5432 },
});
const exporter = serviceExporterObject(ids, 'site', { service: 'web', port: 80, protocol: 'HTTP' });
const all = [...platformManifests('vks-exports'), ...http, ...tcp, exporter];

describe('the service export objects', () => {
  it.each(all.map((o) => [`${o.kind} ${o.metadata.name}`, o]))(
    '%s validates against its schema',
    (_name, object) => {
      expect(() => validateKubeObject(object)).not.toThrow();
    },
  );

  it('the validators refuse what the API server would refuse', () => {
    const crd = all.find((o) => o.kind === 'CustomResourceDefinition')!;
    expect(() =>
      validateKubeObject({ ...crd, spec: { ...(crd.spec as object), versions: 'v1' } }),
    ).toThrow();
    expect(() =>
      validateKubeObject({
        ...exporter,
        spec: { service: 'other/web', port: 80, protocol: 'HTTP' },
      }),
    ).toThrow(/ServiceExporter/);
    expect(() =>
      validateKubeObject({ ...exporter, spec: { service: 'web', port: 80, protocol: 'UDP' } }),
    ).toThrow();
  });

  it('puts every exposure object in the export’s own namespace', () => {
    for (const o of [...http, ...tcp]) expect(o.metadata.namespace).toBe(ids.namespace);
  });

  it('opens the network only to the named Service’s pods, on its target port', () => {
    const [, httpPolicy] = http as any[];
    expect(httpPolicy.spec.podSelector).toEqual({ matchLabels: { app: 'web' } });
    expect(httpPolicy.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'vks.io/ingress-gateway': 'true' } } }],
        ports: [{ protocol: 'TCP', port: 'http' }],
      },
    ]);
    const [lb, tcpPolicy] = tcp as any[];
    expect(lb.spec.selector).toEqual({ app: 'db' });
    expect(tcpPolicy.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
  });

  it('tenants may use ServiceExporters but never write their status', () => {
    const roles = all.filter((o) => o.kind === 'ClusterRole') as any[];
    for (const role of roles) {
      expect(role.rules.flatMap((r: any) => r.resources)).toEqual(['serviceexporters']);
    }
    expect(
      roles.map((r) => Object.keys(r.metadata.labels).filter((l) => l.includes('aggregate'))),
    ).toEqual([
      [
        'rbac.authorization.k8s.io/aggregate-to-admin',
        'rbac.authorization.k8s.io/aggregate-to-edit',
      ],
      ['rbac.authorization.k8s.io/aggregate-to-view'],
    ]);
  });
});
