import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { TicketEvent } from '../domain/ticket/index.ts';
import { metrics } from '../shared/powertools.ts';

/**
 * The dashboard's business metrics, counted from the events a change produced — in one place, so
 * that the API and the workflows count alike.
 */
export function countEventMetrics(events: readonly TicketEvent[]): void {
  const count = (name: string, dimensions: Record<string, string> = {}) => {
    const metric = metrics.singleMetric();
    if (Object.keys(dimensions).length > 0) metric.addDimensions(dimensions);
    metric.addMetric(name, MetricUnit.Count, 1);
  };
  for (const e of events) {
    if (e.type === 'ReminderSent') count('Reminders');
    if (e.type === 'TicketOverdue') count('Overdue');
    if (e.type === 'Escalated') count('Escalations', { level: e.level });
    if (e.type === 'CallbackAttempted') count('Callbacks', { outcome: e.outcome });
    if (e.type === 'SatisfactionRecorded') count('Satisfaction', { result: e.satisfaction });
    if (e.type === 'SatisfactionRecorded' && e.satisfaction === 'deemedSatisfied') count('DeemedSatisfied');
    if ('clocks' in e && e.clocks.some((c) => c.provisional)) count('ProvisionalDeadlines');
  }
}
