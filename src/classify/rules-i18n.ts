import type { CategoryId } from '../model/categories.js';

/** rules.ts's TextRule as far as these rules use it (phrase lists), declared here so the two files do not import each other. */
interface PhraseRule { id: string; category: CategoryId; weight: number; titleOnly?: boolean; any?: string[]; minDistinct?: number; all?: string[]; regex?: string }

/**
 * Titles and section headings of the main report types in Chinese
 * (simplified), Spanish, French, German, Arabic, Hindi, Dutch and Italian: data for the same
 * engine as the English rules (rules.ts), with the same weights by kind, so a
 * title counts as a title and a heading as a heading in any language. What a
 * hospital in each country prints at the top of the report, from the
 * languages' standard clinical vocabulary, written before any evaluation
 * document was read against them (fixtures/eval-languages). Dutch and
 * Italian, and the letter and case-history wording below, were added for
 * issue 11 from how hospitals in those languages write (docs/eval-unseen.md).
 *
 * Matching is case-insensitive; Chinese phrases match inside longer runs of
 * characters (no spaces between words), the others on word boundaries.
 * Arabic phrases are given with and without the article ال where both occur.
 * Accents are written as hospitals print them; OCR that drops them (anatomia
 * patologica) is listed where it is common.
 */
/**
 * The sections only a summary of a stay in hospital has, in Spanish, French, German, Italian and Dutch: the diagnosis,
 * medication and findings at discharge, the findings at admission, the dates of admission and discharge. A clinic
 * letter has none of them (it has a "Diagnosen", a "Procedere"); "Verlauf", "évolution", "decorso" alone are any
 * story's course and stay among the weaker words (`dc.terms.i18n`).
 */
const DISCHARGE_SECTIONS_I18N = [
  'fecha de ingreso', 'fecha de alta', 'diagnóstico al alta', 'diagnósticos al alta', 'diagnóstico principal al alta', 'tratamiento al alta', 'recomendaciones al alta', 'evolución durante el ingreso', 'evolución durante la hospitalización',
  "date d'entrée", 'date de sortie', 'diagnostic de sortie', 'diagnostics de sortie', 'traitement de sortie', 'traitement à la sortie', 'ordonnance de sortie', 'mode de sortie', 'évolution dans le service', "évolution pendant l'hospitalisation",
  'aufnahmedatum', 'entlassungsdatum', 'entlassungsdiagnose', 'entlassungsdiagnosen', 'entlassdiagnose', 'entlassdiagnosen', 'entlassungsmedikation', 'entlassmedikation', 'medikation bei entlassung', 'therapie bei entlassung', 'empfohlene medikation bei entlassung',
  'entlassungsbefund', 'entlassbefund', 'entlassungsstatus', 'befund bei entlassung', 'status bei entlassung', 'aufnahmebefund', 'befund bei aufnahme', 'status bei aufnahme', 'aufnahmestatus', 'aufnahmelabor', 'labor bei aufnahme', 'medikation bei aufnahme', 'aufnahmemedikation', 'stationärer verlauf',
  'data di ricovero', 'data di dimissione', 'diagnosi di dimissione', 'diagnosi alla dimissione', 'terapia alla dimissione', 'terapia domiciliare alla dimissione', 'decorso ospedaliero', 'decorso durante il ricovero',
  'opnamedatum', 'ontslagdatum', 'ontslagdiagnose', 'ontslagdiagnosen', 'ontslagmedicatie', 'medicatie bij ontslag', 'beleid bij ontslag', 'beloop tijdens opname', 'reden van opname', 'opnamereden',
];

