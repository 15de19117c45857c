import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { loadWithLazyPostings } from '../../../functions/adapters/knowledge-search/lazy-postings.ts';

const OPTIONS = { fields: ['title', 'body'], tokenize: (text: string) => text.split(' ') };
const DOCS = [
  { id: 'a', title: '公积金 提取', body: '租房 提取 公积金 公积金' },
  { id: 'b', title: '居住证 申领', body: '派出所 办理 居住证' },
  { id: 'c', title: '公积金 贷款', body: '贷款 额度 公积金' },
  { id: 'd', title: '失业 登记', body: '人社 窗口 失业 登记 提取' },
];
const QUERIES = ['公积金', '提取', '居住证 办理', '失业 公积金 贷款', '没有 的 词'];

/** A stored index with a discarded entry, whose postings linger until MiniSearch cleans them. */
function stored() {
  const engine = new MiniSearch(OPTIONS);
  engine.addAll(DOCS);
  engine.discard('c');
  return JSON.parse(JSON.stringify(engine));
}

describe('Loading an index with lazy postings', () => {
  it('answers every query exactly as MiniSearch.loadJS does, scores and all', () => {
    // Prepare
    const eager = MiniSearch.loadJS(stored(), OPTIONS);
    const lazy = loadWithLazyPostings(stored(), OPTIONS);

    // Act and Assess
    for (const query of QUERIES) {
      expect(lazy.search(query), query).toEqual(eager.search(query));
    }
    expect(lazy.search('公积金').map((r) => r.id)).toEqual(['a']);
    expect(lazy.termCount).toBe(eager.termCount);
  });

  it('takes changes after loading as MiniSearch.loadJS does', async () => {
    // Prepare
    const eager = MiniSearch.loadJS(stored(), OPTIONS);
    const lazy = loadWithLazyPostings(stored(), OPTIONS);

    // Act
    for (const engine of [eager, lazy]) {
      engine.add({ id: 'e', title: '公积金 提取 新规', body: '提取' });
      engine.discard('a');
      await engine.vacuum({ batchSize: 10, batchWait: 0 });
    }

    // Assess
    for (const query of QUERIES) expect(lazy.search(query), query).toEqual(eager.search(query));
    expect(lazy.search('公积金').map((r) => r.id)).toEqual(['e']);
  });
});
