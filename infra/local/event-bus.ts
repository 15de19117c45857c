import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { RULES, type RuleDefinition } from '../../workflows/rules.ts';

type Target = (event: EventBridgeEvent<string, unknown>) => Promise<unknown>;

/**
 * Does `value` satisfy one EventBridge pattern field? The subset the rules use: a list of exact
 * values, `{ prefix }`, `{ exists }`, and nested objects, which in an array of objects any element
 * may satisfy (as EventBridge matches into arrays).
 */
function fieldMatches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(value) && pattern !== null && typeof pattern === 'object' && !Array.isArray(pattern))
    return value.some((element) => fieldMatches(pattern, element));
  if (Array.isArray(pattern)) {
    const values = Array.isArray(value) ? value : [value];
    return pattern.some((p) => {
      if (p !== null && typeof p === 'object') {
        if ('exists' in p) return (value !== undefined) === Boolean((p as { exists: boolean }).exists);
        if ('prefix' in p)
          return values.some(
            (v) => typeof v === 'string' && v.startsWith(String((p as { prefix: string }).prefix)),
          );
        return false;
      }
      return values.includes(p);
    });
  }
  if (pattern !== null && typeof pattern === 'object') {
    if (value === null || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([k, p]) => fieldMatches(p, (value as Record<string, unknown>)[k]));
  }
  return false;
}

export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([k, p]) => fieldMatches(p, event[k]));
}

/**
 * The local stand-in for the custom event bus: the same rules as the CDK stack (workflows/rules.ts),
 * each delivering to its target; a failed delivery is retried a few times and then reported, as the
 * rule's retry policy and DLQ do in AWS.
 */
export class LocalEventBus {
  /** Entries put on the bus (EventBridge bills custom events by these). */
  published = 0;
  delivered = 0;
  failed = 0;

  constructor(
    private readonly targets: Record<RuleDefinition['target'], Target>,
    private readonly rules: readonly RuleDefinition[] = RULES,
  ) {}

  async publish(entry: { source: string; detailType: string; detail: unknown }): Promise<void> {
    this.published += 1;
    const event = {
      version: '0',
      id: randomUUID(),
      source: entry.source,
      'detail-type': entry.detailType,
      account: '000000000000',
      time: new Date().toISOString(),
      region: 'local',
      resources: [],
      detail: entry.detail,
    } as EventBridgeEvent<string, unknown>;
    for (const rule of this.rules) {
      if (!matchesPattern(rule.eventPattern, event as unknown as Record<string, unknown>)) continue;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.targets[rule.target](event);
          this.delivered += 1;
          break;
        } catch (error) {
          if (attempt >= 3) {
            this.failed += 1;
            console.error(
              `rule ${rule.name} failed to deliver ${entry.detailType}: ${(error as Error).message}`,
            );
            break;
          }
        }
      }
    }
  }
}
