import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { toBusEntries } from '../../functions/tasks/publish-events.ts';
import { EVENT_SOURCE, PIPE_FILTERS } from '../../workflows/rules.ts';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';
import { type LocalEventBus, matchesPattern } from './event-bus.ts';

/** Idle passes that `caughtUp` waits for; the second one covers a record that a shard iterator
 * obtained mid-pass only shows on the next read. */
const IDLE_PASSES = 2;

/**
 * The local stand-in for the EventBridge Pipe: reads DynamoDB Local's stream of the table, turns
 * its records into bus entries with the same function as the Pipe's enrichment, and publishes them
 * on the local bus, in order. Shards that close are followed by their children.
 */
export class StreamRelay {
  private readonly streams: DynamoDBStreamsClient;
  private readonly iterators = new Map<string, string>();
  private readonly seen = new Set<string>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  relayed = 0;
  /** Batches of stream records that held something to publish: the Pipe's enrichment invocations. */
  batches = 0;
  /** Reads of the stream that brought records, whether or not the filter kept any. */
  reads = 0;
  /** Records the filter kept: what enters the Pipe's enrichment (EventBridge Pipes bills these). */
  passed = 0;
  /** Passes over the shards begun so far. */
  private passes = 0;
  /** Callers of `caughtUp`, with the pass that was under way when they asked. */
  private waiting: { after: number; idle: number; done: () => void }[] = [];

  constructor(
    private readonly dynamodb: DynamoDBClient,
    endpoint: string,
    private readonly tableName: string,
    private readonly bus: LocalEventBus,
  ) {
    this.streams = new DynamoDBStreamsClient({
      endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
  }

  async start(): Promise<void> {
    const table = await this.dynamodb.send(new DescribeTableCommand({ TableName: this.tableName }));
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`table ${this.tableName} has no stream`);
    await this.discover(streamArn, 'LATEST');
    this.loop = this.run(streamArn);
  }

  private async discover(streamArn: string, position: 'LATEST' | 'TRIM_HORIZON') {
    const stream = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of stream.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId;
      if (!id || this.seen.has(id)) continue;
      this.seen.add(id);
      const out = await this.streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: position }),
      );
      if (out.ShardIterator) this.iterators.set(id, out.ShardIterator);
    }
  }

  private async run(streamArn: string) {
    let sinceDiscovery = 0;
    while (!this.stopped) {
      const pass = ++this.passes;
      let got = 0;
      for (const [shard, iterator] of [...this.iterators]) {
        const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
        const records = (out.Records ?? []) as unknown as DynamoDBRecord[];
        got += records.length;
        if (records.length > 0) this.reads += 1;
        // The Pipe's own filters first, as in AWS, then its enrichment.
        const kept = records.filter((r) =>
          PIPE_FILTERS.some((f) => matchesPattern(f, r as unknown as Record<string, unknown>)),
        );
        this.passed += kept.length;
        const entries = toBusEntries(kept);
        if (entries.length > 0) this.batches += 1;
        for (const entry of entries) {
          await this.bus.publish({ source: EVENT_SOURCE, ...entry });
          this.relayed += 1;
        }
        if (out.NextShardIterator) this.iterators.set(shard, out.NextShardIterator);
        else this.iterators.delete(shard);
      }
      // New shards (a closed shard's children) are picked up from their start.
      if (++sinceDiscovery >= 20 || this.iterators.size === 0) {
        sinceDiscovery = 0;
        await this.discover(streamArn, 'TRIM_HORIZON');
      }
      if (got === 0) {
        // A whole pass found nothing: count it for whoever asked before it began.
        for (const w of this.waiting) if (w.after < pass) w.idle += 1;
        const [ready, rest] = partition(this.waiting, (w) => w.idle >= IDLE_PASSES);
        this.waiting = rest;
        for (const w of ready) w.done();
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /**
   * Resolves once two whole passes over the stream, begun after this call, found no new record:
   * every record written before the call has been relayed and its bus entries delivered to their
   * targets (a pass publishes what it reads, and waits for the targets, before the next begins).
   */
  caughtUp(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('the stream relay is stopped'));
    return new Promise((done) => this.waiting.push({ after: this.passes, idle: 0, done }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop?.catch(() => {});
    // Nothing more will be relayed: nobody waits for it.
    for (const w of this.waiting.splice(0)) w.done();
    this.streams.destroy();
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}
