import { describe, expect, it } from 'vitest';
import { classifyDocumentText } from '../../src/classify/document.js';
import { narrativeReason, narrativeShape } from '../../src/classify/narrative.js';

// Invented Chinese texts (our own words, no real patient): how a hospital record tells a case, and two reports
// in their usual printed form that must keep their own category.
const RECORD = `患者，男，65岁，因“咳嗽、痰中带血2月”于2025年3月来我院就诊，门诊以“右肺占位”收入我科。
患者2月前无明显诱因出现咳嗽，伴痰中带血，无发热、胸痛，未予重视，症状逐渐加重。
既往体健，否认高血压、糖尿病史，吸烟40年，每日20支，否认家族肿瘤史。
查体：浅表淋巴结未触及肿大，右肺呼吸音减低，未闻及明显干湿啰音，腹软无压痛。
胸部CT示右肺上叶见一不规则肿块，大小约4.2cm×3.5cm，纵隔见肿大淋巴结，考虑肺癌可能性大。
行支气管镜下活检，病理提示鳞状细胞癌，免疫组化支持诊断，确诊为右肺上叶鳞癌（cT2bN2M0）。
完善检查后于2025年4月行胸腔镜下右肺上叶切除术加纵隔淋巴结清扫术，手术顺利。
术后予GP方案辅助化疗4个周期，患者耐受可，术后恢复良好，病情平稳后出院，定期复查随访。`;

// The same kind of story in traditional characters, shorter.
const RECORD_TRADITIONAL = `患者女性，52歲，因發現左乳腫物1月來我院就診，門診以乳腺腫物收入院。
查體可於左乳外上象限觸及一約2.5cm腫物，質硬，邊界不清，活動度差，腋窩未觸及腫大淋巴結。
彩超示左乳實性佔位，穿刺活檢病理確診為浸潤性導管癌，免疫組化示激素受體陽性。
行左乳改良根治術，術後予化療及內分泌治療，恢復好，病情穩定，囑定期複查。`;

// A treatment course as records write it: dates in digits between the words, which must not make it a table.
const COURSE = `患者女性，58岁，2023-05-10因“腹胀伴消瘦3月”于我院就诊，CT示胃窦部胃壁增厚，胃镜活检病理确诊为胃窦低分化腺癌。
于2023-05-20行腹腔镜下远端胃癌根治术，术后病理示肿瘤侵及浆膜层，淋巴结转移（5/23）。
术后于2023-06-25、2023-07-16、2023-08-06行第1-3周期XELOX方案辅助化疗，过程顺利，无明显不良反应。
2023-09复查CT未见复发及转移，后继续完成第4-8周期化疗，定期随访，病情稳定。`;

const LAB = `检验报告单
姓名：张三    性别：男    年龄：65岁
标本：静脉血    采样日期：2025年9月15日
项目            结果      单位        参考范围
白细胞          11.2      10^9/L      3.5-9.5
血红蛋白        98        g/L         130-175
血小板          320       10^9/L      125-350
肌酐            88        umol/L      57-111
总胆红素        15.2      umol/L      3.4-20.5
检验医师：李四    报告日期：2025年9月16日`;

const PATHOLOGY = `病理诊断报告
姓名：赵敏    性别：女    年龄：49岁    病理号：P2025-1234
送检科室：甲乳外科    采样日期：2025年5月6日

临床诊断：左乳肿物

大体所见：
左乳改良根治标本，于外上象限见一肿物，大小2.5×2.0×1.8cm，切面灰白，质硬，与周围界限不清。

镜下所见：
肿瘤细胞呈巢团状及条索状排列，浸润性生长，核异型明显，可见核分裂象。

病理诊断：
（左乳）浸润性导管癌，Ⅱ级，切缘未见癌，腋窝淋巴结转移（2/15）。

免疫组化：ER(+)，PR(+)，HER-2(1+)，Ki-67约20%。`;

