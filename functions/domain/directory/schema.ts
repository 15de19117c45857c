import { channelSchema } from '../policy/index.ts';
import { UNIT_LEVELS } from '../ticket/index.ts';
import { z } from '../zod.ts';

/**
 * The directory a centre keeps: regions, units (with their level, parent and ranking group), the
 * dispatch catalogue (which unit a category goes to) and the channels that hold API keys.
 */

const id = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(64),
    z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . -'),
  );
const name = z.string().check(z.trim(), z.maxLength(200), z.regex(/\S/, 'may not be blank'));

export const regionSchema = z.strictObject({
  id,
  name,
  parentId: z.optional(id),
  level: z.enum(UNIT_LEVELS),
});

export const unitSchema = z.strictObject({
  id,
  name,
  level: z.enum(UNIT_LEVELS),
  /** The unit above it; a unit sees the tickets of the units under it. */
  parentId: z.optional(id),
  regionId: z.optional(id),
  /** Ranking group for assessment (PDS:28 county, district, city departments, township). */
  rankingGroup: z.optional(id),
  contact: z.optional(z.string().check(z.trim(), z.maxLength(100))),
});

export const catalogueEntrySchema = z.strictObject({
  /** The category id tickets carry. */
  id,
  name,
  /** The unit a ticket of this category is dispatched to by default. */
  unitId: id,
  level: z.enum(UNIT_LEVELS),
});

export const channelEntrySchema = z.strictObject({
  /** The API key's id (API Gateway passes it as requestContext.identity.apiKeyId). */
  id,
  name,
  /** Channels this key may post tickets for; the first is the default. */
  channels: z.array(channelSchema).check(z.minLength(1)),
});

export const DIRECTORY_SCHEMAS = {
  region: regionSchema,
  unit: unitSchema,
  catalogue: catalogueEntrySchema,
  channel: channelEntrySchema,
} as const;

export type DirectoryKind = keyof typeof DIRECTORY_SCHEMAS;
export const DIRECTORY_KINDS = Object.keys(DIRECTORY_SCHEMAS) as DirectoryKind[];
export type Region = z.infer<typeof regionSchema>;
export type Unit = z.infer<typeof unitSchema>;
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;
export type ChannelEntry = z.infer<typeof channelEntrySchema>;
export type DirectoryEntry<K extends DirectoryKind> = z.infer<(typeof DIRECTORY_SCHEMAS)[K]>;
