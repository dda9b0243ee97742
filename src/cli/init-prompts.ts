import type { Attendant, Sender } from '../casefile/schema.js';
import type { CaseFileAnswers } from '../report/casefile-template.js';

/**
 * The questions `casepack init` asks on a terminal, behind an interface so
 * tests script the answers: the CLI passes @inquirer/prompts' `input` and
 * `confirm`, whose `validate` re-asks until it returns true.
 */
export interface InitAsk {
  input(question: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
  /** A line of explanation between questions. */
  say(text: string): void;
}

export interface InitDefaults {
  /** The patient as the scan saw it (DICOM headers), offered as the default answer. */
  patient?: { name?: string; birthDate?: string; id?: string };
  /** The sender of the user config, offered field by field. */
  sender?: Sender;
  /** Where the user config lives, to name it when offering to save the sender there. */
  userConfigPath: string;
}

export interface InitResult {
  answers: CaseFileAnswers;
  /** The sender to save in the user config for the next case (the person said yes). */
  saveSender?: Sender;
}

/** A real calendar date, YYYY-MM-DD, not in the future: `true` or what is wrong, in words. */
export function checkBirthDate(value: string, today: Date): true | string {
  const text = value.trim();
  if (text === '') return true;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return 'Write the date as YYYY-MM-DD, for example 1960-02-29 (or leave it empty).';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return `${text} is not a date in the calendar.`;
  if (year < 1900 || text > today.toISOString().slice(0, 10)) return `${text} cannot be a date of birth.`;
  return true;
}

const trimmed = (value: string): string | undefined => (value.trim() === '' ? undefined : value.trim());

/** Keys whose value is undefined are left out, so the YAML carries only what was answered. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

async function askPatient(ask: InitAsk, known: InitDefaults['patient'], today: Date): Promise<CaseFileAnswers['patient']> {
  ask.say('The patient, as written in the passport.');
  const name = trimmed(await ask.input({ message: 'Patient\'s full name:', ...(known?.name ? { default: known.name } : {}) }));
  const birthDate = trimmed(await ask.input({ message: 'Date of birth (YYYY-MM-DD):', ...(known?.birthDate ? { default: known.birthDate } : {}), validate: (v) => checkBirthDate(v, today) }));
  const id = trimmed(await ask.input({ message: 'Hospital or patient number (optional):', ...(known?.id ? { default: known.id } : {}) }));
  return defined({ name, birthDate, id });
}

/** One question or more; none is allowed, but only after the person is told why one matters. */
async function askQuestions(ask: InitAsk): Promise<string[]> {
  ask.say('The question(s) the second opinion should answer, one at a time; an empty answer ends the list.');
  const questions: string[] = [];
  let reminded = false;
  for (;;) {
    const question = trimmed(await ask.input({ message: `Question ${questions.length + 1} for the reviewer:` }));
    if (question) { questions.push(question); continue; }
    if (questions.length > 0 || reminded) return questions;
    reminded = true;
    ask.say('A reviewer answers best what is asked, e.g. "Is the tumour resectable after chemotherapy?". Please give at least one (or press Enter again to skip).');
  }
}

async function askSender(ask: InitAsk, defaults: InitDefaults): Promise<{ sender?: Sender; saveSender?: Sender }> {
  const known = defaults.sender;
  ask.say(known ? `Who sends the packet (from ${defaults.userConfigPath}; Enter keeps each value).` : 'Who sends the packet: the cover letter and the request letters are signed with it.');
  const field = async (message: string, value: string | undefined): Promise<string | undefined> => trimmed(await ask.input({ message, ...(value ? { default: value } : {}) }));
  const name = await field('Sender\'s name (empty: none yet):', known?.name);
  if (!name) return {};
  const sender: Sender = defined({
    name,
    role: await field('Sender\'s role (e.g. "Daughter of the patient"):', known?.role),
    organisation: await field('Organisation (optional):', known?.organisation),
    email: await field('Email:', known?.email),
    phone: await field('Phone:', known?.phone),
    ...(known?.address ? { address: known.address } : {}),
    ...(known?.signature ? { signature: known.signature } : {}),
  });
  // The same sender as the user config's needs no copy in the case: a new phone number set there then reaches every case.
  if (known && JSON.stringify(known) === JSON.stringify(sender)) return {};
  const save = await ask.confirm({ message: `Save this sender in ${defaults.userConfigPath} for your next cases?`, default: !known });
  return save ? { saveSender: sender } : { sender };
}

async function askAttendants(ask: InitAsk): Promise<Attendant[]> {
  if (!await ask.confirm({ message: 'Does anyone travel with the patient (their passport copies are then asked for)?', default: false })) return [];
  const attendants: Attendant[] = [];
  for (;;) {
    const name = trimmed(await ask.input({ message: `Travelling companion ${attendants.length + 1}, full name (empty: no more):` }));
    if (!name) return attendants;
    const relation = trimmed(await ask.input({ message: `${name}'s relation to the patient (e.g. son):` }));
    attendants.push(defined({ name, relation }));
  }
}

/** Every question, in the order a family has the answers at hand; what was left empty is left out. */
export async function askForCaseFile(ask: InitAsk, defaults: InitDefaults, today: Date): Promise<InitResult> {
  const patient = await askPatient(ask, defaults.patient, today);
  const diagnosis = trimmed(await ask.input({ message: 'Diagnosis (e.g. "Pancreatic adenocarcinoma, head of pancreas"):' }));
  const questions = await askQuestions(ask);
  const { sender, saveSender } = await askSender(ask, defaults);
  const attendants = await askAttendants(ask);
  const answers: CaseFileAnswers = defined({
    patient: patient && Object.keys(patient).length > 0 ? patient : undefined,
    diagnosis,
    questions: questions.length > 0 ? questions : undefined,
    sender,
    attendants: attendants.length > 0 ? attendants : undefined,
  });
  return { answers, ...(saveSender ? { saveSender } : {}) };
}
