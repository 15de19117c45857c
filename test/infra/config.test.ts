import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../functions/domain/policy/index.ts';
import { ConfigError, loadConfig } from '../../infra/cdk/config.ts';
import { effectivePolicy, mergeOverrides, PolicyOverrideError } from '../../infra/cdk/policy.ts';
import { EXAMPLE_CONFIGS, testConfig } from './support/synth.ts';

describe('Deployment config', () => {
  it.each(EXAMPLE_CONFIGS)('example %s is valid and names an existing preset', (name) => {
    // Act
    const config = loadConfig(`infra/config/${name}.json`);

    // Assess
    expect(config.deployment).toBe(name);
    expect(config.effectivePolicy.id).toBe(config.policy.preset);
    expect(config.channels.length).toBeGreaterThan(0);
  });

  it('refuses an unknown preset, listing the known ones', () => {
    expect(() => testConfig('anhui', { policy: { preset: 'nowhere-2030' } })).toThrow(
      /policy\.preset: unknown preset; known: anhui-2021/,
    );
  });

  it("refuses a channel key for a channel the policy does not have (tianning-2013 has no 'wechat')", () => {
    const channels = [
      {
        id: 'wechat',
        name: 'WeChat',
        channels: ['wechat' as const],
        throttle: { rateLimit: 1, burstLimit: 1 },
        quota: { limit: 10, period: 'DAY' as const },
      },
    ] as const;
    expect(() => testConfig('tianning', { channels: [...channels] as never })).toThrow(
      /channels\.0\.channels\.0: "wechat" is not a channel of policy tianning-2013/,
    );
  });

  it('refuses Cognito in a China region, where user pools are not offered', () => {
    expect(() => testConfig('anhui', { staffAuth: { type: 'cognito' } })).toThrow(
      /staffAuth: Cognito user pools are not offered in cn-north-1/,
    );
  });

  it('traces with X-Ray by default outside the China regions only, and refuses tracing in them', () => {
    expect(testConfig('jinzhou', {}).tracing).toBe(false);
    expect(testConfig('jinzhou', { region: 'eu-west-1' }).tracing).toBe(true);
    expect(testConfig('jinzhou', { region: 'eu-west-1', tracing: false }).tracing).toBe(false);
    expect(() => testConfig('anhui', { tracing: true })).toThrow(
      /tracing: X-Ray integration with Lambda is not offered in cn-north-1/,
    );
  });

  it('refuses a custom domain whose certificate is in another region than the API', () => {
    expect(() =>
      testConfig('anhui', {
        customDomain: {
          domainName: 'api.example.gov.cn',
          certificateArn:
            'arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/0b5c1f52-7e0a-4c1e-9d2b-3f4a5b6c7d8e',
        },
      }),
    ).toThrow(/customDomain\.certificateArn: a regional API's certificate must be in ACM of cn-north-1/);
  });

  it("asks the console's own domain for the certificate CloudFront takes where it is deployed", () => {
    const domain = { domainName: 'console.12345.anhui.gov.cn' };
    expect(() => testConfig('anhui', { consoleDomain: domain })).toThrow(
      /consoleDomain\.iamCertificateId: CloudFront in cn-north-1 takes a certificate uploaded to IAM/,
    );
    expect(() =>
      testConfig('anhui', {
        consoleDomain: {
          ...domain,
          certificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/0b5c1f52-7e0a-4c1e-9d2b-3f4a5b6c7d8e',
        },
      }),
    ).toThrow(/consoleDomain\.certificateArn: CloudFront in cn-north-1 has no ACM/);
    expect(
      testConfig('anhui', { consoleDomain: { ...domain, iamCertificateId: 'ASCAQ7WZHAHMZQUTREPLE' } })
        .consoleDomain,
    ).toEqual({ ...domain, iamCertificateId: 'ASCAQ7WZHAHMZQUTREPLE' });
  });

  it('refuses WAF limits that would block a channel below its own usage plan throttle', () => {
    // anhui's agent desk may send 50/s: 15,000 in WAF's 5-minute window
    expect(() =>
      testConfig('anhui', { api: { waf: { channelPerKey: 10_000, credentialedPerIp: 12_000 } } }),
    ).toThrow(/api\.waf\.channelPerKey: 10000 is below[\s\S]*api\.waf\.credentialedPerIp: 12000 is below/);
    expect(testConfig('anhui', {}).waf.channelPerKey).toBe(22_500);
  });

  it('refuses duplicate channel ids, a plain-http origin and a bad alarm email', () => {
    let error: unknown;
    try {
      testConfig('tianning', {
        channels: [
          {
            id: 'a',
            name: 'A',
            channels: ['web'],
            throttle: { rateLimit: 1, burstLimit: 1 },
            quota: { limit: 1, period: 'DAY' },
          },
          {
            id: 'a',
            name: 'A again',
            channels: ['web'],
            throttle: { rateLimit: 1, burstLimit: 1 },
            quota: { limit: 1, period: 'DAY' },
          },
        ],
        webOrigins: ['http://portal.example'],
        alarmEmail: 'nobody',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/channels: channel ids must be unique/);
    expect(issues).toMatch(/webOrigins\.0/);
    expect(issues).toMatch(/alarmEmail/);
  });

  it('refuses a calendar year that has no schedule file, and says how to load one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-calendar-'));
    expect(() => testConfig('anhui', { calendarYears: [2031] }, dir)).toThrow(
      /calendarYears: no schedule 2031\.json .*npx hotline calendar load/,
    );
  });

  it('accepts a stored year schedule and lists its file for bundling', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'hotline-calendar-'));
    writeFileSync(
      join(dir, '2031.json'),
      JSON.stringify({ year: 2031, holidays: ['2031-01-01'], workdays: [] }),
    );

    // Act
    const config = testConfig('anhui', { calendarYears: [2031] }, dir);

    // Assess
    expect(config.calendarFiles).toEqual([join(dir, '2031.json')]);
  });

  it('refuses a stored schedule that is not valid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-calendar-'));
    writeFileSync(join(dir, '2031.json'), JSON.stringify({ year: 2032, holidays: [], workdays: [] }));
    expect(() => testConfig('anhui', { calendarYears: [2031] }, dir)).toThrow(/2031\.json/);
  });

  it('names the file and the problem when a config file is not JSON or missing', () => {
    expect(() => loadConfig('infra/config/nowhere.json')).toThrow(/no such file/);
    expect(() => loadConfig('package-lock.json')).toThrow(ConfigError);
  });
});

