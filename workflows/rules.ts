/**
 * The event bus: what flows on it and which rules route it, declared once for the CDK stack and the
 * local bus alike. Ticket events reach the bus from the table's stream (an EventBridge Pipe in AWS,
 * a stream relay locally) as `source: hotline.tickets`, `detail-type: <event type>` and
 * `detail: { ticketId, seq, type, event }`; a change that ends clocks records them on its last event
 * item, whose entry then also carries `detail.endedClocks: { version, clockIds }`.
 * The Pipe reads only the stream's INSERTs of event items (`entity = event`), and of the
 * knowledge-base events that change what is published (`entity = knowledgeEvent`), which reach the
 * bus as `detail-type: <event type>`, `detail: { entryId, seq, type, writtenAt }`; its enrichment
 * is functions/tasks/publish-events.ts.
 */
import { COUNTED_EVENT_TYPES } from '../functions/domain/assessment/indicators.ts';
import { PUBLISHED_SET_EVENTS } from '../functions/domain/knowledge/events.ts';

export const EVENT_SOURCE = 'hotline.tickets';

/** Event types that start clocks (their `event.clocks` is not empty), and the callback retry. */
export const CLOCK_EVENT_TYPES = [
  'TicketDispatched',
  'TicketRedispatched',
  'TicketSigned',
  'AnsweredOnSpot',
  'ExtensionApproved',
  'DeadlineSet',
  'ReplyApproved',
  'ReplySentBack',
  'ReworkOrdered',
  'CallbackAttempted',
  'DeadlinesRecomputed',
] as const;

/** Events of a merge group (并单) that the group's other tickets follow (functions/app/merge-group.ts). */
export const MERGE_GROUP_EVENT_TYPES = [
  'TicketMerged',
  'TicketUnmerged',
  'ReplyApproved',
  'AnsweredOnSpot',
] as const;

export interface RuleDefinition {
  name: string;
  description: string;
  /** An EventBridge event pattern (the subset the local bus implements: exact values, prefix, exists). */
  eventPattern: Record<string, unknown>;
  /** The Lambda handler in functions/tasks/ the rule invokes. */
  target:
    | 'start-timers'
    | 'stop-timers'
    | 'project-assessment'
    | 'count-reports'
    | 'merge-group'
    | 'build-knowledge-index';
}

export const RULES: readonly RuleDefinition[] = [
  {
    name: 'start-ticket-timers',
    description:
      'Starts the ticket-timer execution for the clocks an event starts (named by ticket and version)',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': [...CLOCK_EVENT_TYPES] },
    target: 'start-timers',
  },
  {
    name: 'stop-ticket-timers',
    description: 'Stops the executions whose clocks have all ended',
    // The last event of a change that ended clocks names them (whatever its type).
    eventPattern: { source: [EVENT_SOURCE], detail: { endedClocks: { version: [{ exists: true }] } } },
    target: 'stop-timers',
  },
  {
    name: 'project-assessment',
    description: "Adds each event that counts toward a unit's indicators to its monthly aggregates, once",
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': [...COUNTED_EVENT_TYPES] },
    target: 'project-assessment',
  },
  {
    name: 'count-reports',
    description:
      'Counts each registration in the reports tallies, once and in sequence, and opens the supervision the exact count calls for (AH:20(六))',
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': ['TicketRegistered'] },
    target: 'count-reports',
  },
  {
    name: 'follow-merge-group',
    description:
      "Keeps a merge group (并单) together: a merged duplicate is recorded on its main, and gets the main ticket's result when it is completed",
    eventPattern: { source: [EVENT_SOURCE], 'detail-type': [...MERGE_GROUP_EVENT_TYPES] },
    target: 'merge-group',
  },
  {
    name: 'build-knowledge-index',
    description:
      'Rebuilds the knowledge-base search index when a version is published or an entry retired (one build covers a burst)',
    eventPattern: {
      source: [EVENT_SOURCE],
      'detail-type': [...PUBLISHED_SET_EVENTS],
      detail: { entryId: [{ exists: true }] },
    },
    target: 'build-knowledge-index',
  },
];

/** The state machines, one ASL file each in this folder; `${…}` placeholders are substituted by CDK. */
export const STATE_MACHINES = {
  /** The clocks one event started: wait, fire, and loop over their timers. */
  ticketTimer: { file: 'ticket-timer.asl.json', substitutions: ['TimerFunctionArn'] },
  /** After an unanswered callback: wait out the gap; its end marks the next attempt due. */
  callbackRetry: { file: 'callback-retry.asl.json', substitutions: [] },
} as const;
export type StateMachineName = keyof typeof STATE_MACHINES;

