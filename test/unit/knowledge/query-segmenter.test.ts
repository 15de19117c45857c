import { describe, expect, it } from 'vitest';
import { segment } from '../../../functions/adapters/knowledge-search/chinese-segmenter.ts';
import {
  segmentQuery,
  type Vocabulary,
} from '../../../functions/adapters/knowledge-search/query-segmenter.ts';

const vocabularyOf = (terms: Iterable<string>): Vocabulary => new Set(terms);

const index = vocabularyOf([
  '住房公积金',
  '住房',
  '公积',
  '积金',
  '公积金',
  '提取',
  '租',
  '房',
  'app',
  '下载',
  'iphone12',
  'ph',
  't恤',
  // A stop word that an older index may hold: still never a query term.
  '怎么',
]);

describe('Query segmentation against the index vocabulary', () => {
  it('finds a long word and the shorter words of the index inside it, as jieba search mode does', () => {
    expect(segmentQuery('住房公积金怎么提取', index).sort()).toEqual(
      ['住房', '住房公积金', '公积', '公积金', '积金', '提取'].sort(),
    );
  });

  it('emits nothing for words the index does not hold', () => {
    expect(segmentQuery('居住证在哪里办', index)).toEqual([]);
  });

  it('keeps a run of Latin letters and digits whole, folded to lower case, never a piece of it', () => {
    expect(segmentQuery('ＡＰＰ在哪里下载？', index)).toEqual(['app', '下载']);
    expect(segmentQuery('iPhone12 保修', index)).toEqual(['iphone12']);
    // Neither iphone12 nor ph inside a longer run.
    expect(segmentQuery('iphone123', index)).toEqual([]);
  });

  it('finds a word that joins a Latin letter and Chinese', () => {
    expect(segmentQuery('买的T恤掉色', index)).toEqual(['t恤']);
  });

  it('drops stop words even when the index holds them', () => {
    expect(segmentQuery('怎么', index)).toEqual([]);
  });

  it('emits a single character only where no longer word of the index covers it', () => {
    expect(segmentQuery('租房', index).sort()).toEqual(['房', '租']);
    expect(segmentQuery('住房', index)).toEqual(['住房']);
  });

  it('does not join words across punctuation or spaces', () => {
    expect(segmentQuery('公积 金', index)).toEqual(['公积']);
  });

  it("holds every jieba word of the query that the entries' jieba words hold", () => {
    // Prepare
    const entries = ['住房公积金提取', '租房可以提取公积金吗', '居住证到派出所办理', '失业登记携带身份证'];
    const vocabulary = vocabularyOf(entries.flatMap((e) => segment(e)));

    for (const query of ['租房子能不能把公积金取出来', '身份证丢了怎么办居住证', '失业了去哪登记']) {
      // Act
      const terms = segmentQuery(query, vocabulary);

      // Assess
      const expected = segment(query).filter((t) => vocabulary.has(t));
      expect(expected.length).toBeGreaterThan(0);
      for (const term of expected) expect(terms, query).toContain(term);
    }
  });
});
