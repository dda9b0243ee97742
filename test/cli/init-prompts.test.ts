import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../src/casefile/load.js';
import { askForCaseFile, checkBirthDate, type InitAsk } from '../../src/cli/init-prompts.js';
import type { ScanResult } from '../../src/model/scan.js';
import { renderCaseFileTemplate } from '../../src/report/casefile-template.js';

const today = new Date('2026-03-01T12:00:00Z');
const emptyScan = { files: [], patients: [] } as unknown as ScanResult;

/**
 * Plays a person at the terminal: answers in order. Like @inquirer/prompts,
 * an answer `validate` refuses is shown its message and the question asked again
 * (the next scripted answer); an empty answer takes the default.
 */
function scripted(answers: (string | boolean)[]): InitAsk & { asked: string[]; refused: string[]; said: string[] } {
  const queue = [...answers];
  const next = (message: string): string | boolean => {
    if (queue.length === 0) throw new Error(`no scripted answer for "${message}"`);
    return queue.shift() as string | boolean;
  };
  const fake = {
    asked: [] as string[], refused: [] as string[], said: [] as string[],
    async input(q: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string> {
      for (;;) {
        fake.asked.push(q.message);
        const raw = String(next(q.message));
        const value = raw === '' ? q.default ?? '' : raw;
        const verdict = q.validate ? q.validate(value) : true;
        if (verdict === true) return value;
        fake.refused.push(verdict);
      }
    },
    async confirm(q: { message: string; default?: boolean }): Promise<boolean> {
      fake.asked.push(q.message);
      return Boolean(next(q.message));
    },
    say(text: string): void { fake.said.push(text); },
  };
  return fake;
}

describe('casepack init on a terminal (scripted answers)', () => {
  it('asks patient, diagnosis, questions, sender and attendants, re-asks a bad date, and writes them live with the comments kept', async () => {
    const ask = scripted([
      'Ayşe Yılmaz', '1961-02-30', '29/02/1960', '1961-02-28', 'H-123',
      'Pancreatic adenocarcinoma: head of pancreas',
      'Is the tumour resectable?', 'Is a second line of chemotherapy advised?', '',
      'Sam Example', 'Son of the patient', '', 'sam@example.org', '+44 20 7946 0000', false,
      true, 'Alex Example', 'son', '',
    ]);
    const { answers, saveSender } = await askForCaseFile(ask, { userConfigPath: '/home/x/.config/casepack/config.yaml' }, today);
    expect(ask.refused).toHaveLength(2);
    expect(saveSender).toBeUndefined();
    const text = renderCaseFileTemplate(emptyScan, { today, answers });
    const parsed = parseCaseFile(text);
    expect(parsed.findings).toEqual([]);
    expect(parsed.caseFile).toMatchObject({
      patient: { name: 'Ayşe Yılmaz', birthDate: '1961-02-28', id: 'H-123' },
      diagnosis: 'Pancreatic adenocarcinoma: head of pancreas',
      questions: ['Is the tumour resectable?', 'Is a second line of chemotherapy advised?'],
      sender: { name: 'Sam Example', role: 'Son of the patient', email: 'sam@example.org', phone: '+44 20 7946 0000' },
      attendants: [{ name: 'Alex Example', relation: 'son' }],
    });
    expect(parsed.caseFile?.sender).not.toHaveProperty('organisation');
    // The explanations stay; the answered keys' examples are replaced, the others remain commented.
    expect(text).toContain('# printed on the packet\'s first page for the reviewer\nquestions:');
    expect(text).not.toContain('# diagnosis: "Pancreatic adenocarcinoma, head of pancreas"');
    expect(text).toContain('# treatments:');
    expect(text).toContain('# casepack.yaml: what the files cannot say.');
  });

  it('offers the user config\'s sender, keeps it out of the case when unchanged, and nudges once for a question', async () => {
    const sender = { name: 'Sam Example', role: 'Care coordinator', email: 'sam@example.org' };
    const ask = scripted(['', '', '', '', '', '', '', '', '', '', '', false]);
    const result = await askForCaseFile(ask, { patient: { name: 'TEST PERSON', birthDate: '1960-02-14' }, sender, userConfigPath: '/c.yaml' }, today);
    expect(result.answers).toEqual({ patient: { name: 'TEST PERSON', birthDate: '1960-02-14' } });
    expect(ask.said.some((line) => /at least one/.test(line))).toBe(true);
    expect(ask.asked.filter((m) => /^Question 1/.test(m))).toHaveLength(2);
  });

  it('returns a changed sender to save in the user config when the person says yes', async () => {
    const ask = scripted(['', '', '', '', 'Q?', '', 'Sam New', '', '', '', '', true, false]);
    const result = await askForCaseFile(ask, { userConfigPath: '/c.yaml' }, today);
    expect(result.saveSender).toEqual({ name: 'Sam New' });
    expect(result.answers.sender).toBeUndefined();
  });

  it('checks a date of birth against the calendar', () => {
    expect(checkBirthDate('', today)).toBe(true);
    expect(checkBirthDate('1960-02-29', today)).toBe(true);
    expect(checkBirthDate('1961-02-29', today)).toMatch(/not a date/);
    expect(checkBirthDate('2027-01-01', today)).toMatch(/cannot be/);
    expect(checkBirthDate('14.02.1960', today)).toMatch(/YYYY-MM-DD/);
  });
});
