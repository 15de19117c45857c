import type { TicketEvent } from './events.ts';
import type { Clock, ClockKind, Ticket } from './types.ts';

function withClocks(clocks: Ticket['clocks'], started: Clock[]): Ticket['clocks'] {
  const next = { ...clocks };
  for (const c of started) next[c.kind] = c;
  return next;
}

function without(clocks: Ticket['clocks'], ...kinds: ClockKind[]): Ticket['clocks'] {
  const next = { ...clocks };
  for (const k of kinds) delete next[k];
  return next;
}

function blankTicket(e: Extract<TicketEvent, { type: 'TicketRegistered' }>): Ticket {
  return {
    id: e.ticketId,
    version: 0,
    status: 'received',
    policy: e.policy,
    channel: e.channel,
    type: e.requestType,
    category: e.category,
    regionId: e.regionId,
    priority: e.priority,
    content: e.content,
    requester: e.requester,
    receivedAt: e.at,
    verified: !e.needsVerification,
    repeatOf: e.repeatOf,
    subject: e.subject,
    clocks: {},
    overdue: false,
    extensions: { granted: 0, requested: 0 },
    reworkCount: 0,
    callback: { attempts: [], judgedOnLaw: false },
    supervision: { open: [] },
    escalations: [],
    abuseFlagged: false,
    timersFired: [],
  };
}

