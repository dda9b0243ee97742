import { afterEach, describe, expect, it } from 'vitest';
import { dateMentionsAheadCount, findClinicalDate, findDateMentionsAhead, forgetDateMentionsAhead, type DateInput } from '../../src/classify/dates/index.js';

/**
 * The scan finds each PDF's date mentions while the decode worker still runs (issue 15), before group has
 * found the patients' birth dates and before the category is final: findClinicalDate must give the very
 * answer it gives without them, whatever the birth dates, category, day/month order and file name it is
 * then asked with, and must not take mentions found against another "today".
 */
const today = new Date(2026, 10, 22, 12);

const TEXTS = [
  `SURGICAL PATHOLOGY REPORT
Patient: DOE, JANE   DOB: 03/07/1961
Date of Procedure: 09/04/2025        Date Received: 09/05/2025
Date Reported: 09/09/2025
CLINICAL HISTORY: Left breast mass seen on CT of 08/21/2025.`,
  `DISCHARGE SUMMARY
Date of birth: 12.05.1958
Admitted: 02.03.2025   Discharged: 14.03.2025
Follow-up appointment: 02/04/2026. Printed 20.11.2026`,
  `Laboratory results
Collected 03/04/2025 Hb 12.1
Collected 05/04/2025 Hb 11.4
Collected 07/04/2025 Hb 10.9
Born 04/03/1970`,
  `Clinic letter, 4 June 2025
Dear Dr Smith, I saw Mrs Doe (born 6 May 1955) today. Her chemotherapy started on 2 January 2025 and ended on 30 April 2025.
Tumour board on 10 June 2025.`,
  `CT CHEST WITH CONTRAST
Exam date 05/06/2025. Comparison: 01/02/2024.
Patient DOB 05/06/1960`,
  `Arztbrief vom 12.03.2025
Geburtsdatum: 01.02.1962
Aufnahme am 03.03.2025, Entlassung am 10.03.2025`,
  'No dates at all in this text.',
  '02/05/2025Date of discharge: 03/05/2025',
];

const CATEGORIES: DateInput['category'][] = ['pathology-report', 'clinical-summary', 'lab-results', 'imaging-report', 'treatment-history', 'discharge-summary', 'other'];
const BIRTH_DATES: Array<readonly string[] | undefined> = [undefined, [], ['1961-03-07'], ['2025-09-04', '1958-05-12'], ['2025-05-06', '2025-06-05'], ['2025-03-12']];
const ORDERS: Array<'DMY' | 'MDY' | undefined> = [undefined, 'DMY', 'MDY'];

afterEach(() => forgetDateMentionsAhead());

describe('date mentions found ahead of findClinicalDate', () => {
  it('give the same answer as finding them then, for every birth date, category, order and file name asked with', () => {
    let taken = 0;
    for (const text of TEXTS) {
      for (const category of CATEGORIES) {
        for (const birthDates of BIRTH_DATES) {
          for (const dateOrder of ORDERS) {
            for (const filename of ['scan.pdf', 'report 2025-09-09.pdf']) {
              const input: DateInput = { text, filename, category, today, metadataDate: '2025-01-01T10:00:00Z', ...(birthDates ? { birthDates } : {}), ...(dateOrder ? { dateOrder } : {}) };
              const fresh = findClinicalDate(input);
              findDateMentionsAhead(text, today);
              const held = dateMentionsAheadCount();
              const ahead = findClinicalDate(input);
              if (held > dateMentionsAheadCount()) taken++;
              expect(ahead).toEqual(fresh);
            }
          }
        }
      }
    }
    // Every answer took the mentions found ahead for it.
    expect(taken).toBe(TEXTS.length * CATEGORIES.length * BIRTH_DATES.length * ORDERS.length * 2);
    expect(dateMentionsAheadCount()).toBe(0);
  });

  it('are not used for another "today", nor for another text', () => {
    const text = TEXTS[0] as string;
    const earlier = new Date(2025, 8, 6, 12);
    const input: DateInput = { text, filename: 'a.pdf', category: 'pathology-report', today: earlier };
    const fresh = findClinicalDate(input);
    // Against today, the report date (09/09/2025) is chosen; on 6 September 2025 it is still in the future.
    findDateMentionsAhead(text, today);
    expect(findClinicalDate(input)).toEqual(fresh);
    expect(dateMentionsAheadCount()).toBe(0);
    findDateMentionsAhead(text, today);
    expect(findClinicalDate({ ...input, text: `${text}\nAddendum 10/10/2025`, today })).toEqual(findClinicalDate({ ...input, text: `${text}\nAddendum 10/10/2025`, today }));
    expect(dateMentionsAheadCount()).toBe(1);
    forgetDateMentionsAhead();
    expect(dateMentionsAheadCount()).toBe(0);
  });
});
