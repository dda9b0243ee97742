import type { CategoryId } from '../model/categories.js';

/** rules.ts's TextRule as far as these rules use it (phrase lists), declared here so the two files do not import each other. */
interface PhraseRule { id: string; category: CategoryId; weight: number; titleOnly?: boolean; any: string[] }

/**
 * Titles and section headings of the main report types in Chinese
 * (simplified), Spanish, French, German, Arabic and Hindi: data for the same
 * engine as the English rules (rules.ts), with the same weights by kind, so a
 * title counts as a title and a heading as a heading in any language. What a
 * hospital in each country prints at the top of the report, from the
 * languages' standard clinical vocabulary, written before any evaluation
 * document was read against them (fixtures/eval-languages).
 *
 * Matching is case-insensitive; Chinese phrases match inside longer runs of
 * characters (no spaces between words), the others on word boundaries.
 * Arabic phrases are given with and without the article ال where both occur.
 * Accents are written as hospitals print them; OCR that drops them (anatomia
 * patologica) is listed where it is common.
 */
export const TEXT_RULES_I18N: readonly PhraseRule[] = [
  // pathology report
  { id: 'path.title.i18n', category: 'pathology-report', weight: 8, titleOnly: true, any: [
    '病理报告', '病理诊断报告', '病理检查报告', '病理报告单', '组织病理学报告', '细胞病理学报告', '病理科',
    'informe de anatomía patológica', 'informe anatomopatológico', 'informe de anatomia patologica', 'informe histopatológico', 'informe de patología', 'informe citológico', 'anatomía patológica',
    'compte rendu anatomo-pathologique', 'compte-rendu anatomo-pathologique', 'compte rendu anatomopathologique', "compte rendu d'anatomie pathologique", 'anatomie et cytologie pathologiques', 'anatomie pathologique', 'examen anatomopathologique', 'rapport histopathologique',
    'pathologischer befund', 'pathologisch-anatomischer befund', 'histologischer befund', 'histopathologischer befund', 'histopathologie', 'zytologischer befund', 'institut für pathologie', 'pathologie-befund', 'pathologiebefund',
    'تقرير الباثولوجيا', 'تقرير باثولوجيا', 'تقرير علم الأمراض', 'تقرير الأنسجة', 'تقرير علم الأنسجة', 'تقرير التشريح المرضي', 'تقرير الخزعة', 'قسم علم الأمراض',
    'हिस्टोपैथोलॉजी रिपोर्ट', 'हिस्टोपैथोलॉजी', 'पैथोलॉजी रिपोर्ट', 'ऊतक विकृति विज्ञान रिपोर्ट', 'विकृति विज्ञान रिपोर्ट', 'बायोप्सी रिपोर्ट', 'साइटोलॉजी रिपोर्ट',
  ] },
  { id: 'path.sections.i18n', category: 'pathology-report', weight: 3, any: [
    '大体所见', '肉眼所见', '镜下所见', '病理诊断', '免疫组化', '送检标本', '标本类型',
    'descripción macroscópica', 'descripción microscópica', 'diagnóstico anatomopatológico', 'inmunohistoquímica', 'material remitido', 'estudio macroscópico', 'estudio microscópico',
    'examen macroscopique', 'examen microscopique', 'description macroscopique', 'description microscopique', 'immunohistochimie', 'renseignements cliniques',
    'makroskopie', 'mikroskopie', 'makroskopischer befund', 'mikroskopischer befund', 'immunhistochemie', 'klinische angaben', 'einsendung',
    'الوصف العياني', 'الفحص العياني', 'الوصف المجهري', 'الفحص المجهري', 'التشخيص النسيجي', 'الكيمياء المناعية النسيجية', 'المعلومات السريرية',
    'स्थूल विवरण', 'सूक्ष्म विवरण', 'सूक्ष्मदर्शी विवरण', 'नैदानिक विवरण', 'इम्यूनोहिस्टोकेमिस्ट्री',
  ] },
  { id: 'path.findings.i18n', category: 'pathology-report', weight: 2, any: [
    '腺癌', '切缘', '淋巴结转移', 
    'bordes quirúrgicos', 'márgenes', 'diferenciado', 'invasión perineural', 'patólogo', 'patóloga',
    'adénocarcinome', 'carcinome', 'marges', 'différencié', 'engainements périnerveux', 'pathologiste',
    'adenokarzinom', 'karzinom', 'resektionsrand', 'differenziert', 'perineuralscheideninfiltration', 'fachärztin für pathologie', 'facharzt für pathologie',
    'سرطانة', 'سرطانة غدية', 'متوسطة التمايز', 'الحواف الجراحية', 'أخصائي علم الأمراض', 'أخصائية علم الأمراض',
    'एडेनोकार्सिनोमा', 'कार्सिनोमा', 'विभेदित', 'रोगविज्ञानी', 'पैथोलॉजिस्ट',
  ] },

  // imaging report
  { id: 'img.title.i18n', category: 'imaging-report', weight: 8, titleOnly: true, any: [
    '影像报告', '影像诊断报告', '放射科', 'CT检查报告', 'CT报告', '磁共振检查报告', 'MRI检查报告', '超声检查报告', '超声报告', 'PET-CT报告', '检查报告单',
    'informe radiológico', 'informe de radiología', 'informe de tomografía computarizada', 'informe de TC', 'informe de resonancia magnética', 'resonancia magnética', 'tomografía computarizada', 'informe ecográfico', 'ecografía', 'informe de imagen', 'servicio de radiología', 'radiodiagnóstico',
    'compte rendu radiologique', "compte rendu d'imagerie", 'compte rendu de scanner', 'scanner thoraco-abdomino-pelvien', 'tomodensitométrie', 'IRM', 'imagerie par résonance magnétique', 'échographie', 'TEP-scanner', 'service de radiologie', 'imagerie médicale',
    'radiologischer befund', 'CT-befund', 'MRT-befund', 'computertomographie', 'computertomografie', 'magnetresonanztomographie', 'magnetresonanztomografie', 'kernspintomographie', 'sonographie', 'ultraschall', 'PET-CT-befund', 'institut für radiologie', 'radiologie',
    'تقرير الأشعة', 'تقرير التصوير', 'تقرير التصوير المقطعي', 'تقرير التصوير المقطعي المحوسب', 'التصوير المقطعي المحوسب', 'تقرير الرنين المغناطيسي', 'الرنين المغناطيسي', 'الموجات فوق الصوتية', 'قسم الأشعة', 'قسم الأشعة التشخيصية',
    'रेडियोलॉजी रिपोर्ट', 'सीटी स्कैन रिपोर्ट', 'सीटी स्कैन', 'एमआरआई रिपोर्ट', 'एमआरआई', 'अल्ट्रासाउंड रिपोर्ट', 'अल्ट्रासाउंड', 'इमेजिंग रिपोर्ट',
  ] },
  { id: 'img.sections.i18n', category: 'imaging-report', weight: 2, any: [
    '检查方法', '影像所见', '影像诊断', '检查所见', '诊断意见', '增强扫描', '检查部位',
    'técnica', 'hallazgos', 'conclusión', 'impresión diagnóstica', 'indicación clínica', 'contraste', 'radiólogo', 'radióloga',
    'résultats', 'injection de produit de contraste', 'radiologue',
    'technik', 'befund', 'beurteilung', 'fragestellung', 'kontrastmittel', 'facharzt für radiologie', 'fachärztin für radiologie',
    'التقنية', 'النتائج', 'الخلاصة', 'الانطباع', 'دواعي الفحص', 'الصبغة', 'طبيب الأشعة',
    'तकनीक', 'निष्कर्ष', 'प्रभाव', 'कंट्रास्ट', 'रेडियोलॉजिस्ट',
  ] },

  // laboratory results
  { id: 'lab.title.i18n', category: 'lab-results', weight: 8, titleOnly: true, any: [
    '检验报告', '检验报告单', '血常规', '生化检验报告', '肿瘤标志物', '检验科',
    'informe de laboratorio', 'resultados de laboratorio', 'análisis clínicos', 'hemograma', 'bioquímica', 'marcadores tumorales',
    "compte rendu d'analyses", "compte rendu d'analyses de biologie médicale", 'résultats de laboratoire', 'biologie médicale', 'laboratoire de biologie médicale', 'numération formule sanguine', 'bilan biologique', 'marqueurs tumoraux',
    'laborbefund', 'laborwerte', 'laborbericht', 'blutbild', 'klinische chemie', 'tumormarker',
    'تقرير المختبر', 'نتائج المختبر', 'نتائج التحاليل', 'تحليل الدم', 'صورة الدم الكاملة', 'دلالات الأورام',
    'रक्त जांच रिपोर्ट', 'रक्त जांच', 'प्रयोगशाला रिपोर्ट', 'लैब रिपोर्ट', 'खून की जांच', 'प्रयोगशाला चिकित्सा विभाग',
  ] },
  { id: 'lab.ranges.i18n', category: 'lab-results', weight: 4, any: [
    '参考范围', '参考值', '结果', '单位',
    'valores de referencia', 'intervalo de referencia', 'resultado', 'unidades',
    'valeurs de référence', 'valeurs normales', 'résultat', 'unités',
    'referenzbereich', 'normbereich', 'normwerte', 'ergebnis', 'einheit',
    'المعدل الطبيعي', 'القيم المرجعية', 'النتيجة', 'الوحدة',
    'संदर्भ सीमा', 'सामान्य सीमा', 'परिणाम', 'इकाई',
  ] },
  { id: 'lab.analytes.i18n', category: 'lab-results', weight: 3, any: [
    '血红蛋白', '白细胞', '血小板', '肌酐', '胆红素',
    'hemoglobina', 'leucocitos', 'plaquetas', 'creatinina', 'bilirrubina',
    'hémoglobine', 'leucocytes', 'plaquettes', 'créatinine', 'bilirubine',
    'hämoglobin', 'leukozyten', 'thrombozyten', 'kreatinin', 
    'الهيموغلوبين', 'خلايا الدم البيضاء', 'الصفائح الدموية', 'الكرياتينين', 'البيليروبين',
    'हीमोग्लोबिन', 'श्वेत रक्त कोशिकाएं', 'प्लेटलेट्स', 'क्रिएटिनिन', 'बिलीरुबिन',
  ] },

  // operative report
  { id: 'op.title.i18n', category: 'operative-report', weight: 8, titleOnly: true, any: [
    '手术记录', '手术报告', '手术记录单',
    'informe operatorio', 'informe quirúrgico', 'protocolo quirúrgico', 'hoja operatoria', 'nota operatoria',
    'compte rendu opératoire', 'compte-rendu opératoire', "compte rendu d'intervention", 'protocole opératoire',
    'operationsbericht', 'op-bericht', 'operationsprotokoll',
    'تقرير العملية', 'تقرير العملية الجراحية', 'تقرير جراحي', 'مذكرة العملية',
    'ऑपरेशन रिपोर्ट', 'ऑपरेशन नोट', 'शल्य चिकित्सा रिपोर्ट', 'सर्जरी रिपोर्ट',
  ] },
  { id: 'op.sections.i18n', category: 'operative-report', weight: 3, any: [
    '手术名称', '手术日期', '术前诊断', '术后诊断', '手术经过', '麻醉方式', '主刀医师', '术中所见', '出血量',
    'diagnóstico preoperatorio', 'diagnóstico postoperatorio', 'procedimiento realizado', 'cirujano', 'ayudante', 'anestesia general', 'hallazgos operatorios', 'sangrado estimado',
    'opérateur', 'anesthésie générale', 'description opératoire', 'pertes sanguines', 'indication opératoire',
    'operateur', 'assistenz', 'narkose', 'operationsindikation', 'op-verlauf', 'operationsverlauf', 'blutverlust', 'diagnose präoperativ',
    'الجراح', 'التخدير', 'التخدير العام', 'خطوات العملية', 'التشخيص قبل العملية', 'التشخيص بعد العملية',
    'सर्जन', 'एनेस्थीसिया', 'ऑपरेशन से पहले का निदान', 'ऑपरेशन के बाद का निदान', 'प्रक्रिया',
  ] },

  // discharge summary
  { id: 'dc.title.i18n', category: 'discharge-summary', weight: 9, titleOnly: true, any: [
    '出院小结', '出院记录', '出院总结', '出院证明',
    'informe de alta', 'informe de alta hospitalaria', 'epicrisis', 'resumen de alta',
    'compte rendu d\'hospitalisation', 'lettre de sortie', 'compte rendu de sortie', 'résumé de sortie',
    'entlassungsbericht', 'entlassbrief', 'entlassungsbrief', 'epikrise',
    'ملخص الخروج', 'ملخص الخروج من المستشفى', 'تقرير الخروج', 'تقرير خروج', 'ملخص الخروج من المشفى',
    'डिस्चार्ज सारांश', 'डिस्चार्ज समरी', 'छुट्टी सारांश', 'छुट्टी का सारांश', 'डिस्चार्ज कार्ड',
  ] },
  { id: 'dc.terms.i18n', category: 'discharge-summary', weight: 3, any: [
    '入院日期', '出院日期', '入院诊断', '出院诊断', '诊疗经过', '出院医嘱', '出院情况', '住院经过',
    'fecha de ingreso', 'fecha de alta', 'motivo de ingreso', 'evolución', 'diagnóstico al alta', 'diagnóstico principal al alta', 'tratamiento al alta',
    "date d'entrée", 'date de sortie', "motif d'hospitalisation", 'évolution', 'traitement de sortie', 'diagnostic de sortie',
    'aufnahmedatum', 'entlassungsdatum', 'aufnahmegrund', 'verlauf', 'entlassungsmedikation', 'entlassungsdiagnose',
    'تاريخ الدخول', 'تاريخ الخروج', 'سبب الدخول', 'سير الحالة', 'التشخيص عند الخروج', 'الأدوية عند الخروج',
    'भर्ती की तिथि', 'छुट्टी की तिथि', 'डिस्चार्ज की तिथि', 'अस्पताल में उपचार', 'छुट्टी के समय दवाइयाँ', 'छुट्टी के समय',
  ] },

  // clinical summary / referral letter
  { id: 'summary.title.i18n', category: 'clinical-summary', weight: 6, titleOnly: true, any: [
    '病情摘要', '病历摘要', '会诊意见', '会诊记录', '转诊信', '门诊病历',
    'informe clínico', 'informe médico', 'resumen clínico', 'carta de derivación', 'informe de consulta', 'nota de consulta',
    'compte rendu de consultation', 'lettre de consultation', 'courrier médical', 'résumé clinique', "lettre d'adressage",
    'arztbrief', 'ambulanzbrief', 'konsiliarbericht', 'überweisungsbrief', 'befundbericht', 'ärztlicher bericht',
    'تقرير طبي', 'ملخص طبي', 'ملخص الحالة', 'رسالة تحويل', 'خطاب تحويل', 'تقرير استشارة',
    'चिकित्सा सारांश', 'रेफरल पत्र', 'परामर्श नोट', 'मेडिकल रिपोर्ट',
  ] },
  { id: 'summary.salutation.i18n', category: 'clinical-summary', weight: 3, any: [
    '此致', '敬礼',
    'estimado colega', 'estimada colega', 'atentamente', 'un saludo cordial',
    'cher confrère', 'chère consœur', 'chère consoeur', 'confraternellement', 'bien cordialement',
    'sehr geehrte frau kollegin', 'sehr geehrter herr kollege', 'mit freundlichen grüßen', 'mit freundlichen kollegialen grüßen', 'wir berichten über',
    'الزميل العزيز', 'مع التحية', 'وتفضلوا بقبول فائق الاحترام',
    'प्रिय डॉक्टर', 'सादर',
  ] },
  { id: 'summary.sections.i18n', category: 'clinical-summary', weight: 2, any: [
    '现病史', '既往史', '诊疗计划', '处理意见',
    'antecedentes personales', 'enfermedad actual', 'exploración física', 'juicio clínico', 'plan terapéutico',
    'antécédents', 'histoire de la maladie', 'examen clinique', 'conduite à tenir', 'au total',
    'anamnese', 'beurteilung und procedere', 'procedere', 'therapieempfehlung', 'tumorboard',
    'التاريخ المرضي', 'الفحص السريري', 'الخطة العلاجية', 'التوصيات',
    'रोग का इतिहास', 'शारीरिक परीक्षण', 'उपचार योजना', 'सलाह',
  ] },

  // molecular report
  { id: 'mol.title.i18n', category: 'molecular-report', weight: 9, titleOnly: true, any: [
    '基因检测报告', '分子病理报告', '基因突变检测', '二代测序',
    'informe de biología molecular', 'informe molecular', 'estudio molecular', 'secuenciación masiva',
    'rapport de biologie moléculaire', 'compte rendu de biologie moléculaire', 'analyse moléculaire', 'génétique somatique',
    'molekularpathologischer befund', 'molekularpathologie', 'molekulare diagnostik', 'mutationsanalyse',
    'تقرير التحليل الجزيئي', 'التحليل الجيني', 'الفحص الجيني',
    'आणविक परीक्षण रिपोर्ट', 'जीन परीक्षण रिपोर्ट', 'जेनेटिक टेस्ट रिपोर्ट',
  ] },

  // treatment history (systemic therapy)
  { id: 'tx.title.i18n', category: 'treatment-history', weight: 8, titleOnly: true, any: [
    '化疗记录', '化疗方案', '治疗记录',
    'hoja de tratamiento', 'registro de quimioterapia', 'esquema de quimioterapia',
    'fiche de chimiothérapie', 'protocole de chimiothérapie', 'plan de traitement',
    'chemotherapieprotokoll', 'therapieplan', 'chemotherapie',
    'سجل العلاج الكيميائي', 'العلاج الكيميائي',
    'कीमोथेरेपी रिकॉर्ड', 'कीमोथेरेपी',
  ] },
];
