/** The text of `hotline help`. */
export const USAGE = `Usage: hotline <command> [options]

Policies
  hotline policy list                   id, name and regulation of each preset
  hotline policy show NAME              a preset as JSON
  hotline policy validate FILE          check a policy JSON file; prints "valid" or one
                                        "path: message" line per problem (exit 1)

Calendar (Asia/Shanghai; with the operator schedules stored in $HOTLINE_CALENDAR_DIR,
default infra/calendar/)
  hotline calendar deadline --policy NAME --type TYPE [--class CLASS]
                            [--channel CHANNEL] --from INSTANT
                                        handling deadline of a ticket received at INSTANT
                                        (ISO 8601 with offset, e.g. 2026-09-30T15:00:00+08:00),
                                        under the policy: the clock to meet first as deadline (with
                                        kind and basis), every clock in clocks; --channel defaults to phone
  hotline calendar add-working-days --from YYYY-MM-DD --days N
                                        the N-th working day after a date (N = 0: the date)
  hotline calendar check YEAR           where YEAR's schedule comes from:
                                        official, operator or provisional
  hotline calendar load FILE            validate an operator year schedule and store it;
                                        then list its year in calendarYears and deploy: the
                                        deployment recounts the provisional tickets by itself
  hotline calendar recount -c config=FILE [--start | --redrive] [--watch] [--every SECONDS]
                                        the deployment's recount of open tickets whose deadlines
                                        were provisional: the latest run and its progress (pages,
                                        tickets listed, recomputed, unchanged, still provisional);
                                        --start starts one, --redrive resumes a failed one from
                                        its failed page, --watch follows it until it ends (every
                                        10 s by default); exit 1 when it did not succeed

Local runtime (npm start)
  hotline local clock [--url URL]       the virtual clock of the running local runtime
  hotline local clock advance DURATION [--url URL]
                                        move it forward (90m, 4h, 3d, 1d12h) so that reminders,
                                        deadlines, escalations and callbacks fall due; --url
                                        defaults to http://127.0.0.1:$PORT (3000)

Directory (regions, units, catalogue, channels)
  hotline directory import FILE [--kind KIND] [--table NAME] [--endpoint URL]
                                        store the entries of a JSON file
                                        ({"region": [...], "unit": [...], ...}) or of a CSV
                                        file of one KIND (region, unit, catalogue or channel;
                                        required for CSV); regions first, then units, catalogue,
                                        channels; prints added/changed/unchanged/refused per
                                        kind and each refused entry (exit 1 if any); --table
                                        defaults to hotline, --endpoint to $DYNAMODB_ENDPOINT,
                                        else the AWS account of the default AWS configuration

Knowledge base (the local runtime of npm start, or a deployment with --url and --token)
  hotline kb import FILE [--publish] [--skip-bad] [--url URL] [--token TOKEN]
                                        bring in entries from CSV or XLSX (header row: title,
                                        questions, answer, category, unit, region, public, basis
                                        [, reviewBy, localizes]; questions and basis split by |);
                                        every row is checked first and each bad one named by line
                                        and column: nothing is imported then unless --skip-bad;
                                        --publish publishes rows checked elsewhere, else they are
                                        drafts of their units; a progress bar on stderr
  hotline kb export [--out FILE.csv|FILE.xlsx] [--url URL] [--token TOKEN]
                                        the published entries, in the import file's columns
                                        (CSV on stdout without --out)
  hotline kb search "QUERY" [--region R] [--category C] [--limit N] [--url URL] [--token TOKEN]
                                        the top hits as JSON: {"hits":[{"id","title","score"}]}
                                        --url defaults to $HOTLINE_API_URL, else
                                        http://127.0.0.1:$PORT (3000); --token to $HOTLINE_TOKEN,
                                        else the local runtime's own admin token

Assessment
  hotline assess sanctions --policy NAME --scores FILE
                                        run the policy's sanctions ladder over monthly scores
                                        ({"months":[{"month":"2026-01","groups":{"county":
                                        {"unitId":92.5}}}],"manualInterviews":[...]}, months
                                        consecutive) and print {"sanctions":[...]}; exit 1 with
                                        one "path: message" line per problem
  hotline assess rebuild [--from MONTH] [--table NAME] [--endpoint URL]
                                        rebuild the units' monthly indicator aggregates from
                                        the stored ticket and knowledge-base events (from
                                        MONTH, YYYY-MM), with a progress bar; prints what it
                                        counted
  hotline assess scores --policy NAME [--month MONTH] [--table NAME] [--endpoint URL]
                                        the month's live scores and ranks per group (default:
                                        this month in Asia/Shanghai), from the aggregates
  hotline assess close --policy NAME --month MONTH [--table NAME] [--endpoint URL]
                                        run the monthly close of MONTH by hand (frozen scores
                                        stay frozen) and print its bulletin

Deployment (AWS CDK, infra/cdk)
  hotline deployment check -c config=FILE [--offline]
                                        validate a deployment config, print its effective
                                        policy (id, version, SHA-256, JSON) and what differs
                                        from the policy deployed for its deployment and stage
                                        (SSM, in the config's region, default AWS credentials);
                                        exit 1 when a value changes under the same version
  hotline dlq list -c config=FILE       the deployment's dead-letter queues: messages, and
                                        the function their events go to again
  hotline dlq redrive -c config=FILE [--queue NAME] [--table NAME]
                                        invoke that function's live alias again with each
                                        message (deleted once Lambda accepts it); with --table,
                                        the Pipe's messages (stream pointers, dead after 24 h)
                                        are replaced by the ticket events the table holds for
                                        their time, put on the bus again (one Scan); without
                                        it they are left in place and named

Reports
  hotline report weekly|monthly|yearly --period PERIOD [--out DIR] [--url URL] [--token TOKEN]
                                        generate the weekly analysis (2026-W50), monthly
                                        bulletin (2026-11) or yearly summary (2026) from the
                                        aggregates through the API; with --out write its
                                        JSON, CSV and HTML there, else print the JSON

  hotline help, hotline --help          this text

Calendar commands print one JSON object; "provisional": true means the answer relies on a year
with neither an official nor an operator schedule.
Exit codes: 0 done, 1 invalid file or other failure, 2 bad arguments.
`;
