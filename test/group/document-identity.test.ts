import { describe, expect, it } from 'vitest';
import { readDocumentIdentity } from '../../src/group/document-identity.js';
import { normalizeName } from '../../src/group/names.js';

describe('readDocumentIdentity', () => {
  it('reads a patient block printed as label/value pairs on shared lines', () => {
    const text = 'SURGICAL PATHOLOGY REPORT\nPatient Name: Smith, Mary DOB: 23/07/1955\nMRN: X99887 Date of procedure: 12/09/2025\nDIAGNOSIS';
    expect(readDocumentIdentity(text)).toEqual({ name: 'Smith, Mary', birthDate: '1955-07-23', patientId: 'X99887' });
  });

  it('drops titles, joins NHS numbers written in groups, and reads written-out dates', () => {
    const id = readDocumentIdentity('Name: Mr John Doe\nDate of Birth: 12 March 1961\nNHS No: 943 476 5919');
    expect(id).toEqual({ name: 'John Doe', birthDate: '1961-03-12', patientId: '9434765919' });
    expect(normalizeName(id.name ?? '')).toBe(normalizeName('DOE^JOHN'));
  });

  it('leaves an ambiguous 03/07/1955 unread unless the case file gives the date order', () => {
    const text = 'Patient: Doe, Jane DOB: 03/07/1955';
    expect(readDocumentIdentity(text).birthDate).toBeUndefined();
    expect(readDocumentIdentity(text, 'DMY').birthDate).toBe('1955-07-03');
    expect(readDocumentIdentity(text, 'MDY').birthDate).toBe('1955-03-07');
  });

  it('reads Spanish, French and German labels (day first)', () => {
    expect(readDocumentIdentity('Paciente: María García López Fecha de nacimiento: 12/03/1961 NHC: 445566')).toEqual({ name: 'María García López', birthDate: '1961-03-12', patientId: '445566' });
    expect(readDocumentIdentity('Nom du patient : Jean Dupont Né(e) le : 3 mars 1950 IPP : 778899')).toEqual({ name: 'Jean Dupont', birthDate: '1950-03-03', patientId: '778899' });
    expect(readDocumentIdentity('Patientenname: Müller, Hans Geburtsdatum: 01.02.1948')).toEqual({ name: 'Müller, Hans', birthDate: '1948-02-01' });
  });

  it('does not take a doctor, a test or a lone word for the patient', () => {
    expect(readDocumentIdentity('Referring Physician Name: Alan Grant\nTest Name: Hemoglobin Glycated\nPatient: Smith')).toEqual({});
    expect(readDocumentIdentity('Physician Name: Alan Grant\nName: Doe, Jane').name).toBe('Doe, Jane');
  });

  it('ends the name where the next label starts', () => {
    expect(readDocumentIdentity('Patient: Mrs. Meera Raghunathan IP No.: IP-25-33019').name).toBe('Meera Raghunathan');
    expect(readDocumentIdentity('Patient: Albrecht, Thomas, born 19.06.1952').name).toBe('Albrecht, Thomas');
    expect(readDocumentIdentity('Surname: BRENNAN Forename: Siobhan\nDOB: 02/01/1957').name).toBe('BRENNAN^Siobhan');
  });
});

describe('readDocumentIdentity on OCR text of printed tables (the colon lost, the gap kept)', () => {
  it('reads a name after a wide gap when the line goes on with the birth date, or after a two-word label', () => {
    expect(readDocumentIdentity("Discharge Letter\n\nPatient            Mr Dennis O'CONNELL         DOB:              09/10/1950\n", 'DMY')).toMatchObject({ name: "Dennis O'CONNELL", birthDate: '1950-10-09' });
    expect(readDocumentIdentity('HISTOPATHOLOGY REPORT\nPatient Name        Rajesh Kumar Bansal\n').name).toBe('Rajesh Kumar Bansal');
  });

  it('does not take a heading after a bare "Patient" for a name', () => {
    expect(readDocumentIdentity('Patient      Information Leaflet\nAbout your operation\n').name).toBeUndefined();
    expect(readDocumentIdentity('Patient    Instructions\n').name).toBeUndefined();
  });
});
