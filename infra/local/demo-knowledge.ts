import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../functions/app/context.ts';
import type { KnowledgeContext } from '../../functions/app/knowledge/context.ts';
import { importEntries } from '../../functions/app/knowledge/import-entries.ts';
import { shanghaiDateOf, shiftLocalDate } from '../../functions/domain/calendar/index.ts';
import type { EntryContent } from '../../functions/domain/knowledge/index.ts';

interface DemoEntry extends Omit<EntryContent, 'reviewBy' | 'localizes'> {
  unitId: string;
  /** The title of the city entry a district entry localizes. */
  localizes?: string;
}

const LOADER = { id: 'demo-loader', role: 'admin' };

/**
 * The demo knowledge base (demo-knowledge.json: about fifty entries written for the Hefei demo
 * directory's units), published as checked, each due for review a year from the clock's today.
 * District entries that localize a city entry are loaded after it, to name it by id.
 */
export async function loadDemoKnowledge(rt: AppContext, kb: KnowledgeContext): Promise<number> {
  const demo: DemoEntry[] = JSON.parse(
    readFileSync(join(import.meta.dirname, 'demo-knowledge.json'), 'utf8'),
  );
  const reviewBy = shiftLocalDate(shanghaiDateOf(rt.now()), 365);
  const item = ({ unitId, localizes: _, ...content }: DemoEntry, localizes?: string) => ({
    unitId,
    content: { ...content, reviewBy, localizes },
  });
  const first = await importEntries(
    rt,
    kb,
    demo.filter((e) => !e.localizes).map((e) => item(e)),
    {
      publish: true,
      actor: LOADER,
    },
  );
  const idOf = new Map(first.map((e) => [e.versions[0]?.content.title, e.id]));
  const local = demo.filter((e) => e.localizes);
  await importEntries(
    rt,
    kb,
    local.map((e) => item(e, idOf.get(e.localizes ?? ''))),
    { publish: true, actor: LOADER },
  );
  return first.length + local.length;
}
