import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewItem } from '../../../functions/adapters/knowledge-repository.ts';
import type { KnowledgeContext } from '../../../functions/app/knowledge/context.ts';
import {
  bodyOf,
  expectBadField,
  expectProblem,
  lambdaContext,
  request,
  type StaffClaims,
  staff,
} from './events.ts';
import { contextWithUnits } from './fixtures.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let knowledgeHandler: typeof import('../../../functions/api/knowledge.ts').knowledgeHandler;
let handler: Handler;
let asked: { limit: number; cursor?: string | undefined }[];

const ITEM: ReviewItem = {
  id: '0b6f3c1e-2d4a-4e5f-9a7b-8c9d0e1f2a3b',
  unitId: 'street-a',
  title: '占道经营投诉处理',
  version: 2,
  state: 'submitted',
  submittedAt: '2026-12-15T10:00:00+08:00',
  revision: 5,
};
const CURSOR = `2026-12-15T02:00:00.000Z#${ITEM.id}`;

const review = (claims: StaffClaims, query?: Record<string, string>) =>
  handler(
    request({ method: 'GET', resource: '/v1/knowledge/review', claims, ...(query ? { query } : {}) }),
    lambdaContext('knowledge'),
  );

beforeAll(async () => {
  ({ knowledgeHandler } = await import('../../../functions/api/knowledge.ts'));
});

beforeEach(() => {
  asked = [];
  // The handler's part only: the queue's Query is tested on DynamoDB Local (knowledge-repository).
  const entries = {
    reviewQueue: async (limit: number, cursor?: string) => {
      asked.push({ limit, cursor });
      return { items: [ITEM], cursor: CURSOR };
    },
  };
  handler = knowledgeHandler(contextWithUnits(), { entries } as unknown as KnowledgeContext);
});

describe('Handler: knowledge, GET /v1/knowledge/review', () => {
  it.each(['admin', 'supervisor'])('answers the %s a page of the queue and the next cursor', async (role) => {
    // Act
    const response = await review(staff(role), { limit: '20', cursor: CURSOR });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ items: [ITEM], cursor: CURSOR });
    expect(asked).toEqual([{ limit: 20, cursor: CURSOR }]);
  });

  it('asks for 50 from the start when no page is named', async () => {
    await review(staff('admin'));
    expect(asked).toEqual([{ limit: 50, cursor: undefined }]);
  });

  it.each([
    ['dispatcher', undefined],
    ['auditor', undefined],
    ['unitClerk', 'street-a'],
  ])('refuses the %s, who may not publish (403)', async (role, unit) => {
    const response = await review(staff(role, unit));
    expectProblem(response, 403, 'knowledge.centreOnly');
    expect(asked).toEqual([]);
  });

  it.each([
    ['cursor', { cursor: 'not-a-cursor' }],
    ['limit', { limit: '0' }],
    ['limit', { limit: '101' }],
  ])('refuses a bad %s (400 naming it)', async (field, query) => {
    expectBadField(await review(staff('admin'), query), field);
    expect(asked).toEqual([]);
  });
});