/**
 * The callback retry fires its one timer when its execution ends, not from a Task state: that costs
 * one state transition instead of two. Step Functions puts a `Step Functions Execution Status Change`
 * event on the account's default bus when a Standard execution ends (free of charge, as AWS's own
 * events are), and this rule passes the SUCCEEDED ones of the callback-retry machine to the timer
 * task, whose input is the execution's output (its input, `next.timer` the timer now due).
 * AWS delivers these events on a best-effort basis: a timer whose event is lost is fired by the
 * sweeper, as any timer whose execution was lost is.
 */
export const CALLBACK_RETRY_FIRING = {
  name: 'fire-callback-retry',
  description:
    'Marks the next callback attempt due when a callback-retry execution has waited out its gap (PDS:17)',
  machine: 'callbackRetry',
  source: 'aws.states',
  detailType: 'Step Functions Execution Status Change',
  status: 'SUCCEEDED',
} as const satisfies { machine: StateMachineName } & Record<string, string>;

/** The environment variable that passes each state machine's ARN to the tasks that start or stop it. */
export const STATE_MACHINE_ENV = {
  ticketTimer: 'TIMER_STATE_MACHINE_ARN',
  callbackRetry: 'CALLBACK_RETRY_STATE_MACHINE_ARN',
} as const satisfies Record<StateMachineName, string>;

/**
 * The ticket event types some rule reads (its `detail-type`s): the Pipe passes only these on, so
 * that no event is published, and paid for, that nothing reads. A new rule widens it by itself.
 */
export const READ_EVENT_TYPES: readonly string[] = [
  ...new Set(
    RULES.flatMap((rule) => (rule.eventPattern['detail-type'] as string[] | undefined) ?? []).filter(
      (type) => !(PUBLISHED_SET_EVENTS as readonly string[]).includes(type),
    ),
  ),
].sort();

/**
 * The stream filter of the Pipe: new event items of a type some rule reads, new event items that
 * record the clocks their change ended (which stop-timers reads), and the knowledge-base events
 * after which the search index is rebuilt. Never ticket states, personal data, audit records or
 * counters, nor events nothing reads (the ticket's history keeps them all in the table).
 * functions/tasks/publish-events.ts drops anything else, so this only spares it the calls.
 */
export const PIPE_FILTERS = [
  {
    eventName: ['INSERT'],
    dynamodb: {
      NewImage: { entity: { S: ['event'] }, event: { M: { type: { S: [...READ_EVENT_TYPES] } } } },
    },
  },
  {
    eventName: ['INSERT'],
    // A list of strings: the pattern reaches into its elements, as EventBridge patterns reach into arrays.
    dynamodb: { NewImage: { entity: { S: ['event'] }, endedClocks: { L: { S: [{ exists: true }] } } } },
  },
  {
    eventName: ['INSERT'],
    dynamodb: {
      NewImage: { entity: { S: ['knowledgeEvent'] }, type: { S: [...PUBLISHED_SET_EVENTS] } },
    },
  },
];

/**
 * The assessment's state machines, apart from the timers of STATE_MACHINES (whose tasks start and
 * stop executions): the workflows stack deploys them on their schedule, the local runtime runs them.
 */
export const ASSESSMENT_STATE_MACHINES = {
  /** The monthly close: freeze scores, rank, apply the sanctions ladder, publish the bulletin. */
  monthlyClose: { file: 'monthly-close.asl.json', substitutions: ['CloseFunctionArn'] },
} as const;

/** When the monthly close starts: 00:00 Asia/Shanghai on the 1st (an EventBridge Scheduler cron). */
export const MONTHLY_CLOSE_SCHEDULE = { expression: 'cron(0 0 1 * ? *)', timeZone: 'Asia/Shanghai' } as const;

/**
 * The calendar's state machine, apart from the timers and the assessment: when a deployment brings a
 * year's schedule (official or an operator's), the open tickets whose deadlines were provisional for
 * it are recounted, a page of the provisional index per task. Started by the deployment itself (a
 * custom resource of the workflows stack) and by `hotline calendar recount --start`.
 */
export const CALENDAR_STATE_MACHINES = {
  provisionalRecount: { file: 'provisional-recount.asl.json', substitutions: ['RecountFunctionArn'] },
} as const;
export type CalendarStateMachineName = keyof typeof CALENDAR_STATE_MACHINES;

/**
 * When the report jobs start (EventBridge Scheduler crons in Asia/Shanghai; the workflows stack
 * deploys them as rules in UTC, the local runtime runs them on the virtual clock): the weekly
 * analysis (PDS:19 周分析) of the week just ended, Mondays at 01:00; the sweep for sudden clusters of
 * the day before (突发性/苗头性, AH:20(六)), daily at 00:30, after the monthly close at 00:00.
 */
export const REPORT_SCHEDULES = {
  weeklyReport: { expression: 'cron(0 1 ? * MON *)', timeZone: 'Asia/Shanghai' },
  clusterSweep: { expression: 'cron(30 0 * * ? *)', timeZone: 'Asia/Shanghai' },
} as const;
