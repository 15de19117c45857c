import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { loadPolicy } from '#policy-source';
import { AttemptLimiter } from '../adapters/attempt-limiter.ts';
import { loadOperatorSchedules } from '../adapters/calendar-store.ts';
import { clock } from '../adapters/clock.ts';
import { DirectoryRepository } from '../adapters/directory-repository.ts';
import { DocumentClient } from '../adapters/document-client.ts';
import { TicketRepository } from '../adapters/ticket-repository.ts';
import type { AppContext } from '../app/context.ts';
import { CachedDirectoryLookup } from '../app/directory-lookup.ts';
import type { UnitScope } from '../domain/access/index.ts';
import { type CalendarOptions, createCalendar, type WorkingCalendar } from '../domain/calendar/index.ts';
import { type ChannelEntry, unitTree } from '../domain/directory/index.ts';
import { earliestTimer } from '../domain/ticket/index.ts';
import { optionalEnv, requiredEnv } from '../shared/config.ts';

/**
 * What every handler needs, built once per Lambda instance from its environment: the table and its
 * client, the directory, the policy, the calendar and the clock. The knowledge base's handlers need
 * no more, so their bundles leave out the ticket repository.
 */
export interface BaseRuntime extends Pick<AppContext, 'policy' | 'calendar' | 'now'> {
  tableName: string;
  dynamodb: DynamoDBClient;
  /** The document client on `dynamodb`, writing without undefined attributes. */
  db: DocumentClient;
  directory: DirectoryRepository;
}

/**
 * Everything a ticket handler needs: the use cases' context, wired to DynamoDB, beside the base.
 * The unit and channel look-ups are cached for a minute: directory changes are rare.
 */
export interface Runtime extends BaseRuntime, AppContext {
  tickets: TicketRepository;
  // The repository, which is both the base's directory and the AppContext's port.
  directory: DirectoryRepository;
}

/** Directory entries change rarely; a Lambda instance re-reads them after a minute. */
const UNIT_CACHE_MS = 60_000;
/** Wrong query codes per ticket number in an hour before further wrong ones answer 429, not 404. */
const MAX_WRONG_CODES_PER_HOUR = 10;
/** Wrong query codes per client in an hour before its look-ups answer 429. */
const MAX_WRONG_CODES_PER_CLIENT_HOUR = 50;

/**
 * The secret of the requester hash: REQUESTER_HASH_KEY where it is given (locally), else read once
 * from Secrets Manager (REQUESTER_HASH_KEY_SECRET_ARN, in AWS) on first use. Only the functions that
 * hash a phone number are given the secret (least privilege); the others load without it and would
 * fail on first use, naming the setting.
 */
function hashKeySource(env: Readonly<Record<string, string | undefined>>): () => Promise<string> {
  const direct = optionalEnv('REQUESTER_HASH_KEY', env);
  if (direct) return async () => direct;
  const secretArn = optionalEnv('REQUESTER_HASH_KEY_SECRET_ARN', env);
  if (!secretArn) {
    return async () => {
      throw new Error(
        'REQUESTER_HASH_KEY_SECRET_ARN is not set: this function was not given the requester hash key',
      );
    };
  }
  let value: Promise<string> | undefined;
  return () => {
    // Its SDK module is loaded here, on first use, not with the function: some 15 ms of cold start
    // that the requests which hash nothing need not pay.
    value ??= import('@aws-sdk/client-secrets-manager')
      .then((sdk) =>
        new sdk.SecretsManagerClient({}).send(new sdk.GetSecretValueCommand({ SecretId: secretArn })),
      )
      .then((out) => {
        if (!out.SecretString) throw new Error(`secret ${secretArn} has no string value`);
        return out.SecretString;
      })
      .catch((error) => {
        value = undefined; // try again on the next request
        throw error;
      });
    return value;
  };
}

/** Builds the runtime from an environment (the process's, or a test's). */
/** The working calendar with the operator schedules bundled under `HOTLINE_CALENDAR_DIR`, if any. */
export function calendarFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  workingHours?: CalendarOptions['workingHours'],
): WorkingCalendar {
  const calendarDir = optionalEnv('HOTLINE_CALENDAR_DIR', env);
  return createCalendar({
    operatorSchedules: calendarDir ? loadOperatorSchedules(calendarDir) : [],
    ...(workingHours ? { workingHours } : {}),
  });
}

export function createBaseRuntime(
  env: Readonly<Record<string, string | undefined>> = process.env,
): BaseRuntime {
  const tableName = requiredEnv('TABLE_NAME', env);
  // In a Lambda bundle, `#policy-source` is the bundled file only (see package.json `imports`).
  const policy = loadPolicy({
    id: requiredEnv('POLICY_ID', env),
    file: optionalEnv('POLICY_FILE', env),
    sha256: optionalEnv('POLICY_SHA256', env),
  });
  const endpoint = optionalEnv('DYNAMODB_ENDPOINT', env);
  // A DynamoDB endpoint means DynamoDB Local (local runtime, tests), which accepts any credentials.
  const dynamodb = new DynamoDBClient(
    endpoint
      ? {
          endpoint,
          region: optionalEnv('AWS_REGION', env) ?? 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  const db = DocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  return {
    tableName,
    dynamodb,
    db,
    directory: new DirectoryRepository(db, tableName),
    policy,
    calendar: calendarFromEnv(env, policy.calendar.workingHours),
    now: clock.now,
  };
}

export function createRuntime(env: Readonly<Record<string, string | undefined>> = process.env): Runtime {
  const base = createBaseRuntime(env);
  const { db, tableName, directory, policy, calendar } = base;
  let scope: { value: UnitScope; until: number } | undefined;
  const channels = new Map<string, { value: ChannelEntry | undefined; until: number }>();
  return {
    ...base,
    tickets: new TicketRepository(db, tableName, (ticket) => earliestTimer(ticket, { policy, calendar })),
    requesterHashKey: hashKeySource(env),
    guesses: new AttemptLimiter(db, tableName, MAX_WRONG_CODES_PER_HOUR),
    clientGuesses: new AttemptLimiter(db, tableName, MAX_WRONG_CODES_PER_CLIENT_HOUR),
    directoryLookup: new CachedDirectoryLookup(directory),
    async unitScope() {
      if (!scope || scope.until < Date.now()) {
        scope = {
          value: { isWithin: unitTree(await directory.all('unit')) },
          until: Date.now() + UNIT_CACHE_MS,
        };
      }
      return scope.value;
    },
    async channel(keyId) {
      const cached = channels.get(keyId);
      if (cached && cached.until >= Date.now()) return cached.value;
      const value = await directory.get('channel', keyId);
      // Only known keys are cached, so a key added to the directory works at once.
      if (value) channels.set(keyId, { value, until: Date.now() + UNIT_CACHE_MS });
      return value;
    },
  };
}
