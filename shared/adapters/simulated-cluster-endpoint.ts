import type { ClusterEndpoint, ClusterEndpointInfo } from '../ports/cluster-endpoint';

/**
 * Local runtime: there is no shared EKS cluster, so kubeconfigs name an address that says what it
 * is. The `.invalid` top-level domain never resolves, so kubectl fails to connect rather than
 * reaching some other server; `kubectl config view` reads the file all the same.
 */
export class SimulatedClusterEndpoint implements ClusterEndpoint {
  async describe(): Promise<ClusterEndpointInfo> {
    return {
      server: 'https://simulated-eks.vks.invalid',
      certificateAuthorityData: Buffer.from('simulated cluster CA: no certificate').toString(
        'base64',
      ),
      simulated: true,
    };
  }
}
