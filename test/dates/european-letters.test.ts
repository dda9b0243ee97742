import { describe, expect, it } from 'vitest';
import { findClinicalDate, type DateInput } from '../../src/classify/dates/index.js';
import { ClinicalDateSchema } from '../../src/model/scan.js';

// Issue 11 (docs/eval-unseen.md): print dates, birth dates and the letter's own dates of German, Dutch and Italian
// documents. Every text here is invented.
const today = new Date(2026, 10, 22, 12);

function find(text: string, extra: Partial<DateInput> = {}) {
  // Day-first, as scanCase reads a document detected as German, Dutch or Italian.
  const result = findClinicalDate({ text, filename: 'brief.pdf', category: 'clinical-summary', today, dateOrder: 'DMY', ...extra });
  if (result) ClinicalDateSchema.parse(result);
  return result;
}

describe('a print date in any language never beats a date of the document', () => {
  it.each([
    ['Gedruckt', 'Patient: Erika Beispiel\nGedruckt 11/02/2025\n\nDiagnosen\nAm 03.04.2024 erfolgte die Resektion.'],
    ['Impreso', 'Paciente: Ana Ejemplo\nImpreso 11/02/2025\n\nEl 03/04/2024 se realizó la resección.'],
    ['Imprimé', 'Patient : Jean Exemple\nImprimé 11/02/2025\n\nLe 03/04/2024 la résection a été faite.'],
    ['Stampato', 'Paziente: Mario Esempio\nStampato 11/02/2025\n\nIl 03/04/2024 è stata eseguita la resezione.'],
    ['Afgedrukt', 'Patiënt: Jan Voorbeeld\nAfgedrukt 11/02/2025\n\nOp 03-04-2024 werd de resectie verricht.'],
  ])('%s', (_label, text) => {
    const date = find(text);
    expect(date?.date).toBe('2024-04-03');
  });

  it('a print date alone is read as a print date, and a print date is never the clinical date (none, not an unlabelled one)', () => {
    expect(find('Patient: Erika Beispiel\nGedruckt 11/02/2025')).toBeNull();
  });
});

describe('German birth dates are never the date', () => {
  it.each([
    ['a star after the name', 'wir berichten über Herrn Max Muster, * 23.11.1971, der sich am 02.03.2024 vorstellte.'],
    ['a star in brackets', 'wir berichten über Frau Eva Muster (*4.4.1966). Ambulant am 02.03.2024.'],
    ['geb:', 'Patientin: Eva Muster, geb: 16.7.1966\nAmbulant am 02.03.2024'],
    ['geb. am', 'Herr Max Muster, geb. am 3.6.1942\nVorgestellt am 02.03.2024'],
  ])('%s', (_case, text) => {
    expect(find(text)?.date).toBe('2024-03-02');
  });

  it('a star opening a line is a bullet, not a birth date', () => {
    expect(find('Befunde:\n* 02.03.2024 Koloskopie ohne Befund')?.date).toBe('2024-03-02');
  });
});

describe("a German letter's own date and the stay it reports", () => {
  it('"Stadt, den ..." heads the letter', () => {
    const date = find('Klinik am See\nMusterstadt, den 22.06.2024\n\nSehr geehrte Frau Kollegin,\nZ.n. Resektion 12.01.2023.');
    expect(date).toMatchObject({ date: '2024-06-22', kind: 'letter' });
  });
  it('"Arztbrief vom ..." and "Datum:" head the letter', () => {
    expect(find('Arztbrief vom 25.8.2024\n\nDiagnosen: Z.n. Sigmaresektion 03.02.2021')).toMatchObject({ date: '2024-08-25', kind: 'letter' });
    expect(find('Datum: 08.06.2024\n\nHistologie vom 19.4.2023: Naevus.')).toMatchObject({ date: '2024-06-08', kind: 'letter' });
  });
  it('"vom ... bis ... in unserer stationären Behandlung": the last day is the discharge', () => {
    const text = 'wir berichten über Herrn Max Muster, der sich vom 20.12.2023 bis zum 28.12.2023 in unserer stationären Behandlung befand.';
    // Told in a sentence, the stay is still this letter's own: the discharge summary keeps it as a range.
    expect(find(text, { category: 'discharge-summary' })).toMatchObject({ date: '2023-12-28', start: '2023-12-20', kind: 'admission-discharge' });
    expect(find(text, { category: 'clinical-summary' })).toMatchObject({ date: '2023-12-28', kind: 'discharge' });
    expect(find('Stationär von 12.3.2023 bis 28.3.2023\n\nDiagnosen', { category: 'discharge-summary' })).toMatchObject({ date: '2023-03-28', kind: 'admission-discharge' });
  });
  it('a quoted course of treatment "vom ... bis ..." is no stay', () => {
    const date = find('Z.n. Chemotherapie vom 01.02.2020 bis 03.04.2020 mit gutem Ansprechen.', { category: 'discharge-summary' });
    expect(date?.kind).not.toBe('discharge');
  });
});

describe('Dutch and Italian date labels', () => {
  it('Dutch', () => {
    expect(find('Geboortedatum: 01-02-1960\nDatum ontvangst: 02-10-2024\nDatum antwoord: 04-10-2024', { category: 'pathology-report' })).toMatchObject({ date: '2024-10-02', kind: 'received' });
    expect(find('Geb. datum 01-02-1960\nOnderzoeksdatum: 12-03-2024', { category: 'imaging-report' })).toMatchObject({ date: '2024-03-12', kind: 'exam' });
    expect(find('Opnamedatum: 01-03-2024\nOntslagdatum: 09-03-2024', { category: 'discharge-summary' })).toMatchObject({ date: '2024-03-09', kind: 'admission-discharge' });
  });
  it('Italian', () => {
    expect(find('Data di nascita: 01/02/1960\nData prelievo: 02/10/2024\nData referto: 04/10/2024', { category: 'pathology-report' })).toMatchObject({ date: '2024-10-02', kind: 'collection' });
    expect(find('Data ricovero: 01/03/2024\nData dimissione: 09/03/2024', { category: 'discharge-summary' })).toMatchObject({ date: '2024-03-09', kind: 'admission-discharge' });
  });
});

describe('a German letter dated by its place alone, and a letter it only quotes', () => {
  it('"Heidelberg, 14.09.2024" on its own line is the letter date; "meinen Brief vom ..." in a sentence is not', () => {
    const date = find('Praxis Dr. Muster\nMusterstadt, 14.09.2024\n\nSehr geehrter Herr Kollege,\nich verweise auf meinen Brief vom 25.08.2021.');
    expect(date).toMatchObject({ date: '2024-09-14', kind: 'letter', evidence: 'Musterstadt, 14.09.2024' });
  });
});
