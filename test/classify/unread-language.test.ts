import { describe, expect, it } from 'vitest';
import { classifyDocumentText, UNREAD_LANGUAGE_MAX_CONFIDENCE } from '../../src/classify/document.js';
import { detectLanguage, languageName } from '../../src/classify/language.js';

// Invented texts (ours): a Basque case story, a Basque lab sheet, and the same lab sheet in Spanish.
const BASQUE_CASE = `Gizonezko 58 urteko gaixoa, aurrekari pertsonal gisa hipertentsio arteriala eta diabetes mellitusa dituena.
Ospitalera etorri zen hiru asteko sabeleko minagatik eta pisu galeragatik. Azterketa fisikoan, sabela biguna eta mingarria zen.
Odol analisian anemia ikusi zen. Tomografia konputerizatuan masa bat aurkitu zen kolonean. Biopsia egin zitzaion eta
adenokartzinoma diagnostikatu zen. Ebakuntza egin zitzaion eta kimioterapia hasi zuen. Gaixoak bilakaera ona izan zuen.`;

const BASQUE_LABS = `ANALISIEN EMAITZAK

Gaixoa 60 urteko emakumea da eta kontsultara etorri zen nekea zela eta. Odol analisia egin zitzaion.
Hemoglobina 9,8 g/dl (12,0-16,0)
Leukozitoak 11,2 x10^9/L (4,0-10,0)
Plaketak 450 x10^9/L (150-400)
Kreatinina 1,4 mg/dl (0,5-1,1)
Glukosa 110 mg/dl (70-100)
Ferritina 8 ng/ml (15-150)
Emaitzak ikusita, anemia ferropenikoa dela ondorioztatu zen eta tratamendua hasi zen. Ondoren kontrol analitika egin zen eta hobekuntza ikusi zen.`;

const SPANISH_LABS = `RESULTADOS DE LABORATORIO

Paciente de 60 años que acude a la consulta por cansancio. Se le realiza una analítica de sangre.
Hemoglobina 9,8 g/dl (12,0-16,0)
Leucocitos 11,2 x10^9/L (4,0-10,0)
Plaquetas 450 x10^9/L (150-400)
Creatinina 1,4 mg/dl (0,5-1,1)
Glucosa 110 mg/dl (70-100)
Ferritina 8 ng/ml (15-150)
A la vista de los resultados se diagnostica una anemia ferropénica y se inicia tratamiento. En el control posterior se observa mejoría.`;

describe('a document in a language the rules were not written for', () => {
  it('names Basque, which franc-min has no profile for, by its own commonest words', () => {
    expect(detectLanguage(BASQUE_CASE)).toMatchObject({ code: 'eu' });
    expect(detectLanguage(BASQUE_LABS)).toMatchObject({ code: 'eu' });
    expect(languageName('eu')).toBe('Basque');
    expect(detectLanguage(SPANISH_LABS).code).toBe('es');
  });

  it('may keep the category its borrowed words point to, but never as a sure one, and says why', () => {
    const basque = classifyDocumentText(BASQUE_LABS, 'analisia.pdf');
    expect(basque.category).toBe('lab-results');
    expect(basque.confidence).toBe(UNREAD_LANGUAGE_MAX_CONFIDENCE);
    expect(basque.reasons.find((r) => r.rule === 'language.unread')?.matched).toEqual(['Basque']);
    // The same sheet in a language the rules read keeps its own confidence.
    const spanish = classifyDocumentText(SPANISH_LABS, 'analitica.pdf');
    expect(spanish.category).toBe('lab-results');
    expect(spanish.confidence).toBeGreaterThan(UNREAD_LANGUAGE_MAX_CONFIDENCE);
    expect(spanish.reasons.some((r) => r.rule === 'language.unread')).toBe(false);
  });
});
