import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX_OBJECT_KEY } from '../../functions/adapters/knowledge-search/index-store.ts';
import { ROUTES } from '../../functions/api/routes.ts';
import { canonicalJson, policyFingerprint } from '../../infra/cdk/policy.ts';
import {
  KNOWLEDGE_SEARCH_MEMORY_MB,
  STAFF_AUTHORIZER_ENTRY,
  STAFF_PROVIDER_FAILURES_METRIC,
} from '../../infra/cdk/stacks/api-stack.ts';
import { expectGatedRelease } from './support/rollout.ts';
import { exampleConfig, only, resources, type Synthesized, synthesize, testConfig } from './support/synth.ts';

let oidc: Synthesized;
let cognito: Synthesized;

beforeAll(() => {
  oidc = synthesize(exampleConfig('anhui'));
  // Cognito where user pools are offered (outside the China regions).
  cognito = synthesize(
    testConfig('pingdingshan', {
      region: 'ap-east-1',
      staffAuth: { type: 'cognito' },
      sourceMapStackTraces: true,
    }),
  );
});

type Res = { Properties: Record<string, unknown> };
const ref = (v: unknown) => JSON.stringify(v);

/** `METHOD /path` of every method of the API, with the method resource. */
function methodsByRoute(s: Synthesized): Map<string, Res> {
  const api = s.templates.api;
  const paths = new Map<string, string>();
  const parts = new Map(
    resources(api, 'AWS::ApiGateway::Resource').map(([id, r]) => [id, r as unknown as Res]),
  );
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known) return known;
    const r = parts.get(id);
    if (!r) throw new Error(`no resource ${id}`);
    const parent = r.Properties.ParentId as { Ref?: string; 'Fn::GetAtt'?: string[] };
    const base = parent.Ref ? pathOf(parent.Ref) : '';
    const path = `${base}/${r.Properties.PathPart as string}`;
    paths.set(id, path);
    return path;
  };
  const methods = new Map<string, Res>();
  for (const [, m] of resources(api, 'AWS::ApiGateway::Method')) {
    const p = m.Properties as Record<string, unknown>;
    const resourceId = p.ResourceId as { Ref?: string };
    const path = resourceId.Ref ? pathOf(resourceId.Ref) : '/';
    methods.set(`${p.HttpMethod as string} ${path}`, m as unknown as Res);
  }
  return methods;
}

/** The logical id of what a method integrates (its Integration.Uri names it: an alias, by Ref). */
function integratedFunction(method: Res): string {
  const uri = ref((method.Properties.Integration as { Uri: unknown }).Uri);
  const match = /"Ref":"(\w+)"/.exec(uri) ?? /"Fn::GetAtt":\["(\w+)","Arn"\]/.exec(uri);
  if (!match?.[1]) throw new Error(`no function in ${uri}`);
  return match[1];
}