export const TEXT_RULES_I18N: readonly PhraseRule[] = [
  // pathology report
  { id: 'path.title.i18n', category: 'pathology-report', weight: 8, titleOnly: true, any: [
    '病理报告', '病理诊断报告', '病理检查报告', '病理报告单', '组织病理学报告', '细胞病理学报告', '病理科',
    'informe de anatomía patológica', 'informe anatomopatológico', 'informe de anatomia patologica', 'informe histopatológico', 'informe de patología', 'informe citológico', 'anatomía patológica',
    'compte rendu anatomo-pathologique', 'compte-rendu anatomo-pathologique', 'compte rendu anatomopathologique', "compte rendu d'anatomie pathologique", 'anatomie et cytologie pathologiques', 'anatomie pathologique', 'examen anatomopathologique', 'rapport histopathologique',
    'pathologischer befund', 'pathologisch-anatomischer befund', 'histologischer befund', 'histopathologischer befund', 'histopathologie', 'zytologischer befund', 'institut für pathologie', 'pathologie-befund', 'pathologiebefund',
    'تقرير الباثولوجيا', 'تقرير باثولوجيا', 'تقرير علم الأمراض', 'تقرير الأنسجة', 'تقرير علم الأنسجة', 'تقرير التشريح المرضي', 'تقرير الخزعة', 'قسم علم الأمراض',
    'हिस्टोपैथोलॉजी रिपोर्ट', 'हिस्टोपैथोलॉजी', 'पैथोलॉजी रिपोर्ट', 'ऊतक विकृति विज्ञान रिपोर्ट', 'विकृति विज्ञान रिपोर्ट', 'बायोप्सी रिपोर्ट', 'साइटोलॉजी रिपोर्ट',
    'pathologieverslag', 'pathologisch verslag', 'PA-verslag', 'histologisch onderzoek', 'cytologisch onderzoek', 'afdeling pathologie', 'pathologische anatomie',
    'referto istologico', 'esame istologico', 'referto di anatomia patologica', 'anatomia patologica', 'referto citologico', 'esame citologico',
  ] },
  // Macroscopy and microscopy together are a pathology report's own two sections, in every European language.
  { id: 'path.sections.pair', category: 'pathology-report', weight: 4, all: ['macroscopy', 'microscopy'] },
  { id: 'path.sections.pair.nl-fr', category: 'pathology-report', weight: 4, all: ['macroscopie', 'microscopie'] },
  { id: 'path.sections.pair.de', category: 'pathology-report', weight: 4, all: ['makroskopie', 'mikroskopie'] },
  { id: 'path.sections.pair.es-it', category: 'pathology-report', weight: 4, all: ['macroscopia', 'microscopia'] },
  { id: 'path.sections.i18n', category: 'pathology-report', weight: 3, any: [
    '大体所见', '肉眼所见', '镜下所见', '病理诊断', '免疫组化', '送检标本', '标本类型',
    'descripción macroscópica', 'descripción microscópica', 'diagnóstico anatomopatológico', 'inmunohistoquímica', 'material remitido', 'estudio macroscópico', 'estudio microscópico',
    'examen macroscopique', 'examen microscopique', 'description macroscopique', 'description microscopique', 'immunohistochimie', 'renseignements cliniques',
    'makroskopie', 'mikroskopie', 'makroskopischer befund', 'mikroskopischer befund', 'immunhistochemie', 'klinische angaben', 'einsendung',
    'الوصف العياني', 'الفحص العياني', 'الوصف المجهري', 'الفحص المجهري', 'التشخيص النسيجي', 'الكيمياء المناعية النسيجية', 'المعلومات السريرية',
    'स्थूल विवरण', 'सूक्ष्म विवरण', 'सूक्ष्मदर्शी विवरण', 'नैदानिक विवरण', 'इम्यूनोहिस्टोकेमिस्ट्री',
    'macroscopie', 'microscopie', 'macroscopische beschrijving', 'microscopische beschrijving', 'klinische gegevens', 'aard materiaal', 'verkrijgingswijze', 'immunohistochemie', 'materiaal', 'inzending',
    'macroscopia', 'microscopia', 'descrizione macroscopica', 'descrizione microscopica', 'diagnosi istologica', 'immunoistochimica', 'materiale inviato', 'notizie cliniche',
  ] },
  { id: 'path.findings.i18n', category: 'pathology-report', weight: 2, any: [
    '腺癌', '切缘', '淋巴结转移', 
    'bordes quirúrgicos', 'márgenes', 'diferenciado', 'invasión perineural', 'patólogo', 'patóloga',
    'adénocarcinome', 'carcinome', 'marges', 'différencié', 'engainements périnerveux', 'pathologiste',
    'adenokarzinom', 'karzinom', 'resektionsrand', 'differenziert', 'perineuralscheideninfiltration', 'fachärztin für pathologie', 'facharzt für pathologie',
    'سرطانة', 'سرطانة غدية', 'متوسطة التمايز', 'الحواف الجراحية', 'أخصائي علم الأمراض', 'أخصائية علم الأمراض',
    'एडेनोकार्सिनोमा', 'कार्सिनोमा', 'विभेदित', 'रोगविज्ञानी', 'पैथोलॉजिस्ट',
    'adenocarcinoom', 'carcinoom', 'snijvlakken', 'snijvlak', 'resectieranden', 'gedifferentieerd', 'patholoog', 'biopt', 'biopten',
    'margini di resezione', 'differenziato', 'anatomopatologo', 'patologo',
  ] },

  // imaging report
  { id: 'img.title.i18n', category: 'imaging-report', weight: 8, titleOnly: true, any: [
    '影像报告', '影像诊断报告', '放射科', 'CT检查报告', 'CT报告', '磁共振检查报告', 'MRI检查报告', '超声检查报告', '超声报告', 'PET-CT报告', '检查报告单', '影像学检查报告', 'CT诊断报告', 'MRI诊断报告', '磁共振报告', '磁共振诊断报告', '超声诊断报告', 'X线检查报告', 'DR检查报告', '放射诊断报告', '核医学检查报告',
    'informe radiológico', 'informe de radiología', 'informe de tomografía computarizada', 'informe de TC', 'informe de resonancia magnética', 'resonancia magnética', 'tomografía computarizada', 'informe ecográfico', 'ecografía', 'informe de imagen', 'servicio de radiología', 'radiodiagnóstico',
    'compte rendu radiologique', "compte rendu d'imagerie", 'compte rendu de scanner', 'scanner thoraco-abdomino-pelvien', 'tomodensitométrie', 'IRM', 'imagerie par résonance magnétique', 'échographie', 'TEP-scanner', 'service de radiologie', 'imagerie médicale',
    'radiologischer befund', 'CT-befund', 'MRT-befund', 'computertomographie', 'computertomografie', 'magnetresonanztomographie', 'magnetresonanztomografie', 'kernspintomographie', 'sonographie', 'ultraschall', 'PET-CT-befund', 'institut für radiologie', 'radiologie',
    'تقرير الأشعة', 'تقرير التصوير', 'تقرير التصوير المقطعي', 'تقرير التصوير المقطعي المحوسب', 'التصوير المقطعي المحوسب', 'تقرير الرنين المغناطيسي', 'الرنين المغناطيسي', 'الموجات فوق الصوتية', 'قسم الأشعة', 'قسم الأشعة التشخيصية',
    'रेडियोलॉजी रिपोर्ट', 'सीटी स्कैन रिपोर्ट', 'सीटी स्कैन', 'एमआरआई रिपोर्ट', 'एमआरआई', 'अल्ट्रासाउंड रिपोर्ट', 'अल्ट्रासाउंड', 'इमेजिंग रिपोर्ट',
    'radiologieverslag', 'radiologisch verslag', 'X-thorax', 'X-bekken', 'X-wervelkolom', 'radiologisch onderzoek', 'afdeling radiologie', 'echografie', 'röntgenfoto', 'thoraxfoto', 'CT-scan', 'CT-thorax', 'CT-abdomen', 'MRI-scan', 'mammografie',
    'referto radiologico', 'referto di radiologia', 'tomografia computerizzata', 'risonanza magnetica', 'ecografia', 'radiografia', 'TC torace', 'TC addome', 'mammografia', 'diagnostica per immagini',
  ] },
  { id: 'img.sections.i18n', category: 'imaging-report', weight: 2, any: [
    '检查方法', '影像所见', '影像诊断', '检查所见', '诊断意见', '增强扫描', '检查部位',
    'técnica', 'hallazgos', 'conclusión', 'impresión diagnóstica', 'indicación clínica', 'contraste', 'radiólogo', 'radióloga',
    'résultats', 'injection de produit de contraste', 'radiologue',
    'technik', 'befund', 'beurteilung', 'fragestellung', 'kontrastmittel', 'facharzt für radiologie', 'fachärztin für radiologie',
    'التقنية', 'النتائج', 'الخلاصة', 'الانطباع', 'دواعي الفحص', 'الصبغة', 'طبيب الأشعة',
    'तकनीक', 'निष्कर्ष', 'प्रभाव', 'कंट्रास्ट', 'रेडियोलॉजिस्ट',
    'verslag', 'vraagstelling', 'gerichte vraagstelling', 'techniek', 'bevindingen', 'vergeleken met', 'vergeleken wordt met', 'vergelijking', 'radioloog', 'medische gegevens', 'relevante voorgeschiedenis', 'conclusie',
    'tecnica', 'reperti', 'conclusioni', 'quesito clinico', 'quesito diagnostico', 'mezzo di contrasto', 'radiologo',
  ] },
  // What a Dutch radiologist writes about an image ("zichtbaar", "geen aanwijzingen voor", "ongewijzigd t.o.v."): reports in Dutch are mostly radiology's and pathology's.
  { id: 'img.terms.nl', category: 'imaging-report', weight: 2, any: ['zichtbaar', 'geen aanwijzingen voor', 'ongewijzigd', 'laesie', 'lesie', 'hypodens', 'aankleuring', 'contrastmiddel', 'opnamen', 'coupes'] },
  // An X-ray report heads its parts EXAMINATION, COMPARISON, FINDINGS, IMPRESSION: with a comparison, "examination" names the exam.
  { id: 'img.sections.pair', category: 'imaging-report', weight: 4, all: ['comparison', 'impression'] },

  // laboratory results
  { id: 'lab.title.i18n', category: 'lab-results', weight: 8, titleOnly: true, any: [
    '检验报告', '检验报告单', '血常规', '生化检验报告', '肿瘤标志物', '检验科',
    'informe de laboratorio', 'resultados de laboratorio', 'análisis clínicos', 'hemograma', 'bioquímica', 'marcadores tumorales',
    "compte rendu d'analyses", "compte rendu d'analyses de biologie médicale", 'résultats de laboratoire', 'biologie médicale', 'laboratoire de biologie médicale', 'numération formule sanguine', 'bilan biologique', 'marqueurs tumoraux',
    'laborbefund', 'laborwerte', 'laborbericht', 'blutbild', 'klinische chemie', 'tumormarker',
    'تقرير المختبر', 'نتائج المختبر', 'نتائج التحاليل', 'تحليل الدم', 'صورة الدم الكاملة', 'دلالات الأورام',
    'रक्त जांच रिपोर्ट', 'रक्त जांच', 'प्रयोगशाला रिपोर्ट', 'लैब रिपोर्ट', 'खून की जांच', 'प्रयोगशाला चिकित्सा विभाग',
    'laboratoriumuitslagen', 'labuitslagen', 'laboratoriumonderzoek', 'klinische chemie', 'hematologie', 'tumormarkers',
    'referto di laboratorio', 'esami di laboratorio', 'esami ematochimici', 'emocromo', 'analisi del sangue', 'marcatori tumorali',
  ] },
  { id: 'lab.ranges.i18n', category: 'lab-results', weight: 4, any: [
    '参考范围', '参考值', '参考区间', '检验项目', '项目名称',
    'valores de referencia', 'intervalo de referencia', 'resultado', 'unidades',
    'valeurs de référence', 'valeurs normales', 'résultat', 'unités',
    'referenzbereich', 'normbereich', 'normwerte', 'ergebnis', 'einheit',
    'المعدل الطبيعي', 'القيم المرجعية', 'النتيجة', 'الوحدة',
    'संदर्भ सीमा', 'सामान्य सीमा', 'परिणाम', 'इकाई',
    'referentiewaarden', 'referentiewaarde', 'normaalwaarden', 'uitslag', 'eenheid',
    'valori di riferimento', 'intervallo di riferimento', 'unità di misura',
  ] },
  { id: 'lab.analytes.i18n', category: 'lab-results', weight: 3, any: [
    '血红蛋白', '白细胞', '血小板', '肌酐', '胆红素',
    'hemoglobina', 'leucocitos', 'plaquetas', 'creatinina', 'bilirrubina',
    'hémoglobine', 'leucocytes', 'plaquettes', 'créatinine', 'bilirubine',
    'hämoglobin', 'leukozyten', 'thrombozyten', 'kreatinin', 
    'الهيموغلوبين', 'خلايا الدم البيضاء', 'الصفائح الدموية', 'الكرياتينين', 'البيليروبين',
    'हीमोग्लोबिन', 'श्वेत रक्त कोशिकाएं', 'प्लेटलेट्स', 'क्रिएटिनिन', 'बिलीरुबिन',
    'hemoglobine', 'leukocyten', 'trombocyten', 'kreatinine',
    'emoglobina', 'leucociti', 'piastrine', 'creatinina', 'bilirubina',
  ] },

  // operative report
  { id: 'op.title.i18n', category: 'operative-report', weight: 8, titleOnly: true, any: [
    '手术记录', '手术报告', '手术记录单', '手术记录表',
    'informe operatorio', 'informe quirúrgico', 'protocolo quirúrgico', 'hoja operatoria', 'nota operatoria',
    'compte rendu opératoire', 'compte-rendu opératoire', "compte rendu d'intervention", 'protocole opératoire',
    'operationsbericht', 'op-bericht', 'operationsprotokoll',
    'تقرير العملية', 'تقرير العملية الجراحية', 'تقرير جراحي', 'مذكرة العملية',
    'ऑपरेशन रिपोर्ट', 'ऑपरेशन नोट', 'शल्य चिकित्सा रिपोर्ट', 'सर्जरी रिपोर्ट',
    'operatieverslag', 'OK-verslag', 'verslag van de operatie',
    'verbale operatorio', 'registro operatorio', 'descrizione intervento',
  ] },
  { id: 'op.sections.i18n', category: 'operative-report', weight: 3, any: [
    '手术名称', '手术日期', '术前诊断', '术后诊断', '手术经过', '麻醉方式', '主刀医师', '术中所见', '出血量',
    'diagnóstico preoperatorio', 'diagnóstico postoperatorio', 'procedimiento realizado', 'cirujano', 'ayudante', 'anestesia general', 'hallazgos operatorios', 'sangrado estimado',
    'opérateur', 'anesthésie générale', 'description opératoire', 'pertes sanguines', 'indication opératoire',
    'operateur', 'assistenz', 'narkose', 'operationsindikation', 'op-verlauf', 'operationsverlauf', 'blutverlust', 'diagnose präoperativ',
    'الجراح', 'التخدير', 'التخدير العام', 'خطوات العملية', 'التشخيص قبل العملية', 'التشخيص بعد العملية',
    'सर्जन', 'एनेस्थीसिया', 'ऑपरेशन से पहले का निदान', 'ऑपरेशन के बाद का निदान', 'प्रक्रिया',
    'operateur', 'assistent', 'anesthesie', 'algehele anesthesie', 'preoperatieve diagnose', 'postoperatieve diagnose', 'peroperatieve bevindingen', 'bloedverlies',
    'primo operatore', 'anestesia generale', 'diagnosi preoperatoria', 'diagnosi postoperatoria', 'perdite ematiche',
  ] },

  // discharge summary
  { id: 'dc.title.i18n', category: 'discharge-summary', weight: 9, titleOnly: true, any: [
    '出院小结', '出院记录', '出院总结', '出院证明', '出院小结单',
    'informe de alta', 'informe de alta hospitalaria', 'epicrisis', 'resumen de alta',
    'compte rendu d\'hospitalisation', 'lettre de sortie', 'compte rendu de sortie', 'résumé de sortie',
    'entlassungsbericht', 'entlassbrief', 'entlassungsbrief', 'epikrise',
    'ملخص الخروج', 'ملخص الخروج من المستشفى', 'تقرير الخروج', 'تقرير خروج', 'ملخص الخروج من المشفى',
    'डिस्चार्ज सारांश', 'डिस्चार्ज समरी', 'छुट्टी सारांश', 'छुट्टी का सारांश', 'डिस्चार्ज कार्ड',
    'ontslagbrief', 'ontslagverslag', 'klinische brief', 'lettera di dimissione', 'lettera di dimissioni', 'relazione di dimissione',
  ] },
  // The sections only an admission's summary has, weighed as the English ones (rules.ts `dc.sections`): a discharge
  // diagnosis, the medication or the findings at discharge, the findings at admission, the dates of the stay.
  { id: 'dc.sections.i18n', category: 'discharge-summary', weight: 6, any: DISCHARGE_SECTIONS_I18N },
  { id: 'dc.sections.several.i18n', category: 'discharge-summary', weight: 6, minDistinct: 2, any: DISCHARGE_SECTIONS_I18N },
  { id: 'dc.terms.i18n', category: 'discharge-summary', weight: 3, any: [
    '入院日期', '出院日期', '入院诊断', '出院诊断', '诊疗经过', '出院医嘱', '出院情况', '住院经过', '出院时情况', '出院带药', '住院天数',
    'motivo de ingreso', 'evolución',
    "motif d'hospitalisation", 'évolution',
    'aufnahmegrund', 'verlauf', 'bei aufnahme',
    'تاريخ الدخول', 'تاريخ الخروج', 'سبب الدخول', 'سير الحالة', 'التشخيص عند الخروج', 'الأدوية عند الخروج',
    'भर्ती की तिथि', 'छुट्टी की तिथि', 'डिस्चार्ज की तिथि', 'अस्पताल में उपचार', 'छुट्टी के समय दवाइयाँ', 'छुट्टी के समय',
    // A German letter after a stay says so in its first sentence: "die sich vom ... bis ... in unserer stationären Behandlung befand".
    'stationären behandlung', 'stationäre behandlung', 'stationären aufenthalt', 'stationäre aufnahme', 'stationär', 'in unserem hause', 'entlassung', 'bei entlassung',
    'epikrise', 'opname', 'opnameduur', 'ontslag', 'beloop',
    'ricovero', 'dimissione', 'decorso', 'decorso clinico',
  ] },

  // A letter about a stay in hospital is a discharge letter: German letters say so in their first sentence ("die sich
  // vom 1. bis 21. Juli in unserer stationären Behandlung befand"), whatever lab values and diagnoses follow in prose.
  // Weighed like a title (a letter's salutation, its "Diagnosen" and lab values in prose must not outvote it); not
  // "stationäre Aufnahme": an outpatient letter plans one. A stay is also a span of dates the patient spent with the
  // writers ("die sich vom 15.5. bis 13.6.2014 in unserem Hause ... aufhielt"; not in their clinic or day unit), and
  // in French, Italian, Spanish and Dutch a stay from one date to another ("hospitalisée du 3 au 12 mars",
  // "ricoverata dal 3 al 10", "ingresado del 2 al 9", "opname van 3 tot 9"): a dated span, which a case history told
  // as a story does not give.
  { id: 'dc.stay.i18n', category: 'discharge-summary', weight: 24, regex: [
    String.raw`in\s+(?:unserer|der)\s+station(?:ä|ae)re[nr]?\s+behandlung|in\s+station(?:ä|ae)rer\s+behandlung|station(?:ä|ae)r\s+behandelt|station(?:ä|ae)r\s+(?:vo[nm]|seit)\s+\d|(?:w(?:ä|ae)hrend|im\s+rahmen)\s+des\s+(?:kurzen\s+)?station(?:ä|ae)ren\s+aufenthalt\w*`,
    String.raw`\bvom\s+\d{1,2}\.(?:(?!\n\s*\n)[\s\S]){0,40}?(?:\bbis\b|\s[-–]\s?)(?:(?!ambulan|sprechstunde|tagesklinik|\n\s*\n)[\s\S]){0,120}?\b(?:aufhielt|befand|behandelt\s+wurde)\b`,
    String.raw`(?:tijdens|gedurende)\s+(?:de|haar|zijn)\s+opname|werd\s+(?:zij|hij|patiënt|patiënte)?\s*opgenomen\s+(?:van|op)|\bopname\s+(?:van|vanaf)\s+\d{1,2}[^\n]{0,25}?\s(?:tot|t/m)\s+\d`,
    String.raw`(?:hospitalis(?:é|e)e?s?|séjour|sejour)[^.\n]{0,60}?\sdu\s+\d{1,2}(?:er)?(?!\d)[^\n]{0,25}?\sau\s+\d`,
    String.raw`(?:ricoverat[oaie]|ricovero|degenza)[^.\n]{0,60}?\sdal(?:l['’]|\s+)\d{1,2}(?!\d)[^\n]{0,25}?\sal(?:l['’]|\s+)\d`,
    String.raw`(?:ingresad[oa]s?|ingreso|hospitalizad[oa]s?|estancia)[^.\n]{0,60}?\sdel?\s+\d{1,2}(?!\d)[^\n]{0,25}?\s(?:al|hasta\s+el)\s+\d`,
  ].map((s) => `(?:${s})`).join('|') },

  // clinical summary / referral letter
  { id: 'summary.title.i18n', category: 'clinical-summary', weight: 6, titleOnly: true, any: [
    '病情摘要', '病历摘要', '会诊意见', '会诊记录', '转诊信', '门诊病历', '入院记录', '住院病历', '病程记录', '首次病程记录', '日常病程记录', '门诊记录',
    'informe clínico', 'resumen clínico', 'carta de derivación', 'informe de consulta', 'nota de consulta',
    'compte rendu de consultation', 'lettre de consultation', 'résumé clinique', "lettre d'adressage",
    'ambulanzbrief', 'ambulanzkarte', 'ambulanter befund', 'ambulanzbefund', 'ambulanz', 'sprechstunde', 'konsiliarbericht', 'überweisungsbrief', 'befundbericht',
    'تقرير طبي', 'ملخص طبي', 'ملخص الحالة', 'رسالة تحويل', 'خطاب تحويل', 'تقرير استشارة',
    'चिकित्सा सारांश', 'रेफरल पत्र', 'परामर्श नोट', 'मेडिकल रिपोर्ट',
    'polikliniekbrief', 'verwijsbrief', 'consultverslag', 'specialistenbrief',
    'relazione clinica', 'referto di visita', 'visita specialistica', 'consulenza',
  ] },
  // A title that only says a doctor wrote: a letter after a stay in hospital is a discharge letter (engine.ts `weighFormBesideStay`).
  { id: 'summary.title.letter.i18n', category: 'clinical-summary', weight: 6, titleOnly: true, any: ['arztbrief', 'ärztlicher bericht', 'informe médico', 'courrier médical', 'brief aan de huisarts', 'lettera al curante'] },
  { id: 'summary.salutation.i18n', category: 'clinical-summary', weight: 3, any: [
    '此致', '敬礼',
    'estimado colega', 'estimada colega', 'atentamente', 'un saludo cordial',
    'cher confrère', 'chère consœur', 'chère consoeur', 'confraternellement', 'bien cordialement',
    'sehr geehrte frau kollegin', 'sehr geehrter herr kollege', 'mit freundlichen grüßen', 'mit freundlichen kollegialen grüßen',
    'الزميل العزيز', 'مع التحية', 'وتفضلوا بقبول فائق الاحترام',
    'प्रिय डॉक्टर', 'सादर',
    'sehr geehrte damen und herren', 'sehr geehrter herr dr', 'sehr geehrte frau dr', 'werte frau kollegin', 'werter herr kollege', 'lieber herr kollege', 'liebe frau kollegin', 'liebe kolleginnen und kollegen', 'mit kollegialen grüßen', 'mit freundlichem gruß',
    'geachte collega', 'beste collega', 'waarde collega', 'met vriendelijke groet', 'met collegiale groet',
    'gentile collega', 'caro collega', 'cordiali saluti', 'distinti saluti',
  ] },
  // How a doctor's letter opens about one patient ("wir berichten über unsere gemeinsame Patientin"): a letter, whatever results it quotes.
  { id: 'summary.letter-opening.i18n', category: 'clinical-summary', weight: 5, any: [
    'wir berichten über', 'wir berichten ihnen', 'berichten wir über', 'unsere gemeinsame patientin', 'unseren gemeinsamen patienten', 'o.g. patientin', 'o.g. patienten', 'o.g. patient',
    'hierbij bericht ik u', 'wij zagen uw patiënt', 'wij zagen uw patiënte', 'uw patiënt', 'uw patiënte',
    'le remitimos', 'remitimos a', 'je vous remercie de m\'avoir adressé', 'merci de m\'avoir adressé', 'votre patient', 'votre patiente',
    'il suo paziente', 'la sua paziente', 'abbiamo visitato',
  ] },
  { id: 'summary.sections.i18n', category: 'clinical-summary', weight: 2, any: [
    '现病史', '既往史', '诊疗计划', '处理意见', '主诉', '体格检查', '辅助检查', '初步诊断', '专科检查', '个人史', '家族史', '婚育史',
    'antecedentes personales', 'enfermedad actual', 'exploración física', 'juicio clínico', 'plan terapéutico',
    'antécédents', 'histoire de la maladie', 'examen clinique', 'conduite à tenir', 'au total',
    'anamnese', 'beurteilung und procedere', 'procedere', 'therapieempfehlung', 'tumorboard',
    'التاريخ المرضي', 'الفحص السريري', 'الخطة العلاجية', 'التوصيات',
    'रोग का इतिहास', 'शारीरिक परीक्षण', 'उपचार योजना', 'सलाह',
    'diagnosen', 'aktuelle anamnese', 'sozialanamnese', 'familienanamnese', 'körperlicher untersuchungsbefund', 'klinischer befund', 'empfehlung', 'weiteres procedere',
    'lichamelijk onderzoek', 'voorgeschiedenis', 'conclusie en beleid', 'beleid', 'medicatie',
    'anamnesi', 'anamnesi patologica remota', 'anamnesi patologica prossima', 'esame obiettivo', 'conclusioni diagnostiche', 'terapia consigliata',
  ] },
  // A clinical history opens on who the patient is: "Mujer de 41 años", "âgée de 76 ans", "un paziente di 52 anni", "45-jarige man".
  { id: 'summary.patient-intro.i18n', category: 'clinical-summary', weight: 6, regex: String.raw`(?:(?<!\p{L})(?:paciente|mujer|var[oó]n|hombre|niñ[oa]|lactante|patiente?|femme|homme|enfant|nourrisson|madame|monsieur|paziente|donna|uomo|bambin[oa]|signora|signore|ragazz[oa]|maschio|femmina)(?!\p{L})[^.\n]{0,30}?(?:(?<!\p{L})(?:de|di|d'|dell'età di)\s*)?\d{1,3}\s*(?:años|ans|anni|mes(?:es)?|mois|mesi)(?!\p{L})|(?<!\p{L})âgée? de \d{1,3} ans(?!\p{L})|(?<!\p{L})\d{1,3}-?jarige(?!\p{L})|(?<!\p{L})\d{1,3}-?jährige[nr]?(?!\p{L}))` },
  // The course of one patient's illness told as a story: how case histories and their published case reports are written.
  { id: 'summary.history.i18n', category: 'clinical-summary', weight: 4, any: [
    'presentamos el caso', 'se presenta el caso', 'describimos el caso', 'se describe el caso', 'caso clínico', 'acude a urgencias', 'acude a consulta', 'acudió', 'consultó por', 'sin antecedentes de interés', 'a la exploración física',
    'nous rapportons le cas', 'nous rapportons', 'nous présentons le cas', 'nous décrivons le cas', 'cas clinique', 'a consulté pour', 'consulte pour', 'admis pour', 'admise pour', 'hospitalisé pour', 'hospitalisée pour', "l'examen clinique", 'sans antécédents',
    'presentiamo il caso', 'riportiamo il caso', 'riportano il caso', 'segnaliamo il caso', 'descriviamo il caso', 'caso clinico', 'veniva ricoverato', 'veniva ricoverata', 'veniva sottoposto', 'veniva sottoposta', "all'esame clinico", 'giunto alla nostra osservazione', 'giunta alla nostra osservazione', 'giungeva alla nostra osservazione', "all'esame obiettivo",
    'stellte sich',
    'presenteerde zich', 'meldde zich', 'werd gezien', 'bij lichamelijk onderzoek',
  ] },

  // molecular report
  { id: 'mol.title.i18n', category: 'molecular-report', weight: 9, titleOnly: true, any: [
    '基因检测报告', '分子病理报告', '基因突变检测', '二代测序',
    'informe de biología molecular', 'informe molecular', 'estudio molecular', 'secuenciación masiva',
    'rapport de biologie moléculaire', 'compte rendu de biologie moléculaire', 'analyse moléculaire', 'génétique somatique',
    'molekularpathologischer befund', 'molekularpathologie', 'molekulare diagnostik', 'mutationsanalyse',
    'تقرير التحليل الجزيئي', 'التحليل الجيني', 'الفحص الجيني',
    'आणविक परीक्षण रिपोर्ट', 'जीन परीक्षण रिपोर्ट', 'जेनेटिक टेस्ट रिपोर्ट',
    'moleculaire pathologie', 'moleculair onderzoek', 'mutatieanalyse', 'patologia molecolare', 'analisi molecolare', 'analisi mutazionale',
  ] },

  // treatment history (systemic therapy)
  { id: 'tx.title.i18n', category: 'treatment-history', weight: 8, titleOnly: true, any: [
    '化疗记录', '化疗方案', '治疗记录',
    'hoja de tratamiento', 'registro de quimioterapia', 'esquema de quimioterapia',
    'fiche de chimiothérapie', 'protocole de chimiothérapie', 'plan de traitement',
    'chemotherapieprotokoll', 'therapieplan', 'chemotherapie',
    'سجل العلاج الكيميائي', 'العلاج الكيميائي',
    'कीमोथेरेपी रिकॉर्ड', 'कीमोथेरेपी',
    'chemotherapieschema', 'behandelplan', 'schema chemioterapico', 'piano terapeutico',
  ] },
];
