import { describe, expect, it } from 'vitest';
import { PRESETS, presetPolicy } from '../../../functions/domain/policy/index.ts';
import { jsonFile, run } from './run.ts';

describe('hotline policy', () => {
  it('list prints id, name and regulation of every preset, one per line', async () => {
    const { code, stdout, stderr } = await run(['policy', 'list']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(Object.keys(PRESETS).length);
    const anhui = presetPolicy('anhui-2021');
    expect(lines[0]).toMatch(/^anhui-2021 +\S/);
    expect(lines[0]).toContain(anhui.name);
    expect(lines[0]).toContain(anhui.regulation);
    for (const id of Object.keys(PRESETS)) expect(stdout).toContain(id);
  });

  it('show prints the preset as JSON', async () => {
    const result = await run(['policy', 'show', 'pingdingshan-2022']);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual(presetPolicy('pingdingshan-2022'));
    expect(result.stdout).toContain('\n  "id": "pingdingshan-2022"');
  });

  it('validate prints "valid" for a valid policy file', async () => {
    const file = jsonFile('policy.json', presetPolicy('anhui-2021'));
    const { code, stdout } = await run(['policy', 'validate', file]);
    expect(code).toBe(0);
    expect(stdout).toBe('valid\n');
  });

  it('validate prints each problem as "path: message" and exits 1', async () => {
    const policy = structuredClone(presetPolicy('anhui-2021')) as Record<string, unknown>;
    delete policy.name;
    policy.handling = [{ when: { types: ['consultation'] }, limit: { workingDays: 3 }, basis: 'AH:17' }];
    const broken = jsonFile('policy.json', policy);
    const missingName = await run(['policy', 'validate', broken]);
    expect(missingName.code).toBe(1);
    expect(missingName.stdout).toMatch(/^name: .+$/m);

    const noCatchAll = jsonFile('policy.json', { ...presetPolicy('anhui-2021'), handling: policy.handling });
    const contradiction = await run(['policy', 'validate', noCatchAll]);
    expect(contradiction.code).toBe(1);
    expect(contradiction.stdout).toBe(
      'handling.0: the last handling rule must match every ticket (an empty "when")\n',
    );
  });

  it('validate reports a file that is not JSON and exits 1', async () => {
    const { code, stdout } = await run(['policy', 'validate', jsonFile('policy.json', '{ nope')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\(root\): not JSON: /);
  });
});
