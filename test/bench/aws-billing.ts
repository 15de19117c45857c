import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * What AWS bills for DynamoDB writes, worked out from item sizes, for the benchmarks to set beside
 * what DynamoDB Local reports as consumed capacity (its figure for transactions is not AWS's).
 *
 * Sizes follow the DynamoDB developer guide ("Item sizes and formats"): attribute names and string
 * and binary values by their bytes, a number about one byte per two significant digits plus one, a
 * boolean or null one byte, a list or map three bytes plus one per element on top of its contents.
 */

function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return numberBytes(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberBytes(n), 0);
  if (value.BS) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + 1 + valueBytes(v), 0);
  if (value.M)
    return (
      3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + Buffer.byteLength(k) + valueBytes(v), 0)
    );
  return 0;
}

function numberBytes(n: string): number {
  const digits = n
    .replace(/^-/, '')
    .replace(/e.*$/i, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** The size DynamoDB bills an item by, in bytes. */
export function itemBytes(item: Record<string, AttributeValue> | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

/**
 * Write request units AWS bills one item of a TransactWriteItems for: two per started KB of the
 * larger of the item before and after the write (a transactional write is billed twice).
 */
export function transactionalWriteUnits(before: number, after: number): number {
  return 2 * Math.max(1, Math.ceil(Math.max(before, after) / 1024));
}

type Item = Record<string, AttributeValue>;
interface BilledIndex {
  partitionKey: string;
  sortKey: string;
  include?: readonly string[];
}

/** An item's entry in one index (its keys, the table's keys and what the index copies), or none. */
function indexEntry(
  item: Item | undefined,
  index: BilledIndex,
  tableKeys: readonly string[],
): Item | undefined {
  if (!item?.[index.partitionKey] || !item[index.sortKey]) return undefined;
  const names = [index.partitionKey, index.sortKey, ...tableKeys, ...(index.include ?? [])];
  return Object.fromEntries(names.flatMap((n) => (item[n] ? [[n, item[n]]] : [])));
}

/**
 * Write request units AWS bills for keeping the indexes up to date after one item changed from
 * `before` to `after`: an entry put, updated or deleted is one write per started KB of it; an entry
 * whose keys changed is deleted and put again (two writes); an unchanged entry costs nothing.
 */
export function indexWriteUnits(
  before: Item | undefined,
  after: Item | undefined,
  indexes: readonly BilledIndex[],
  tableKeys: readonly string[],
): number {
  let units = 0;
  for (const index of indexes) {
    const old = indexEntry(before, index, tableKeys);
    const now = indexEntry(after, index, tableKeys);
    const kb = (entry: Item | undefined) => Math.max(1, Math.ceil(itemBytes(entry) / 1024));
    if (!old && !now) continue;
    if (!old || !now) units += kb(old ?? now);
    else if (JSON.stringify(old) === JSON.stringify(now)) continue;
    else {
      const sameKeys = [index.partitionKey, index.sortKey].every(
        (k) => JSON.stringify(old[k]) === JSON.stringify(now[k]),
      );
      units += sameKeys ? kb(now) : kb(old) + kb(now);
    }
  }
  return units;
}
