import { describe, expect, it } from 'vitest';
import { CachedDirectoryLookup } from '../../../functions/app/directory-lookup.ts';
import type { DirectoryEntry, DirectoryKind } from '../../../functions/domain/directory/index.ts';
import { MemoryDirectory } from '../../support/memory-ports.ts';

const MINUTE = 60_000;

/** The memory directory, listing each get it answers as `kind#id`. */
class CountingDirectory extends MemoryDirectory {
  readonly gets: string[] = [];

  override async get<K extends DirectoryKind>(kind: K, id: string): Promise<DirectoryEntry<K> | undefined> {
    this.gets.push(`${kind}#${id}`);
    return super.get(kind, id);
  }
}

/** A directory of one region, one unit and one category, and a clock the test moves. */
function directory() {
  const store = new CountingDirectory()
    .seed('region', { id: 'shushan', name: '蜀山区', level: 'county' })
    .seed('unit', { id: 'ss-urban', name: '蜀山区城市管理局', level: 'county', regionId: 'shushan' })
    .seed('catalogue', { id: 'noise', name: '噪声', unitId: 'ss-urban', level: 'county' });
  const clock = { at: Date.parse('2026-11-02T02:00:00.000Z') };
  return { store, clock, now: () => clock.at };
}

describe('Class: CachedDirectoryLookup', () => {
  describe('Method: lookup', () => {
    it('answers the ids found and keeps them for maxAgeMs, then reads them again', async () => {
      // Prepare
      const { store, clock, now } = directory();
      const lookup = new CachedDirectoryLookup(store, now, MINUTE);
      const named = { units: ['ss-urban'], categories: ['noise'], regions: ['shushan'] };

      // Act
      const first = await lookup.lookup(named);
      const readFirst = [...store.gets];
      clock.at += MINUTE;
      const kept = await lookup.lookup(named);
      const readKept = store.gets.length;
      clock.at += 1;
      const again = await lookup.lookup(named);

      // Assess
      expect(readFirst.sort()).toEqual(['catalogue#noise', 'region#shushan', 'unit#ss-urban']);
      for (const view of [first, kept, again]) {
        expect(view.unitLevel('ss-urban')).toBe('county');
        expect(view.hasCategory('noise')).toBe(true);
        expect(view.hasRegion('shushan')).toBe(true);
      }
      expect(readKept).toBe(3);
      expect(store.gets).toHaveLength(6);
      expect(store.gets.slice(3).sort()).toEqual(['catalogue#noise', 'region#shushan', 'unit#ss-urban']);
    });

    it('does not keep an id that is not found: each lookup reads it again, and an entry added meanwhile is found', async () => {
      // Prepare
      const { store, now } = directory();
      const lookup = new CachedDirectoryLookup(store, now);

      // Act
      const before = await lookup.lookup({ categories: ['parks'] });
      const stillUnknown = await lookup.lookup({ categories: ['parks'] });
      await store.put('catalogue', { id: 'parks', name: '公园', unitId: 'ss-urban', level: 'county' });
      const after = await lookup.lookup({ categories: ['parks'] });

      // Assess
      expect(before.hasCategory('parks')).toBe(false);
      expect(stillUnknown.hasCategory('parks')).toBe(false);
      expect(after.hasCategory('parks')).toBe(true);
      expect(store.gets).toEqual(['catalogue#parks', 'catalogue#parks', 'catalogue#parks']);
    });

    it('two lookups of the same id at once share one read', async () => {
      // Prepare
      const { store, now } = directory();
      const lookup = new CachedDirectoryLookup(store, now);

      // Act
      const [one, other] = await Promise.all([
        lookup.lookup({ units: ['ss-urban'] }),
        lookup.lookup({ units: ['ss-urban'], regions: ['shushan'] }),
      ]);

      // Assess
      expect(one.unitLevel('ss-urban')).toBe('county');
      expect(other.unitLevel('ss-urban')).toBe('county');
      expect(other.hasRegion('shushan')).toBe(true);
      expect(store.gets.filter((get) => get === 'unit#ss-urban')).toHaveLength(1);
      expect(store.gets).toHaveLength(2);
    });

    it("a unit's level comes through unitLevel, and an unknown unit has none", async () => {
      // Prepare
      const { store, now } = directory();
      store.seed('unit', {
        id: 'ss-sanlian',
        name: '三里庵街道办事处',
        level: 'township',
        parentId: 'ss-urban',
      });
      const lookup = new CachedDirectoryLookup(store, now);

      // Act
      const view = await lookup.lookup({ units: ['ss-urban', 'ss-sanlian', 'ss-nowhere'] });

      // Assess
      expect(view.unitLevel('ss-urban')).toBe('county');
      expect(view.unitLevel('ss-sanlian')).toBe('township');
      expect(view.unitLevel('ss-nowhere')).toBeUndefined();
    });

    it('an id answers only for its kind: a region id asked as a category is unknown', async () => {
      // Prepare
      const { store, now } = directory();
      const lookup = new CachedDirectoryLookup(store, now);

      // Act
      const view = await lookup.lookup({ categories: ['shushan'], regions: ['shushan'], units: ['noise'] });

      // Assess
      expect(view.hasCategory('shushan')).toBe(false);
      expect(view.hasRegion('shushan')).toBe(true);
      expect(view.unitLevel('noise')).toBeUndefined();
      expect(view.hasCategory('noise')).toBe(false);
      expect(store.gets.sort()).toEqual(['catalogue#shushan', 'region#shushan', 'unit#noise']);
    });
  });
});