/** Applies one event to a ticket. Every event raises the version by one. */
export function evolve(ticket: Ticket | null, event: TicketEvent): Ticket {
  if (event.type === 'TicketRegistered') return { ...blankTicket(event), version: 1 };
  if (!ticket) throw new Error(`${event.type} before TicketRegistered`);
  const t: Ticket = { ...ticket, version: ticket.version + 1 };
  const unitStatus = () =>
    t.assignment?.signedAt || t.assignment?.deemedAccepted ? 'inProgress' : 'dispatched';
  switch (event.type) {
    case 'TicketVerified':
      return { ...t, verified: true };
    case 'TicketRefused': {
      const { ground, basis, explanation, referral } = event;
      return { ...t, status: 'refused', refusal: { ground, basis, explanation, referral } };
    }
    case 'AnsweredOnSpot':
      return {
        ...t,
        status: 'completed',
        answer: { text: event.answer, method: event.method, at: event.at, citations: event.citations },
        clocks: withClocks({}, event.clocks),
      };
    case 'TicketDispatched':
      return {
        ...t,
        status: 'dispatched',
        classId: event.classId,
        priority: event.priority,
        firstLimit: event.firstLimit,
        legalLimit: event.legalLimit,
        handDown: event.handDown,
        assignment: {
          leadUnit: event.leadUnit,
          coUnits: event.coUnits,
          level: event.level,
          dispatchedAt: event.at,
          deemedAccepted: false,
        },
        clocks: withClocks({}, event.clocks),
        overdue: false,
      };
    case 'TicketRedispatched':
      return {
        ...t,
        status: 'dispatched',
        assignment: {
          leadUnit: event.toUnit,
          coUnits: [],
          level: event.level,
          dispatchedAt: event.at,
          deemedAccepted: false,
        },
        clocks: withClocks({}, event.clocks),
        overdue: false,
        extensions: { granted: 0, requested: 0 },
      };
    case 'TicketSigned':
      return {
        ...t,
        status: 'inProgress',
        assignment: t.assignment && {
          ...t.assignment,
          signedAt: event.at,
          urgentLeads: event.urgentLeads,
        },
        clocks: withClocks(t.clocks, event.clocks),
      };
    case 'RequesterContacted':
      return {
        ...t,
        assignment: t.assignment && { ...t.assignment, contactedAt: t.assignment.contactedAt ?? event.at },
        clocks: without(t.clocks, 'contact'),
      };
    case 'ReturnRequested':
      return {
        ...t,
        status: 'returnRequested',
        returnRequest: { reason: event.reason, legalBasis: event.legalBasis, requestedAt: event.at },
      };
    case 'ReturnApproved':
      return {
        ...t,
        status: 'received',
        assignment: undefined,
        returnRequest: undefined,
        clocks: {},
        overdue: false,
      };
    case 'ReturnRefused':
      return { ...t, status: unitStatus(), returnRequest: undefined, clocks: without(t.clocks, 'return') };
    case 'ReturnWindowClosed':
      return {
        ...t,
        status: 'inProgress',
        assignment: t.assignment && { ...t.assignment, deemedAccepted: true },
        clocks: without(t.clocks, 'return'),
      };
    case 'ExtensionRequested':
      return {
        ...t,
        extensions: {
          ...t.extensions,
          requested: t.extensions.requested + 1,
          pending: { length: event.length, reason: event.reason, requestedAt: event.at },
        },
      };
    case 'ExtensionApproved':
      return {
        ...t,
        extensions: { granted: t.extensions.granted + 1, requested: t.extensions.requested },
        extensionToldAt: undefined,
        clocks: withClocks(t.clocks, event.clocks),
        overdue: false,
      };
    case 'ExtensionRefused':
      return { ...t, extensions: { granted: t.extensions.granted, requested: t.extensions.requested } };
    case 'PlanSubmitted': {
      const { leader, contact, progress, plan } = event;
      // The unit met its duty (PDS:8 C): nothing is overdue until the centre sets the deadline.
      return {
        ...t,
        plan: { leader, contact, progress, plan, at: event.at },
        clocks: without(t.clocks, 'plan'),
      };
    }
    case 'DeadlineSet':
      return { ...t, clocks: withClocks(without(t.clocks, 'plan'), event.clocks), overdue: false };
    case 'DisagreementReported':
      return t;
    case 'RequesterInformed':
      return { ...t, requesterInformedAt: event.at };
    case 'ReplySignedOff':
      return { ...t, signOff: { by: event.by, at: event.at } };
    case 'UnitReplied':
      return {
        ...t,
        status: 'replied',
        reply: { summary: event.summary, report: event.report, signedOffBy: event.signedOffBy, at: event.at },
      };
    case 'RequesterToldOfExtension':
      return { ...t, extensionToldAt: event.at, clocks: without(t.clocks, 'extensionNotice') };
    case 'CoordinationHeld':
      return {
        ...t,
        coordination: {
          at: event.at,
          units: event.units,
          tasks: event.tasks.map(({ unitId, task }) => ({ unitId, task })),
        },
      };
    case 'CoordinationTaskDone':
      return {
        ...t,
        coordination: t.coordination && {
          ...t.coordination,
          tasks: t.coordination.tasks.map((task) =>
            task.unitId === event.unitId ? { ...task, doneAt: event.at } : task,
          ),
        },
      };
    case 'TicketMerged':
      return {
        ...t,
        status: 'merged',
        mergedInto: event.mainTicketId,
        assignment: undefined,
        clocks: {},
        overdue: false,
      };
    case 'DuplicateRecorded': {
      const others = (t.duplicates ?? []).filter((id) => id !== event.ticketId);
      return { ...t, duplicates: event.merged ? [...others, event.ticketId] : others };
    }
    case 'TicketUnmerged':
      return { ...t, status: 'received', mergedInto: undefined };
    case 'MainTicketCompleted':
      return {
        ...t,
        status: 'completed',
        reply: { summary: event.summary, at: event.at },
        clocks: withClocks({}, event.clocks),
      };
    case 'TicketHandedOver': {
      const { body, bodyName, approvedBy, basis } = event;
      return {
        ...t,
        status: 'handedOver',
        handOver: { body, bodyName, approvedBy, basis, at: event.at },
        clocks: {},
        overdue: false,
      };
    }
    case 'LeaderInstructionRecorded':
      return { ...t, instruction: { leader: event.leader, text: event.instruction, at: event.at } };
    case 'ReplyApproved':
      return { ...t, status: 'completed', clocks: withClocks({}, event.clocks) };
    case 'ReplySentBack':
    case 'ReworkOrdered':
      return {
        ...t,
        status: 'inProgress',
        reworkCount: t.reworkCount + 1,
        requesterInformedAt: undefined,
        signOff: undefined,
        reply: undefined,
        clocks: withClocks(without(t.clocks, 'callback'), event.clocks),
        overdue: false,
        callback: { attempts: [], judgedOnLaw: false },
      };
    case 'CallbackAttempted':
      return {
        ...t,
        callback: {
          ...t.callback,
          attempts: [...t.callback.attempts, { at: event.at, outcome: event.outcome }],
        },
      };
    case 'SatisfactionRecorded': {
      const final = event.satisfaction !== 'dissatisfied' || event.judgedOnLaw;
      return {
        ...t,
        status: final ? 'evaluated' : 'dissatisfied',
        callback: { ...t.callback, satisfaction: event.satisfaction, judgedOnLaw: event.judgedOnLaw },
        clocks: without(t.clocks, 'callback'),
      };
    }
    case 'AssessmentRequested':
      return { ...t, status: 'underAssessment' };
    case 'AssessmentRecorded':
      return event.finding === 'unitUpheld' ? { ...t, status: 'evaluated' } : t;
    case 'SupervisionOpened':
      return { ...t, supervision: { open: [...t.supervision.open, event.reason] } };
    case 'SupervisionClosed':
      return { ...t, supervision: { open: t.supervision.open.filter((r) => r !== event.reason) } };
    case 'ReminderSent':
    case 'CallbackDue':
      return t;
    case 'ContactWindowMissed':
      return { ...t, clocks: without(t.clocks, 'contact') };
    case 'DeadlinesRecomputed': {
      const handling = event.clocks.find((c) => c.kind === 'handling');
      const stillOverdue = t.overdue && !(handling && handling.deadline > event.at);
      return { ...t, clocks: withClocks(t.clocks, event.clocks), overdue: stillOverdue };
    }
    case 'TimerFired':
      return { ...t, timersFired: [...t.timersFired, event.timerId] };
    case 'TicketOverdue':
      return { ...t, overdue: true };
    case 'Escalated':
      return { ...t, escalations: [...t.escalations, event.level] };
    case 'AbuseFlagged':
      return { ...t, abuseFlagged: true };
    case 'TicketReopened':
      return {
        ...t,
        status: 'received',
        refusal: undefined,
        answer: undefined,
        assignment: undefined,
        reply: undefined,
        requesterInformedAt: undefined,
        clocks: {},
        overdue: false,
        escalations: [],
        signOff: undefined,
        extensions: { granted: 0, requested: 0 },
        callback: { attempts: [], judgedOnLaw: false },
      };
    case 'TicketArchived':
      return { ...t, status: 'archived', clocks: {} };
  }
}

/** Replays a history into the ticket it describes. */
export function replay(events: readonly TicketEvent[]): Ticket | null {
  return events.reduce<Ticket | null>(evolve, null);
}
