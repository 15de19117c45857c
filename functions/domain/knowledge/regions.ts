/** A region and the regions above it, nearest first: where an entry found for it may come from (AH:30). */
export function regionChain(
  regions: readonly { id: string; parentId?: string | undefined }[],
  id: string,
): string[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let r = byId.get(id); r && !seen.has(r.id); r = r.parentId ? byId.get(r.parentId) : undefined) {
    seen.add(r.id);
    chain.push(r.id);
  }
  return chain.length ? chain : [id];
}