/** A version above the anhui preset's, as overrides need. */
const NEXT = (PRESETS['anhui-2021']?.version ?? 0) + 1;

describe('Policy overrides', () => {
  it('merges objects field by field and replaces arrays and values', () => {
    expect(mergeOverrides({ a: { b: 1, c: 2 }, d: [1, 2] }, { a: { c: 3 }, d: [9] })).toEqual({
      a: { b: 1, c: 3 },
      d: [9],
    });
  });

  it('without overrides runs the preset unchanged', () => {
    expect(effectivePolicy('anhui-2021')).toEqual(PRESETS['anhui-2021']);
  });

  it('applies overrides that raise the version and validates the result', () => {
    // Act
    const policy = effectivePolicy('anhui-2021', { version: NEXT, supervision: { repeatCount: 4 } });

    // Assess
    expect(policy.version).toBe(NEXT);
    expect(policy.supervision.repeatCount).toBe(4);
    expect(policy.supervision.concentrationCount).toBe(
      effectivePolicy('anhui-2021').supervision.concentrationCount,
    );
  });

  it('refuses overrides that keep the version (deadlines record the version that made them)', () => {
    expect(() => effectivePolicy('anhui-2021', { supervision: { repeatCount: 4 } })).toThrow(
      PolicyOverrideError,
    );
    expect(() =>
      effectivePolicy('anhui-2021', { version: NEXT - 1, supervision: { repeatCount: 4 } }),
    ).toThrow(`raise the version above the preset's ${NEXT - 1}`);
  });

  it('refuses overrides that change the id or contradict the schema', () => {
    expect(() => effectivePolicy('anhui-2021', { id: 'mine', version: NEXT })).toThrow(/policy id stays/);
    expect(() => effectivePolicy('anhui-2021', { version: NEXT, callback: { attempts: 0 } })).toThrow(
      PolicyOverrideError,
    );
  });

  it('reports override problems as config issues under policy.overrides', () => {
    expect(() =>
      testConfig('anhui', {
        policy: { preset: 'anhui-2021', overrides: { supervision: { repeatCount: 4 } } },
      }),
    ).toThrow(/policy\.overrides\.version/);
  });
});
