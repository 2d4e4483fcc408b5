/**
 * CloudWatch embedded metric format: a log line that carries an `_aws` block becomes metrics in
 * CloudWatch without an agent or an API call. Dimensions must have a bounded number of values: a
 * route template, a GPU type, a webhook endpoint (at most 20 per enterprise).
 */
export const METRICS_NAMESPACE = 'VKS';

export type MetricUnit = 'Count' | 'Milliseconds' | 'None';

export function embeddedMetrics(
  dimensions: Record<string, string>,
  metrics: Record<string, { value: number; unit: MetricUnit }>,
  now = Date.now(),
): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.entries(metrics).map(([Name, m]) => ({ Name, Unit: m.unit })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(Object.entries(metrics).map(([name, m]) => [name, m.value])),
  };
}
