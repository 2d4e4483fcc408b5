/** How clients reach the shared cluster's Kubernetes API, as a kubeconfig names it. */
export interface ClusterEndpointInfo {
  readonly server: string;
  /** Base64 of the PEM bundle that signed the API server's certificate. */
  readonly certificateAuthorityData: string;
  /** True when the endpoint is the local simulator's, which no kubectl can reach. */
  readonly simulated: boolean;
}

export interface ClusterEndpoint {
  describe(): Promise<ClusterEndpointInfo>;
}
