import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleCsp } from '../../infra/cdk/console-hosting.ts';
import { exampleConfig, only, resources, type Synthesized, synthesize, testConfig } from './support/synth.ts';

let s: Synthesized;
let console: Template;
let china: Template;
let chinaOutdir: string;
let chinaApi: Stack;
beforeAll(() => {
  // cdk-nag and CloudFormation's resource checks run in synthesize: an unacknowledged finding fails here.
  s = synthesize(
    testConfig('anhui', {
      region: 'eu-west-1',
      staffAuth: { type: 'cognito' },
      customDomain: undefined,
      consoleDomain: undefined,
    }),
  );
  console = Template.fromStack(s.stacks.console);
  const chinaApp = synthesize(exampleConfig('anhui'));
  china = Template.fromStack(chinaApp.stacks.console);
  chinaApi = chinaApp.stacks.api;
  chinaOutdir = chinaApp.outdir;
});

type Props = Record<string, unknown>;

describe('Console hosting stack', () => {
  it('keeps the console files in a private, encrypted bucket that only its distribution reads (OAC)', () => {
    // Prepare
    const [bucketId] =
      resources(console, 'AWS::S3::Bucket').find(
        ([, b]) => (b.Properties as Props).VersioningConfiguration,
      ) ?? [];
    const [oacId] = resources(console, 'AWS::CloudFront::OriginAccessControl')[0] ?? [];
    // Act
    const bucket = console.findResources('AWS::S3::Bucket')[bucketId ?? ''];
    const policies = resources(console, 'AWS::S3::BucketPolicy').map(([, p]) => JSON.stringify(p.Properties));
    const distribution = resources(console, 'AWS::CloudFront::Distribution')[0]?.[1].Properties as Props;
    // Assess
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: expect.anything(),
    });
    expect(oacId).toBeDefined();
    const s3Origin = (distribution.DistributionConfig as { Origins: Props[] }).Origins.find(
      (o) => o.S3OriginConfig,
    );
    expect(s3Origin?.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(policies.some((p) => p.includes('cloudfront.amazonaws.com') && p.includes('AWS:SourceArn'))).toBe(
      true,
    );
    expect(policies.some((p) => p.includes('aws:SecureTransport'))).toBe(true);
  });

  it('reads the bucket through an origin access identity in the China regions, which have no OAC', () => {
    expect(resources(china, 'AWS::CloudFront::OriginAccessControl')).toEqual([]);
    expect(resources(china, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toHaveLength(1);
    china.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it('serves the API under the same origin at /v1/*, uncached, with the viewer’s headers but Host', () => {
    const [, distribution] = resources(console, 'AWS::CloudFront::Distribution')[0] ?? [];
    const config = ((distribution?.Properties ?? {}) as Props).DistributionConfig as {
      CacheBehaviors: Props[];
      DefaultCacheBehavior: Props;
      Logging?: Props;
    };
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/v1/*');
    expect(api).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
      ViewerProtocolPolicy: 'https-only',
    });
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.Logging).toBeDefined();
  });

  it('reaches the API through its own domain when it has one (its execute-api endpoint is switched off)', () => {
    // Prepare
    const apiOriginOf = (template: Template) => {
      const [, distribution] = only(template, 'AWS::CloudFront::Distribution');
      const config = (distribution.Properties as Props).DistributionConfig as {
        CacheBehaviors: Props[];
        Origins: Props[];
      };
      const behaviour = config.CacheBehaviors.find((b) => b.PathPattern === '/v1/*');
      return config.Origins.find((o) => o.Id === behaviour?.TargetOriginId);
    };
    // Act
    const viaDomain = apiOriginOf(china);
    const viaExecuteApi = apiOriginOf(console);
    // Assess: anhui's example config has customDomain api.12345.anhui.example.gov.cn, base path ''
    expect(viaDomain).toMatchObject({
      DomainName: 'api.12345.anhui.example.gov.cn',
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    });
    expect(viaDomain?.OriginPath).toBeUndefined();
    expect(JSON.stringify(viaExecuteApi?.DomainName)).toContain('execute-api');
    expect(JSON.stringify(viaExecuteApi?.OriginPath)).toContain('/');
  });

  it('keeps the exports an earlier Console stack imported, so that upgrading it does not fail "export in use"', () => {
    // Prepare: the names an execute-api origin imported from Hotline-anhui-prod-Api (API id, stage)
    const exported = Object.values(Template.fromStack(chinaApi).findOutputs('*'))
      .map((o) => (o.Export as { Name?: string } | undefined)?.Name ?? '')
      .filter((name) => name.startsWith('Hotline-anhui-prod-Api:ExportsOutputRef'));
    // Assess
    expect(exported).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Hotline-anhui-prod-Api:ExportsOutputRefApi[0-9A-F]{8}[0-9A-F]{8}$/),
        expect.stringMatching(/^Hotline-anhui-prod-Api:ExportsOutputRefApiDeploymentStageprod/),
      ]),
    );
    expect(JSON.stringify(china.toJSON())).not.toContain('Fn::ImportValue');
  });

  it('answers with security headers: CSP for its own origin and its identity provider, HSTS, no framing, no sniffing', () => {
    china.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: {
            ContentSecurityPolicy: consoleCsp('https://id.anhui.example.gov.cn'),
            Override: true,
          },
          StrictTransportSecurity: {
            AccessControlMaxAgeSec: 31_536_000,
            IncludeSubdomains: true,
            Override: true,
          },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'same-origin', Override: true },
        },
      },
    });
    expect(consoleCsp('https://id.example')).toContain("connect-src 'self' https://id.example;");
    const cognitoCsp = JSON.stringify(resources(console, 'AWS::CloudFront::ResponseHeadersPolicy')[0]);
    expect(cognitoCsp).toContain('.auth.eu-west-1.amazoncognito.com');
  });

  it("signs staff in with the user pool's hosted sign-in: a public client, code flow, back to the console", () => {
    // Prepare
    const [, client] = only(console, 'AWS::Cognito::UserPoolClient');
    const [, distribution] = only(console, 'AWS::CloudFront::Distribution');
    const [distributionId] = only(console, 'AWS::CloudFront::Distribution');
    // Assess
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(client.Properties.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:role', 'custom:unitId']),
    );
    expect(client.Properties.CallbackURLs).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, '/']] },
    ]);
    expect(distribution).toBeDefined();
    console.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: { 'Fn::Join': ['', ['hotline-anhui-prod-', { Ref: 'AWS::AccountId' }]] },
    });
  });

  it("tells the console in config.json to sign in with the province's OIDC provider (the staff desk's client)", () => {
    // Prepare: Source.jsonData without deploy-time values is staged as a plain file
    const file = readdirSync(chinaOutdir, { recursive: true, encoding: 'utf8' }).find((f) =>
      f.endsWith('config.json'),
    );
    // Act
    const config = JSON.parse(readFileSync(join(chinaOutdir, file ?? 'missing'), 'utf8'));
    // Assess
    expect(config).toEqual({
      mode: 'aws',
      signIn: {
        issuer: 'https://id.anhui.example.gov.cn/realms/hotline',
        clientId: 'hotline-staff-desk',
        scope: 'openid profile',
        roleClaim: 'hotline_role',
        unitClaim: 'hotline_unit',
      },
    });
    expect(resources(china, 'AWS::Cognito::UserPoolClient')).toEqual([]);
  });

  it('deploys the console build under console/ and invalidates it on the distribution', () => {
    console.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'console/',
      DistributionPaths: ['/console/*'],
    });
  });

  it("serves the console on its own ICP-filed name in China, with the IAM certificate, and names the CNAME's target", () => {
    // Prepare
    const withDomain = china; // anhui's example config: console.12345.anhui.example.gov.cn
    // Assess
    const [, distribution] = only(withDomain, 'AWS::CloudFront::Distribution');
    expect(
      (distribution.Properties as Record<string, Record<string, unknown>>).DistributionConfig,
    ).toMatchObject({
      Aliases: ['console.12345.anhui.example.gov.cn'],
      ViewerCertificate: {
        IamCertificateId: 'ASCAQ7WZHAHMZQUTREPLE',
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      },
    });
    withDomain.hasOutput('ConsoleUrl', { Value: 'https://console.12345.anhui.example.gov.cn/' });
    withDomain.hasOutput('ConsoleDomainTarget', {});
  });
});