describe('Chinese case narratives (issue 11)', () => {
  it('measures Chinese prose by characters and sentence marks, and finds the patient and the stages', () => {
    const shape = narrativeShape(RECORD);
    expect(shape.proseShare).toBeGreaterThan(0.8);
    expect(shape.intro).toBeDefined();
    // 查体： opens a line with a colon: a heading, one of the two a narrative may hold.
    expect(shape.sectionHeadings).toBe(1);
    expect(shape.stages).toEqual(['presentation', 'history', 'examination', 'tests', 'diagnosis', 'treatment', 'course']);
    expect(narrativeReason(shape)?.category).toBe('clinical-summary');
  });

  it('recognises a Chinese record narrative as a clinical summary', () => {
    const verdict = classifyDocumentText(RECORD, '病历.pdf');
    expect(verdict.category).toBe('clinical-summary');
    expect(verdict.tiedWith).toEqual([]);
  });

  it('recognises a record written in traditional characters', () => {
    const shape = narrativeShape(RECORD_TRADITIONAL);
    expect(shape.intro).toBeDefined();
    expect(shape.stages.length).toBeGreaterThanOrEqual(5);
    expect(classifyDocumentText(RECORD_TRADITIONAL, 'scan 2.pdf').category).toBe('clinical-summary');
  });

  it('reads a treatment course full of dates as prose, and the case in it as a clinical summary', () => {
    const shape = narrativeShape(COURSE);
    expect(shape.proseShare).toBeGreaterThan(0.8);
    expect(shape.stages).toEqual(expect.arrayContaining(['treatment', 'course']));
    expect(classifyDocumentText(COURSE, 'scan 7.pdf').category).toBe('clinical-summary');
  });

  it('keeps a Chinese lab table a lab report: field rows and value lines are not prose', () => {
    const shape = narrativeShape(LAB);
    expect(shape.proseShare).toBeLessThan(0.6);
    expect(shape.valueLines).toBeGreaterThanOrEqual(3);
    expect(narrativeReason(shape)).toBeUndefined();
    expect(classifyDocumentText(LAB, '化验单.pdf').category).toBe('lab-results');
  });

  it('keeps a Chinese pathology report with its title and headed parts a pathology report', () => {
    const shape = narrativeShape(PATHOLOGY);
    expect(shape.sectionHeadings).toBeGreaterThanOrEqual(4);
    expect(narrativeReason(shape)).toBeUndefined();
    expect(classifyDocumentText(PATHOLOGY, '报告.pdf').category).toBe('pathology-report');
  });

  it('lets a report title win over the story under it', () => {
    expect(classifyDocumentText(`出院记录\n\n${RECORD}`, 'a.pdf').category).toBe('discharge-summary');
    expect(classifyDocumentText(`手术记录\n\n${RECORD}`, 'a.pdf').category).toBe('operative-report');
  });

  it('counts 主诉：/现病史： opening lines as headings: a record in headed parts is not a narrative', () => {
    const headed = `主诉：咳嗽、痰中带血2月。
现病史：患者，男，65岁，2月前无明显诱因出现咳嗽，伴痰中带血，于我院就诊，胸部CT示右肺上叶肿块。
既往史：既往体健，否认高血压、糖尿病史，否认家族肿瘤史，吸烟40年。
查体：浅表淋巴结未触及肿大，右肺呼吸音减低，腹软无压痛。
诊疗经过：行右肺上叶切除术，术后予化疗，恢复良好后出院，定期复查。`;
    const shape = narrativeShape(headed);
    expect(shape.sectionHeadings).toBe(5);
    expect(narrativeReason(shape)).toBeUndefined();
  });

  it('does not take a Chinese notice in sentences for a case', () => {
    const notice = `本院门诊时间为每周一至周五上午八点至下午五点，节假日另行通知，请提前预约挂号。
就诊时请携带身份证和医保卡，以及既往的检查资料和正在使用的药物清单，以便医生了解情况。
医院停车场位于住院楼后方，车位有限，建议乘坐公共交通前来，地铁站距离医院步行约五分钟。`;
    expect(narrativeReason(narrativeShape(notice))).toBeUndefined();
  });
  // A history of present illness as an admission record writes it (invented): no age or sex, no headings, the
  // illness told from when it began; an English letterhead and patient-header table above it, as a printout has.
  const HPI = `患者3月前无明显诱因出现上腹部隐痛，进食后加重，伴反酸、嗳气，体重减轻约4kg，未予重视。
1月前于外院行胃镜检查示胃窦部溃疡型肿物，活检病理示低分化腺癌，我院病理科会诊意见同前。
腹部CT示胃窦壁增厚，周围见多发小淋巴结，肝内未见明确占位。现为进一步治疗收入我科。`;
  const PRINTED = `Riverside General Hospital\nHealth Information Services\n400 Hospital Drive, Springfield\nTel 555-0100 Fax 555-0101\nPatient: Jane Doe          MRN: 00412345\nDOB: 04/12/1961            Printed: 11/02/2025\n\n${HPI}`;

  it('finds a history of present illness by how it opens, when the illness began, and calls it a clinical summary', () => {
    for (const opening of ['患者3月前', '缘于入院前2+个月', '10+天前', '1年2月前', '入院前1周', '2011年4月起患者', '因“腹痛3天”']) {
      expect(narrativeShape(`${opening}无明显诱因出现腹痛，于当地医院就诊，行CT检查示肝占位，予对症治疗后好转。`).intro, opening).toBeDefined();
    }
    expect(narrativeShape('胃镜示胃窦溃疡，3月前曾服用奥美拉唑。').intro).toBeUndefined();
    const shape = narrativeShape(HPI);
    expect(shape.intro).toBe('患者3月前');
    expect(narrativeReason(shape)?.category).toBe('clinical-summary');
    expect(classifyDocumentText(HPI, 'scan 3.pdf').category).toBe('clinical-summary');
  });

  it('does not let an English letterhead and header table outweigh the Chinese record under them', () => {
    expect(narrativeShape(PRINTED).proseShare).toBeGreaterThan(0.8);
    const verdict = classifyDocumentText(PRINTED, 'scan 4.pdf');
    expect(verdict.category).toBe('clinical-summary');
    // 病理科 in the first sentence is a mention of the department, not the document's title.
    expect(verdict.reasons.some((r) => r.rule === 'path.title.i18n')).toBe(false);
  });

  it('reads a long sentence that quotes results with colons as prose, not as a form row', () => {
    const quoted = `半年来患者因黑便多次住院，查血常规：血红蛋白 89g/L，电解质：血钾 4.70mmol/L，肾功能：血肌酐 638umol/L，诊断为慢性肾脏病，予输血、止血等治疗后好转出院。`;
    expect(narrativeShape(quoted).proseShare).toBeGreaterThan(0.8);
    expect(narrativeShape('姓名：王丽华 性别：女 年龄：45岁').proseShare).toBeLessThan(0.5);
  });
  // A discharge record in the four parts Chinese records are kept in, with no title line (invented).
  const PARTS: [string, string][] = [
    ['一般项目', '患者王某，男，62岁，汉族，已婚，退休工人，于2025年3月2日入院。'],
    ['病史特点', '1.老年男性，因“反复上腹痛3月，黑便1周”入院。2.既往高血压病史10年。3.查体：上腹部轻压痛。4.胃镜示胃窦溃疡型肿物，活检病理示腺癌。'],
    ['诊疗经过', '入院后完善相关检查，于2025年3月8日在全麻下行腹腔镜根治性远端胃大部切除术，术后予抗感染、营养支持治疗，恢复顺利。'],
    ['出院情况', '患者一般情况好，无腹痛腹胀，饮食睡眠可，切口愈合良好，予以出院。'],
  ];

  it.each([
    ['alone on their lines', PARTS.map(([h, t]) => `${h}\n${t}`).join('\n\n')],
    ['opening their lines with a colon', PARTS.map(([h, t]) => `${h}：${t}`).join('\n')],
  ])('reads an untitled record in headed parts (%s) as a discharge record, not a narrative', (_, text) => {
    expect(narrativeReason(narrativeShape(text))).toBeUndefined();
    expect(classifyDocumentText(text, 'scan 5.pdf').category).toBe('discharge-summary');
  });

  it('names admission records and progress notes clinical summaries by their titles', () => {
    expect(classifyDocumentText('入院记录\n主诉：反复上腹痛3月。\n现病史：患者3月前无明显诱因出现上腹痛。\n既往史：高血压病史10年。\n体格检查：上腹部轻压痛。', 'a.pdf').category).toBe('clinical-summary');
    expect(classifyDocumentText('首次病程记录\n病例特点：老年男性，反复上腹痛3月。\n初步诊断：胃窦癌？\n诊疗计划：完善胃镜及CT检查。', 'a.pdf').category).toBe('clinical-summary');
  });
});