describe('API stack', () => {
  it('has one function per handler file: arm64, nodejs24.x, own encrypted log group; no X-Ray in a China region', () => {
    // Prepare
    const handlers = [...new Set(ROUTES.map((r) => r.handler))];

    const authorizer = oidc.stacks.api.authorizerFunction;
    const authorizerId =
      authorizer && oidc.stacks.api.getLogicalId(authorizer.node.defaultChild as CfnElement);

    // Act: the handlers' functions (the staff token authorizer is checked on its own below)
    const functions = resources(oidc.templates.api, 'AWS::Lambda::Function').filter(
      ([id]) => id !== authorizerId,
    );

    // Assess
    expect(authorizerId).toBeDefined();
    expect(functions).toHaveLength(handlers.length);
    for (const [, fn] of functions) {
      expect(fn.Properties.TracingConfig).toBeUndefined();
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        KmsKeyArn: expect.anything(),
        LoggingConfig: { LogGroup: expect.anything() },
        Environment: {
          Variables: expect.objectContaining({
            POLICY_ID: 'anhui-2021',
            HOTLINE_CALENDAR_DIR: '/var/task/calendar',
            POWERTOOLS_METRICS_NAMESPACE: 'Hotline',
            POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
            POWERTOOLS_TRACE_ENABLED: 'false',
            CORS_ALLOWED_ORIGINS: 'https://12345.anhui.example.gov.cn,https://app.anhui.example.gov.cn',
          }),
        },
      });
    }
    for (const handler of handlers) {
      expect(oidc.stacks.api.functions[handler].node.id).toBe(`Api-${handler}`);
    }
  });

  it('maps stack traces to the source only where the config asks (it costs every cold start)', () => {
    const nodeOptions = (s: Synthesized) =>
      resources(s.templates.api, 'AWS::Lambda::Function').map(
        ([, fn]) =>
          (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables
            .NODE_OPTIONS,
      );
    expect(new Set(nodeOptions(oidc))).toEqual(new Set([undefined]));
    expect(new Set(nodeOptions(cognito))).toEqual(new Set(['--enable-source-maps']));
  });

  it('runs every handler and the token authorizer behind its live alias, released by CodeDeploy behind a gate alarm', () => {
    // Prepare
    const authorizer = oidc.stacks.api.authorizerFunction;
    if (!authorizer) throw new Error('no authorizer function');

    // Assess: anhui releases by canary (the default); the authorizer answers a bad token by failing,
    // so its gate is the provider failures, not its errors
    for (const fn of Object.values(oidc.stacks.api.functions)) {
      expectGatedRelease(oidc.templates.api, fn, 'CodeDeployDefault.LambdaCanary10Percent5Minutes');
    }
    expectGatedRelease(oidc.templates.api, authorizer, 'CodeDeployDefault.LambdaCanary10Percent5Minutes', {
      Namespace: 'Hotline',
      MetricName: STAFF_PROVIDER_FAILURES_METRIC,
    });
  });

  it('lets the reports handler keep reports in the report bucket (REPORT_BUCKET), and no other handler', () => {
    // Prepare
    const id = (c: { node: { defaultChild?: unknown } }) =>
      oidc.stacks.api.getLogicalId(c.node.defaultChild as CfnElement);
    const functions = resources(oidc.templates.api, 'AWS::Lambda::Function');
    const policies = resources(oidc.templates.api, 'AWS::IAM::Policy');
    const reports = oidc.stacks.api.functions.reports;

    // Act
    const withBucket = functions
      .filter(([, fn]) => ref(fn.Properties.Environment).includes('REPORT_BUCKET'))
      .map(([fnId]) => fnId);
    const reportsPolicy = policies.filter(([, p]) =>
      ref(p.Properties.Roles).includes(ref({ Ref: id(reports.role as never) })),
    );

    // Assess
    expect(withBucket).toEqual([id(reports)]);
    const [, fn] = functions.find(([fnId]) => fnId === id(reports)) ?? [];
    expect(ref(fn?.Properties.Environment)).toContain(
      '"REPORT_BUCKET":{"Fn::ImportValue":"Hotline-anhui-prod-Data-ReportBucketName"}',
    );
    expect(ref(reportsPolicy)).toContain('"s3:PutObject"');
  });

  it('lets the two searches read the knowledge index object (KNOWLEDGE_INDEX_BUCKET) and nothing else of it; no other handler', () => {
    // Prepare
    const id = (c: { node: { defaultChild?: unknown } }) =>
      oidc.stacks.api.getLogicalId(c.node.defaultChild as CfnElement);
    const functions = resources(oidc.templates.api, 'AWS::Lambda::Function');
    const searches = [oidc.stacks.api.functions.search, oidc.stacks.api.functions.selfservice];

    // Act
    const withIndex = functions
      .filter(([, fn]) => ref(fn.Properties.Environment).includes('KNOWLEDGE_INDEX_BUCKET'))
      .map(([fnId]) => fnId);

    // Assess
    expect(withIndex.sort()).toEqual(searches.map(id).sort());
    for (const search of searches) {
      const [, fn] = functions.find(([fnId]) => fnId === id(search)) ?? [];
      expect(fn?.Properties.MemorySize).toBe(KNOWLEDGE_SEARCH_MEMORY_MB);
      expect(ref(fn?.Properties.Environment)).toContain(
        '"KNOWLEDGE_INDEX_BUCKET":{"Fn::ImportValue":"Hotline-anhui-prod-Data-KnowledgeIndexBucketName"}',
      );
      const statements = resources(oidc.templates.api, 'AWS::IAM::Policy')
        .filter(([, p]) => ref(p.Properties.Roles).includes(ref({ Ref: id(search.role as never) })))
        .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement);
      expect(statements.filter((st) => ref(st.Action).includes('s3:'))).toEqual([
        expect.objectContaining({
          Action: 's3:GetObject',
          Resource: {
            'Fn::Join': [
              '',
              [
                { 'Fn::ImportValue': 'Hotline-anhui-prod-Data-KnowledgeIndexBucketArn' },
                `/${INDEX_OBJECT_KEY}`,
              ],
            ],
          },
        }),
        expect.objectContaining({
          Action: 's3:ListBucket',
          Resource: { 'Fn::ImportValue': 'Hotline-anhui-prod-Data-KnowledgeIndexBucketArn' },
        }),
      ]);
    }
  });

  it('routes every path of functions/api/routes.ts to its handler with its authorization', () => {
    // Act
    const methods = methodsByRoute(cognito);

    // Assess
    for (const route of ROUTES) {
      const method = methods.get(`${route.method} ${route.path}`);
      expect(method, `${route.method} ${route.path}`).toBeDefined();
      if (!method) continue;
      const fn = cognito.stacks.api.functions[route.handler];
      // The live alias: a release moves it, a rollback moves it back.
      expect(integratedFunction(method)).toBe(
        cognito.stacks.api.getLogicalId(fn.live.node.defaultChild as CfnElement),
      );
      const p = method.Properties;
      if (route.auth === 'staff') {
        expect(p.AuthorizationType, route.path).toBe('COGNITO_USER_POOLS');
        expect(p.AuthorizerId).toBeDefined();
      } else {
        expect(p.AuthorizationType, route.path).toBe('NONE');
      }
      expect(Boolean(p.ApiKeyRequired), route.path).toBe(route.auth === 'channelKey');
      expect(p.RequestValidatorId).toBeDefined();
      for (const param of route.path.matchAll(/\{(\w+)\}/g)) {
        expect(p.RequestParameters).toMatchObject({ [`method.request.path.${param[1]}`]: true });
      }
    }
  });

  it('answers 405 naming the allowed methods for a method a path does not have (RFC 9110 §15.5.6)', () => {
    // Prepare
    const methods = methodsByRoute(oidc);
    const allowed = new Map<string, string[]>();
    for (const r of ROUTES) allowed.set(r.path, [...(allowed.get(r.path) ?? []), r.method]);

    // Assess: every path has an ANY answered by API Gateway itself, with Allow and a problem body
    for (const [path, own] of allowed) {
      const any = methods.get(`ANY ${path}`)?.Properties as
        | { Integration: { Type: string; IntegrationResponses: Record<string, unknown>[] } }
        | undefined;
      expect(any, `ANY ${path}`).toBeDefined();
      expect(any?.Integration.Type).toBe('MOCK');
      const [answer = {}] = any?.Integration.IntegrationResponses ?? [];
      expect(answer).toMatchObject({
        StatusCode: '405',
        ResponseParameters: { 'method.response.header.Allow': `'${[...new Set(own)].join(', ')}'` },
      });
      expect(answer.SelectionPattern, 'the default answer, whatever the content type').toBeUndefined();
      const templates = answer.ResponseTemplates as Record<string, string>;
      const problem = JSON.parse(templates['application/json'] ?? '');
      expect(problem).toMatchObject({ status: 405, rule: 'request.methodNotAllowed' });
    }
  });

  it('validates that intake and directory bodies are JSON objects before calling the handler', () => {
    const methods = methodsByRoute(oidc);
    for (const key of ['POST /v1/tickets', 'PUT /v1/directory/{kind}/{id}']) {
      expect(methods.get(key)?.Properties.RequestModels, key).toEqual({
        'application/json': expect.anything(),
      });
    }
    oidc.templates.api.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('gives every channel its own API key and usage plan with its throttle and quota', () => {
    // Prepare
    const { channels } = oidc.config;

    // Act
    const plans = resources(oidc.templates.api, 'AWS::ApiGateway::UsagePlan');
    const keys = resources(oidc.templates.api, 'AWS::ApiGateway::ApiKey');

    // Assess
    expect(plans).toHaveLength(channels.length);
    expect(keys).toHaveLength(channels.length);
    expect(resources(oidc.templates.api, 'AWS::ApiGateway::UsagePlanKey')).toHaveLength(channels.length);
    for (const channel of channels) {
      oidc.templates.api.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
        UsagePlanName: `hotline-anhui-prod-${channel.id}`,
        Throttle: { RateLimit: channel.throttle.rateLimit, BurstLimit: channel.throttle.burstLimit },
        Quota: { Limit: channel.quota.limit, Period: channel.quota.period },
        ApiStages: [Match.objectLike({ Stage: Match.anyValue() })],
      });
      oidc.templates.api.hasOutput(`ChannelKeyId${channel.id.replace(/-/g, '')}`, Match.anyValue());
    }
  });

  it('limits by the kind of caller: channels by key, staff by token, the public by IP with room for NAT', () => {
    // Prepare: the busiest channel of anhui (the agent desk, 50/s) over WAF's 5-minute window
    const busiest = Math.max(...oidc.config.channels.map((c) => c.throttle.rateLimit)) * 300;
    const [, acl] = only(oidc.templates.api, 'AWS::WAFv2::WebACL');
    const rules = acl.Properties.Rules as {
      Name: string;
      Action?: unknown;
      Statement: { RateBasedStatement?: Record<string, unknown> };
    }[];
    const rate = (name: string) => {
      const rule = rules.find((r) => r.Name === name);
      if (!rule?.Statement.RateBasedStatement) throw new Error(`no rate rule ${name}`);
      expect(rule.Action).toEqual({ Block: {} });
      return rule.Statement.RateBasedStatement;
    };
    const credentialed = {
      OrStatement: {
        Statements: ['x-api-key', 'authorization'].map((h) => ({
          SizeConstraintStatement: expect.objectContaining({ FieldToMatch: { SingleHeader: { Name: h } } }),
        })),
      },
    };

    // Assess: the public's per-IP rule never counts a request that carries a key or a token
    expect(rate('PublicPerIp')).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: 3000,
      ScopeDownStatement: { NotStatement: { Statement: credentialed } },
    });
    expect(rate('ProgressLookupsPerIp')).toMatchObject({ AggregateKeyType: 'IP', Limit: 1000 });
    expect(rate('ChannelPerKey')).toMatchObject({
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ Header: expect.objectContaining({ Name: 'x-api-key' }) }],
    });
    expect(rate('ChannelPerKey').Limit).toBeGreaterThanOrEqual(busiest);
    expect(rate('StaffPerToken')).toMatchObject({
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ Header: expect.objectContaining({ Name: 'authorization' }) }],
    });
    expect(rate('CredentialedPerIp')).toMatchObject({
      AggregateKeyType: 'IP',
      ScopeDownStatement: credentialed,
    });
    expect(rate('CredentialedPerIp').Limit).toBeGreaterThanOrEqual(busiest);
    const [, association] = only(oidc.templates.api, 'AWS::WAFv2::WebACLAssociation');
    const stageId = resources(oidc.templates.api, 'AWS::ApiGateway::Stage')[0]?.[0];
    expect(ref(association.Properties.ResourceArn)).toContain(`/stages/`);
    expect(ref(association.Properties.ResourceArn)).toContain(`{"Ref":"${stageId}"}`);
    expect(ref(association.Properties.WebACLArn)).toContain('WebAcl');
  });

  it('traces with X-Ray outside the China regions only (config "tracing"), functions and stage alike', () => {
    const tracing = (s: Synthesized) => ({
      stage: only(s.templates.api, 'AWS::ApiGateway::Stage')[1].Properties.TracingEnabled,
      functions: [
        ...new Set(
          resources(s.templates.api, 'AWS::Lambda::Function').map(
            ([, fn]) => (fn.Properties.TracingConfig as { Mode: string } | undefined)?.Mode ?? 'PassThrough',
          ),
        ),
      ],
    });
    expect(tracing(cognito)).toEqual({ stage: true, functions: ['Active'] });
    expect(tracing(oidc)).toEqual({ stage: false, functions: ['PassThrough'] });
  });

  it("keeps the execution logs encrypted and for the config's retention, in a group made before the stage", () => {
    const [id, group] = resources(oidc.templates.api, 'AWS::Logs::LogGroup').find(([, g]) =>
      String(ref(g.Properties.LogGroupName)).includes('API-Gateway-Execution-Logs_'),
    ) ?? [undefined, undefined];
    if (!id || !group) throw new Error('no execution log group');
    expect(ref(group.Properties.LogGroupName)).toContain('{"Ref":"Api');
    expect(group.Properties).toMatchObject({ RetentionInDays: 365, KmsKeyId: expect.anything() });
    const [, stage] = only(oidc.templates.api, 'AWS::ApiGateway::Stage') as [
      string,
      { DependsOn?: string[] },
    ];
    expect(stage.DependsOn).toContain(id);
  });

  it('writes access logs to an encrypted log group and keeps bodies out of execution logs', () => {
    const [, stage] = only(oidc.templates.api, 'AWS::ApiGateway::Stage');
    expect(stage.Properties).toMatchObject({
      StageName: 'prod',
      AccessLogSetting: { DestinationArn: expect.anything(), Format: expect.stringMatching('apiKeyId') },
      MethodSettings: [
        expect.objectContaining({
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
        }),
      ],
    });
    const destination = ref(stage.Properties.AccessLogSetting);
    const [[logGroupId]] = resources(oidc.templates.api, 'AWS::Logs::LogGroup').filter(([id]) =>
      destination.includes(id),
    ) as [[string, Res]];
    oidc.templates.api.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: 365 },
    });
    expect(logGroupId).toMatch(/^AccessLogs/);
    oidc.templates.api.hasResourceProperties('AWS::ApiGateway::Account', {
      CloudWatchRoleArn: Match.anyValue(),
    });
  });

  it('answers gateway refusals as application/problem+json with a rule', () => {
    for (const [type, status] of [
      ['UNAUTHORIZED', '401'],
      ['THROTTLED', '429'],
      ['QUOTA_EXCEEDED', '429'],
      ['BAD_REQUEST_BODY', '400'],
      ['WAF_FILTERED', '403'],
      ['MISSING_AUTHENTICATION_TOKEN', '404'],
    ] as const) {
      oidc.templates.api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: type,
        StatusCode: status,
        ResponseParameters: Match.objectLike({
          'gatewayresponse.header.Content-Type': "'application/problem+json'",
        }),
        ResponseTemplates: { 'application/json': Match.stringLikeRegexp(`"status":${status}`) },
      });
    }
    oidc.templates.api.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'DEFAULT_5XX',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('server\\.error') },
    });
  });

  it("serves the API on the config's custom domain only, with its certificate and TLS 1.2", () => {
    // Prepare: anhui has a custom domain, the Cognito test config none
    const domain = oidc.config.customDomain;
    if (!domain) throw new Error('anhui has no customDomain');

    // Assess
    oidc.templates.api.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: domain.domainName,
      RegionalCertificateArn: domain.certificateArn,
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
    oidc.templates.api.resourceCountIs('AWS::ApiGateway::BasePathMapping', 1);
    oidc.templates.api.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    oidc.templates.api.hasOutput('CustomDomainTarget', Match.anyValue());
    oidc.templates.api.hasOutput('ApiUrl', { Value: `https://${domain.domainName}/` });
    cognito.templates.api.resourceCountIs('AWS::ApiGateway::DomainName', 0);
    cognito.templates.api.hasResourceProperties('AWS::ApiGateway::RestApi', {
      DisableExecuteApiEndpoint: false,
    });
  });

  it('records the policy it runs: SSM for deployment check, outputs, and its digest in every function', () => {
    // Prepare
    const fingerprint = policyFingerprint(oidc.config.effectivePolicy);

    // Assess
    oidc.templates.api.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/hotline/anhui/prod/effective-policy',
      Value: canonicalJson(oidc.config.effectivePolicy),
    });
    oidc.templates.api.hasOutput('PolicyVersion', { Value: `anhui-2021 v${fingerprint.version}` });
    oidc.templates.api.hasOutput('PolicySha256', { Value: fingerprint.sha256 });
    for (const [id, fn] of resources(oidc.templates.api, 'AWS::Lambda::Function')) {
      expect(
        (fn.Properties.Environment as { Variables: Record<string, string> }).Variables,
        id,
      ).toMatchObject({
        POLICY_VERSION: String(fingerprint.version),
        POLICY_SHA256: fingerprint.sha256,
      });
    }
  });

  it('lets the browser read gateway refusals (401, WAF 403, 429) when there are several origins', () => {
    // anhui has two web origins; a refusal holds no data, so any origin may read it
    expect(oidc.config.webOrigins).toHaveLength(2);
    const responses = resources(oidc.templates.api, 'AWS::ApiGateway::GatewayResponse');
    expect(responses.length).toBeGreaterThan(10);
    for (const [id, r] of responses) {
      expect(
        (r.Properties.ResponseParameters as Record<string, string>)[
          'gatewayresponse.header.Access-Control-Allow-Origin'
        ],
        id,
      ).toBe("'*'");
    }
  });

  it('answers CORS preflights for the configured origins only', () => {
    const preflights = resources(oidc.templates.api, 'AWS::ApiGateway::Method').filter(
      ([, m]) => (m.Properties as { HttpMethod: string }).HttpMethod === 'OPTIONS',
    );
    expect(preflights.length).toBeGreaterThan(0);
    for (const [, m] of preflights) {
      const text = ref(m.Properties);
      expect(text).toContain('https://12345.anhui.example.gov.cn');
      expect(text).toContain('https://app.anhui.example.gov.cn');
      expect(text).not.toContain("'*'");
    }
  });

  describe('staff sign-in with Cognito', () => {
    it('declares custom:role and custom:unitId, requires TOTP MFA and admin-created accounts', () => {
      cognito.templates.api.hasResourceProperties('AWS::Cognito::UserPool', {
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'role', AttributeDataType: 'String', Mutable: true }),
          Match.objectLike({ Name: 'unitId', AttributeDataType: 'String', Mutable: true }),
        ]),
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
        DeletionProtection: 'ACTIVE',
      });
    });

    it('keeps the role in custom:role alone, with no Cognito group that could disagree with it', () => {
      cognito.templates.api.resourceCountIs('AWS::Cognito::UserPoolGroup', 0);
    });

    it("logs the staff member (the token's sub) of every request", () => {
      const [, stage] = only(cognito.templates.api, 'AWS::ApiGateway::Stage');
      const format = JSON.parse((stage.Properties.AccessLogSetting as { Format: string }).Format);
      expect(format.staffSub).toBe('$context.authorizer.claims.sub');
    });

    it('lets staff read but never write their role and unit', () => {
      cognito.templates.api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ReadAttributes: Match.arrayWith(['custom:role', 'custom:unitId']),
        WriteAttributes: Match.not(Match.arrayWith(['custom:role'])),
        GenerateSecret: false,
      });
      cognito.templates.api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        WriteAttributes: Match.not(Match.arrayWith(['custom:unitId'])),
      });
    });
  });

  describe('staff sign-in with an OIDC provider (China regions)', () => {
    it('logs the staff member the token authorizer verified (its flat context), not an empty claim', () => {
      const [, stage] = only(oidc.templates.api, 'AWS::ApiGateway::Stage');
      const format = JSON.parse((stage.Properties.AccessLogSetting as { Format: string }).Format);
      expect(format.staffSub).toBe('$context.authorizer.sub');
    });

    it(`verifies staff tokens with the staff-authorizer function (${STAFF_AUTHORIZER_ENTRY})`, () => {
      // Prepare
      const fn = oidc.stacks.api.authorizerFunction;
      if (!fn) throw new Error('no authorizer function');
      const aliasId = oidc.stacks.api.getLogicalId(fn.live.node.defaultChild as CfnElement);
      const { staffAuth } = oidc.config;
      if (staffAuth.type !== 'oidc') throw new Error('not an OIDC config');

      // Act
      const methods = methodsByRoute(oidc);
      const [authorizerId, authorizer] = only(oidc.templates.api, 'AWS::ApiGateway::Authorizer');

      // Assess
      expect(authorizer.Properties).toMatchObject({
        Type: 'TOKEN',
        IdentitySource: 'method.request.header.Authorization',
        AuthorizerResultTtlInSeconds: 300,
      });
      expect(ref(authorizer.Properties.AuthorizerUri)).toContain(`{"Ref":"${aliasId}"}`);
      for (const route of ROUTES.filter((r) => r.auth === 'staff')) {
        expect(methods.get(`${route.method} ${route.path}`)?.Properties).toMatchObject({
          AuthorizationType: 'CUSTOM',
          AuthorizerId: { Ref: authorizerId },
        });
      }
      oidc.templates.api.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            STAFF_TOKEN_ISSUER: staffAuth.issuer,
            STAFF_TOKEN_AUDIENCE: staffAuth.audience,
            STAFF_ROLE_CLAIM: staffAuth.roleClaim,
            STAFF_UNIT_CLAIM: staffAuth.unitClaim,
          }),
        },
      });
      expect(oidc.stacks.skipped).toEqual([]);
    });
  });
});
