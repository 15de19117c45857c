import { describe, expect, it } from 'vitest';
import { jsonFile, run } from './run.ts';

const FROM = '2026-09-30T15:00:00+08:00';
const deadline = (...args: string[]) => ['calendar', 'deadline', ...args];
const anhui = (...args: string[]) => deadline('--policy', 'anhui-2021', '--type', 'consultation', ...args);
const pds = (...args: string[]) =>
  deadline('--policy', 'pingdingshan-2022', '--type', 'help', '--from', FROM, ...args);
const addDays = (from: string, days: string) => [
  'calendar',
  'add-working-days',
  '--from',
  from,
  '--days',
  days,
];

describe('bad arguments: one line on stderr naming the problem, exit 2', () => {
  it.each([
    ['unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['option instead of a command', ['--verbose'], /unknown option --verbose/],
    ['unknown policy command', ['policy', 'delete'], /unknown command 'policy delete'/],
    ['missing policy command', ['policy'], /missing policy command/],
    ['unknown calendar command', ['calendar', 'now'], /unknown command 'calendar now'/],
    ['missing calendar command', ['calendar'], /missing calendar command/],
    ['unknown preset', ['policy', 'show', 'beijing'], /NAME: unknown policy "beijing"; known: anhui-2021/],
    ['show without NAME', ['policy', 'show'], /missing NAME/],
    ['validate without FILE', ['policy', 'validate'], /missing FILE/],
    [
      'unreadable policy file',
      ['policy', 'validate', '/no/such/policy.json'],
      /FILE: cannot read .*no such file/,
    ],
    ['missing --policy', deadline('--type', 'consultation', '--from', FROM), /--policy is required/],
    [
      'unknown --policy',
      deadline('--policy', 'nowhere', '--type', 'help', '--from', FROM),
      /--policy: unknown policy "nowhere"/,
    ],
    ['missing --type', deadline('--policy', 'anhui-2021', '--from', FROM), /--type is required/],
    [
      'unknown --type',
      deadline('--policy', 'anhui-2021', '--type', 'praise', '--from', FROM),
      /--type: unknown request type "praise"/,
    ],
    ['missing --from', anhui(), /--from is required/],
    ['--from without a value', anhui('--from'), /--from needs a value/],
    [
      '--from followed by a flag',
      deadline('--policy', 'anhui-2021', '--from', '--type', 'help'),
      /--from needs a value/,
    ],
    ['--from without an offset', anhui('--from', '2026-09-30T15:00:00'), /--from: .*no UTC offset/],
    ['--from not a date', anhui('--from', 'yesterday'), /--from: invalid instant "yesterday"/],
    ['--from out of range', anhui('--from', '2026-02-30T15:00:00+08:00'), /--from: invalid instant/],
    [
      '--from beyond the calendar',
      anhui('--from', '2100-01-04T09:00:00+08:00'),
      /--from must fall in 1901–2099/,
    ],
    ['--from given twice', anhui('--from', FROM, '--from', FROM), /--from is given more than once/],
    [
      'missing --class where classes are required',
      pds(),
      /--class is required by pingdingshan-2022 \(one of A, B, C, D\)/,
    ],
    ['unknown --class', pds('--class', 'E'), /--class: unknown class "E"/],
    [
      '--class where there are none',
      anhui('--from', FROM, '--class', 'A'),
      /--class: unknown class "A" for anhui-2021; known: none/,
    ],
    ['unknown --channel', pds('--class', 'A', '--channel', 'pigeon'), /--channel: "pigeon" is not a channel/],
    [
      'unknown option',
      anhui('--from', FROM, '--urgent'),
      /unknown option --urgent for 'hotline calendar deadline'/,
    ],
    ['unknown short option', anhui('--from', FROM, '-x'), /unknown option -x/],
    ['switch given a value', anhui('--from', FROM, '--help=yes'), /--help takes no value/],
    ['missing --from date', ['calendar', 'add-working-days', '--days', '3'], /--from is required/],
    ['missing --days', ['calendar', 'add-working-days', '--from', '2026-09-30'], /--days is required/],
    [
      'bad --from date',
      addDays('2026-02-30', '3'),
      /--from must be a date written YYYY-MM-DD, not "2026-02-30"/,
    ],
    ['--from date with a time', addDays('2026-09-30T10:00', '3'), /--from must be a date/],
    ['--from date out of range', addDays('1850-01-01', '3'), /--from must fall in 1901–2099/],
    ['negative --days', addDays('2026-09-30', '-1'), /--days must be a whole number ≥ 0, not "-1"/],
    ['fractional --days', addDays('2026-09-30', '1.5'), /--days must be a whole number ≥ 0, not "1.5"/],
    ['--days not a number', addDays('2026-09-30', 'ten'), /--days must be a whole number ≥ 0, not "ten"/],
    [
      '--days past the calendar',
      addDays('2026-09-30', '100000'),
      /--days: no provisional schedule can be computed/,
    ],
    ['non-integer year', ['calendar', 'check', '2027.5'], /YEAR must be a whole year .*not "2027.5"/],
    ['year not a number', ['calendar', 'check', 'next'], /YEAR must be a whole year/],
    ['year out of range', ['calendar', 'check', '1850'], /YEAR must fall in 1901–2099, not "1850"/],
    ['missing YEAR', ['calendar', 'check'], /missing YEAR: usage is hotline calendar check YEAR/],
    ['extra argument', ['calendar', 'check', '2027', '2028'], /unexpected argument "2028"/],
    ['missing schedule file', ['calendar', 'load', '/no/such/2027.json'], /FILE: cannot read/],
  ])('%s', async (_name, argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^hotline: [^\n]+\n$/);
    expect(stderr).toMatch(message);
    expect(stderr).toContain("see 'hotline help'");
  });

  it('a folder given as FILE is a bad argument too', async () => {
    const dir = jsonFile('x.json', '{}').replace(/x\.json$/, '');
    const { code, stderr } = await run(['calendar', 'load', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/FILE: cannot read .* \(is a folder\)/);
  });
});

describe('help', () => {
  it.each([
    [[]],
    [['help']],
    [['--help']],
    [['-h']],
    [['calendar', '--help']],
    [['policy', '-h']],
    [['calendar', 'deadline', '--help']],
    [['calendar', 'check', '--help']],
    [['policy', 'show', '-h']],
    [['directory', '--help']],
    [['directory', 'import', '--help']],
  ])('%j prints the usage', async (argv) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: hotline <command>/);
    for (const command of [
      'policy list',
      'policy show',
      'policy validate',
      'calendar deadline',
      'calendar add-working-days',
      'calendar check',
      'calendar load',
      'directory import',
    ]) {
      expect(stdout).toContain(`hotline ${command}`);
    }
  });
});
