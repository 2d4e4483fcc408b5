import { expect } from 'vitest';
import type { TestControlPlane } from './control-plane';

/** Sets an enterprise's parallelism limit through the operator route. */
export async function setLimit(
  plane: TestControlPlane,
  enterpriseId: string,
  parallelismLimit: { total: number; perType?: Record<string, number> },
) {
  const res = await plane.client.patch(
    `/v1/platform/enterprises/${enterpriseId}`,
    { parallelismLimit },
    { token: plane.operatorToken },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Polls a cluster until it leaves its busy state, as a client would, and returns it. */
export async function waitForCluster(
  plane: TestControlPlane,
  token: string,
  id: string,
  until: readonly string[] = ['READY', 'FAILED', 'DELETED'],
): Promise<any> {
  for (;;) {
    const res = await plane.client.get(`/v1/clusters/${id}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (until.includes(res.body.status)) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
