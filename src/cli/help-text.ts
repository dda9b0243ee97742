/**
 * What `--help` prints after each command's options: examples to copy and the
 * exit status, all in one module so that the codes read the same everywhere
 * and match the README's table (test/cli/help-text.test.ts holds them to it).
 */

export type HelpTopic = 'casepack' | 'scan' | 'check' | 'build' | 'verify' | 'init' | 'checklists' | 'cache';

const USAGE_LINE = '2    usage or configuration error: a wrong option or value, a missing folder or file, an invalid checklist or casepack.yaml';
const TOOL_LINE = '3    casepack itself failed (an I/O error, a full disk, a bug); set CASEPACK_DEBUG=1 for details';
const INTERRUPTED_LINE = '130  interrupted with Ctrl-C (143: stopped with SIGTERM); nothing half-written is left behind';

interface Help {
  examples: string[];
  status: string[];
}

const HELP: Record<HelpTopic, Help> = {
  casepack: {
    examples: [
      'casepack scan ~/cases/jane                    # what is in the folder',
      'casepack check ~/cases/jane                   # what is missing, and what to ask for',
      'casepack build ~/cases/jane -o jane.zip       # the packet',
      'casepack verify jane.zip                      # on the receiving side',
      'casepack check --help                         # one command\'s options, examples and exit status',
    ],
    status: [
      '0    done, and nothing stands against the case or packet',
      '1    findings of severity error: a required item missing, an unusable file, a packet that fails verification',
      USAGE_LINE,
      TOOL_LINE,
      INTERRUPTED_LINE,
    ],
  },
  scan: {
    examples: [
      'casepack scan ~/cases/jane                     # inventory: studies, slides, documents, findings',
      'casepack scan ~/cases/jane --explain           # why each file got its category and date',
      'casepack scan ~/cases/jane --json > scan.json  # for machines, without the documents\' words or names',
      'casepack scan ~/cases/ana --ocr-lang spa+eng   # scanned reports in Spanish and English',
    ],
    status: [
      '0    scanned; no finding of severity error (warnings and notes may stand)',
      '1    scanned, with findings of severity error: a file that is empty, damaged or cannot be read',
      USAGE_LINE,
      TOOL_LINE,
      INTERRUPTED_LINE,
    ],
  },
  check: {
    examples: [
      'casepack check ~/cases/jane --checklist international-review --report jane.html',
      'casepack check ~/cases/jane --requests ~/jane-requests   # a letter per department',
      'casepack check ~/cases/jane --as-of 2025-11-01           # recency counted from that day',
      'casepack check "cases/*" --json --junit results.xml      # CI: one JSON line per case',
    ],
    status: [
      '0    every case complete: every required item there, no finding of severity error',
      '1    a case is incomplete: a required item missing or a finding of severity error',
      `${USAGE_LINE} (for several cases, the others are still checked)`,
      TOOL_LINE,
      INTERRUPTED_LINE,
      'With several cases the highest of 3, 2, 1 wins; --json gives each case\'s own status.',
    ],
  },
  build: {
    examples: [
      'casepack build ~/cases/jane -o ~/jane-packet.zip',
      'casepack build ~/cases/jane --dry-run                 # every path, merge and bookmark; nothing written',
      'casepack build ~/cases/jane -o p.zip --strict         # no packet while a required item is missing',
      'CASEPACK_PASSWORD=… casepack build ~/cases/jane -o p.zip --encrypt',
    ],
    status: [
      '0    packet written; every required item there and no finding of severity error',
      '1    packet written, but the case is incomplete or has findings of severity error (with --strict: not written)',
      USAGE_LINE + '; the -o path is refused (inside the case, or a file there and no --force)',
      TOOL_LINE + '; also a source file changed while packing (no packet: run again)',
      INTERRUPTED_LINE,
      '--dry-run exits 0 or 1 as the build would, so CI can ask "would this packet be complete?" without writing it.',
    ],
  },
  verify: {
    examples: [
      'casepack verify jane-packet.zip               # entries against the manifest, and jane-packet.zip.sha256 when beside it',
      'casepack verify --expect 3f5a…c9 p.zip        # the SHA-256 the sender gave you',
      'casepack verify --key sender.pub p.zip        # the signature build --sign wrote',
    ],
    status: [
      '0    the packet is intact (and its SHA-256 and signature match, when given or beside it)',
      '1    the packet fails verification: an entry changed, missing or added, or a wrong SHA-256 or signature',
      USAGE_LINE + '; an encrypted packet without its password off a terminal',
      TOOL_LINE,
    ],
  },
  init: {
    examples: [
      'casepack init ~/cases/jane          # asks on a terminal, then writes casepack.yaml',
      'casepack init --yes ~/cases/jane    # no questions: the template, prefilled from a scan',
    ],
    status: [
      '0    casepack.yaml written',
      `${USAGE_LINE}; casepack.yaml is already there (never overwritten); --json (init writes a file and prints no JSON)`,
      TOOL_LINE,
      '130  stopped with Ctrl-C at a question: nothing written',
    ],
  },
  checklists: {
    examples: [
      'casepack checklists                          # the built-in checklists',
      'casepack checklists show pancreatic          # one, with everything it inherits',
      'casepack checklists validate my-list.yaml    # your own: the line and field when invalid',
    ],
    status: [
      '0    listed or shown; validate: the checklist is valid',
      `${USAGE_LINE}; validate: the checklist is invalid (with --json, said on stdout as well)`,
      TOOL_LINE,
    ],
  },
  cache: {
    examples: [
      'casepack cache info      # the OCR cache folder, its documents and bytes',
      'casepack cache clear     # remove it and everything in it',
    ],
    status: ['0    done', USAGE_LINE, TOOL_LINE],
  },
};

/** The text commander prints after a command's options: `.addHelpText('after', helpFor('scan'))`. */
export function helpFor(topic: HelpTopic): string {
  const { examples, status } = HELP[topic];
  return ['', 'Examples:', ...examples.map((e) => `  $ ${e}`), '', 'Exit status:', ...status.map((s) => `  ${s}`), ''].join('\n');
}

/** The codes a command's help documents, for tests that hold the commands to them. */
export function documentedStatuses(topic: HelpTopic): number[] {
  return HELP[topic].status.map((line) => /^(\d+)\s/.exec(line)?.[1]).filter((code): code is string => code !== undefined).map(Number);
}
