import type { ExportSpec } from '../domain/service-export';
import type { KubeObject } from '../ports/kube';
import {
  CLUSTER_LABEL,
  ENTERPRISE_LABEL,
  INGRESS_GATEWAY_LABEL,
  tenantLabels,
  type TenantIds,
} from './labels';
import { EXPORTER_API_VERSION, EXPORTER_KIND } from './service-exporter-crd';

export const EXPORT_LABEL = 'vks.io/service-export';

/** The one Service an export reaches: its pod selector and the port its pods listen on. */
export interface ExportTarget {
  readonly selector: Readonly<Record<string, string>>;
  readonly targetPort: number | string;
}

export interface ExposureInput {
  readonly ids: TenantIds;
  readonly name: string;
  readonly spec: ExportSpec;
  readonly host: string;
  readonly ingressClass: string;
  readonly target: ExportTarget;
}

/** What the API applies for `POST /v1/clusters/{id}/service-exports`, as kubectl would. */
export function serviceExporterObject(ids: TenantIds, name: string, spec: ExportSpec): KubeObject {
  return {
    apiVersion: EXPORTER_API_VERSION,
    kind: EXPORTER_KIND,
    metadata: {
      name,
      namespace: ids.namespace,
      labels: { [ENTERPRISE_LABEL]: ids.enterpriseId, [CLUSTER_LABEL]: ids.clusterId },
    },
    spec: { service: spec.service, port: spec.port, protocol: spec.protocol },
  };
}

const exposureName = (name: string) => `vks-export-${name}`;

/**
 * The objects that expose one export, all in the export's own namespace: Kubernetes resolves an
 * Ingress backend and a Service selector in their own namespace only, so an export cannot reach
 * anything of another tenant whatever its spec says. A NetworkPolicy opens the one path the
 * traffic takes, to the pods of the named Service on its target port and nothing else.
 */
export function exposureObjects(input: ExposureInput): KubeObject[] {
  const route = input.spec.protocol === 'HTTP' ? ingressObject(input) : loadBalancerObject(input);
  return [route, exportPolicyObject(input)];
}

/**
 * HTTP: a route on the shared ingress. TLS is terminated there with the platform's wildcard
 * certificate for the export domain (the controller's default certificate), so no key ever sits
 * in a tenant namespace; the `tls` entry without a secret asks for exactly that.
 */
function ingressObject(input: ExposureInput): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(input),
    spec: {
      ingressClassName: input.ingressClass,
      tls: [{ hosts: [input.host] }],
      rules: [
        {
          host: input.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: input.spec.service, port: { number: input.spec.port } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

/**
 * TCP: a network load balancer from the AWS Load Balancer Controller with `ip` targets, so the
 * NLB sends to the pods of the selector copied from the named Service, in this namespace. No node
 * ports are allocated, so the tenant's `services.nodeports: 0` still holds; ExternalDNS gives the
 * NLB the export's host name.
 */
function loadBalancerObject(input: ExposureInput): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      ...meta(input),
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        'external-dns.alpha.kubernetes.io/hostname': input.host,
      },
    },
    spec: {
      type: 'LoadBalancer',
      loadBalancerClass: 'service.k8s.aws/nlb',
      allocateLoadBalancerNodePorts: false,
      selector: { ...input.target.selector },
      ports: [
        {
          name: 'export',
          protocol: 'TCP',
          port: input.spec.port,
          targetPort: input.target.targetPort,
        },
      ],
    },
  };
}

/**
 * The way in for one export. HTTP traffic comes from the ingress gateway's namespace; TCP traffic
 * from the NLB, whose source is the client (client IP preservation) or the NLB's own VPC address,
 * so any source is admitted, on the target port of the named Service's pods only. Other tenants'
 * pods still cannot use this path: their egress excludes the cluster's private ranges.
 */
function exportPolicyObject(input: ExposureInput): KubeObject {
  const from =
    input.spec.protocol === 'HTTP'
      ? [{ namespaceSelector: { matchLabels: { [INGRESS_GATEWAY_LABEL]: 'true' } } }]
      : [{ ipBlock: { cidr: '0.0.0.0/0' } }];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(input),
    spec: {
      podSelector: { matchLabels: { ...input.target.selector } },
      policyTypes: ['Ingress'],
      ingress: [{ from, ports: [{ protocol: 'TCP', port: input.target.targetPort }] }],
    },
  };
}

/** Every object an export may have had, whichever its protocol was, for removing them. */
export function exposureRefs(ids: TenantIds, name: string): KubeObject[] {
  const metadata = { name: exposureName(name), namespace: ids.namespace };
  return [
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata },
    { apiVersion: 'v1', kind: 'Service', metadata },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata },
  ];
}

function meta(input: ExposureInput) {
  return {
    name: exposureName(input.name),
    namespace: input.ids.namespace,
    labels: { ...tenantLabels(input.ids), [EXPORT_LABEL]: input.name },
  };
}
