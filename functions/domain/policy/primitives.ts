import { z } from '../zod.ts';

/**
 * The policy's small vocabularies that requests and events also use (channels, refusal grounds),
 * apart from the policy schema: a function that parses a request needs these, not the whole policy
 * schema (which only the local runtime and synthesis build).
 */

export const BUILT_IN_REQUEST_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion'] as const;

export const CHANNELS = [
  'phone',
  'sms',
  'fax',
  'web',
  'mayorMailbox',
  'leaderMessageBoard',
  'wechat',
  'app',
  'govServicePlatform',
  'weibo',
  'upperPlatform',
  'siblingPlatform',
  'letter',
] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;

/** Grounds for not accepting a request (不予受理), each told to the requester with its basis. */
export const REFUSAL_GROUNDS = [
  'outsideJurisdiction',
  'otherAuthority',
  'legalProcedure',
  'alreadyHandled',
  'secretOrPrivate',
  'unlawful',
  'emergency',
  'internalAdministration',
  'tooVague',
] as const;
export const refusalGroundSchema = z.enum(REFUSAL_GROUNDS);
