import { describe, expect, it } from 'vitest';
import { segment } from '../../../functions/adapters/knowledge-search/chinese-segmenter.ts';
import {
  type IndexedEntry,
  KnowledgeIndex,
} from '../../../functions/adapters/knowledge-search/knowledge-index.ts';

const entry = (id: string, overrides: Partial<IndexedEntry> = {}): IndexedEntry => ({
  id,
  version: 1,
  title: '住房公积金提取',
  questions: ['公积金怎么取出来', '租房可以提取公积金吗'],
  answer: '租房自住、离退休等情形可申请提取住房公积金。',
  category: 'housing-fund',
  regionId: 'hefei',
  unitId: 'hf-housing',
  public: true,
  ...overrides,
});

describe('Chinese word segmentation (jieba, search mode)', () => {
  it('cuts words, not characters, and the shorter words inside long ones', () => {
    expect(segment('住房公积金怎么提取')).toEqual(['住房', '公积', '积金', '公积金', '提取']);
  });

  it('drops stop words and punctuation, folds full-width letters and case', () => {
    expect(segment('请问，ＡＰＰ在哪里下载？')).toEqual(['app', '下载']);
  });
});

describe('Class: KnowledgeIndex', () => {
  it('finds an entry by a question phrased another way', () => {
    const index = KnowledgeIndex.build([
      entry('a'),
      entry('b', { title: '居住证申领', questions: ['居住证怎么办'], answer: '到派出所办理。' }),
    ]);
    expect(index.search('租房子能不能把公积金取出来')[0]?.id).toBe('a');
  });

  it('weighs the title and the questions above the answer', () => {
    const index = KnowledgeIndex.build([
      entry('in-answer', {
        title: '离职手续',
        questions: ['离职要办什么'],
        answer: '离职后可办理失业登记。',
      }),
      entry('in-title', {
        title: '失业登记',
        questions: ['丢了工作怎么办'],
        answer: '携带身份证到人社窗口。',
      }),
    ]);
    expect(index.search('失业登记').map((h) => h.id)).toEqual(['in-title', 'in-answer']);
  });

  it('AH:30 searches a region and the regions above it, the nearest first, and filters by category', () => {
    // Prepare
    const index = KnowledgeIndex.build([
      entry('city', { regionId: 'hefei' }),
      entry('district', { regionId: 'baohe' }),
      entry('elsewhere', { regionId: 'wuhu' }),
      entry('other-category', { regionId: 'baohe', category: 'housing' }),
    ]);

    // Act
    const hits = index.search('公积金提取', {
      regionChain: ['baohe', 'hefei', 'anhui'],
      category: 'housing-fund',
    });

    // Assess
    expect(hits.map((h) => h.id)).toEqual(['district', 'city']);
    expect(index.search('公积金提取').map((h) => h.id)).toContain('elsewhere');
  });

  it('AH:30 a district entry that localizes the city entry replaces it in the district only', () => {
    const index = KnowledgeIndex.build([
      entry('city', { regionId: 'hefei' }),
      entry('district', { regionId: 'baohe', localizes: 'city' }),
    ]);
    expect(index.search('公积金提取', { regionChain: ['baohe', 'hefei'] }).map((h) => h.id)).toEqual([
      'district',
    ]);
    expect(index.search('公积金提取', { regionChain: ['shushan', 'hefei'] }).map((h) => h.id)).toEqual([
      'city',
    ]);
    index.remove('district');
    expect(index.search('公积金提取', { regionChain: ['baohe', 'hefei'] }).map((h) => h.id)).toEqual([
      'city',
    ]);
  });

  it('AH:31 the public search sees public entries only', () => {
    const index = KnowledgeIndex.build([entry('public'), entry('internal', { public: false })]);
    expect(index.search('公积金', { publicOnly: true }).map((h) => h.id)).toEqual(['public']);
    expect(
      index
        .search('公积金')
        .map((h) => h.id)
        .sort(),
    ).toEqual(['internal', 'public']);
  });

  it('replaces an entry on a new version, forgets a removed one, and survives serialization', () => {
    // Prepare
    const index = KnowledgeIndex.build([
      entry('a'),
      entry('b', { title: '居住证申领', questions: ['居住证'] }),
    ]);
    index.upsert(entry('a', { version: 2, title: '公积金提取新规' }));
    index.remove('b');
    index.remove('never-there');

    // Act
    const copy = KnowledgeIndex.deserialize(index.serialize());

    // Assess
    expect(copy.size).toBe(1);
    expect(copy.has('a')).toBe(true);
    expect(copy.search('公积金')[0]).toMatchObject({ id: 'a', version: 2, title: '公积金提取新规' });
    expect(copy.search('居住证')).toEqual([]);
    expect(() => KnowledgeIndex.deserialize('{"format":"other"}')).toThrow(/format/);
  });

  it('leaves out words most entries have when the query has rarer ones', () => {
    const common = Array.from({ length: 40 }, (_, i) =>
      entry(`c${i}`, { title: `事项${i}办理`, questions: ['怎么办理'], answer: '可以办理。' }),
    );
    const index = KnowledgeIndex.build([
      ...common,
      entry('target', { title: '护照办理', questions: ['护照怎么办理'] }),
    ]);
    expect(index.search('护照办理')[0]?.id).toBe('target');
    expect(index.search('办理').length).toBeGreaterThan(0);
  });
});
