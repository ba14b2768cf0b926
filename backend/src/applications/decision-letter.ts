import * as fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ApplicationKind, ApplicationState, OverlayCondition, ProposedStructure } from '@cosite/contracts';

/**
 * The regulator's decision letter (批复): a numbered PDF the applicant files with its records. Pure apart from
 * reading the font: everything it says is handed in.
 */

/** A letter number in the regulator's style, e.g. 渝通管函〔2026〕0001号: the year's sequence, four digits. */
export const letterNumber = (year: number, n: number): string => `渝通管函〔${year}〕${String(n).padStart(4, '0')}号`;

/** The year as the regulator counts it (Chongqing's, UTC+8): a decision at 01:00 on 1 January is the new year's. */
export const shanghaiYear = (at: Date): number => Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));

const shanghaiDate = (iso: string, lang: Lang): string => {
  const d = new Date(iso);
  const part = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', ...o }).format(d);
  return lang === 'zh'
    ? `${part({ year: 'numeric' })}年${Number(part({ month: 'numeric' }))}月${Number(part({ day: 'numeric' }))}日`
    : new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
};

export type Lang = 'zh' | 'en';

/** Everything a letter says. */
export interface LetterContent {
  number: string;
  decidedAt: string;
  decision: Extract<ApplicationState, 'approved' | 'rejected'>;
  code: string;
  kind: ApplicationKind;
  issuer: { zh: string; en: string };
  applicant: { zh: string; en: string };
  operator: { zh: string; en: string };
  site: { lon: number; lat: number; district: { zh: string; en: string | null } | null };
  structure: { name: string; code: string | null; kind: string; heightM: number } | null;
  proposedStructure: ProposedStructure | null;
  conditions: OverlayCondition[];
  comment: string | null;
  regulator: string | null;
}

// the letter's own words; codes never reach the page
const WORDS = {
  zh: {
    title: (c: LetterContent) => `关于${c.applicant.zh}${KIND_WORDS.zh[c.kind]}申请（${c.code}）的批复`,
    to: (c: LetterContent) => `${c.applicant.zh}：`,
    opening: (c: LetterContent) =>
      `你单位报送的${KIND_WORDS.zh[c.kind]}申请（编号 ${c.code}）收悉。经审查，${c.decision === 'approved' ? '同意该申请，请按下列条件实施。' : '不予批准，理由见审查意见。'}`,
    labels: ['申请编号', '申请类型', '运营商', '站址', '铁塔／杆体', '审批结论'],
    decision: { approved: '批准', rejected: '不予批准' },
    conditions: '附加条件',
    noConditions: '无附加条件。',
    comment: '审查意见',
    regulator: '审批人：',
    newStructure: (p: ProposedStructure) => `新建${STRUCTURE_WORDS.zh[p.kind] ?? '杆塔'}，高 ${p.heightM} 米，挂载位 ${p.slotsTotal} 个`,
    structure: (s: NonNullable<LetterContent['structure']>) =>
      `${s.name}${s.code ? `（${s.code}）` : ''}，${STRUCTURE_WORDS.zh[s.kind] ?? '杆塔'}，高 ${s.heightM} 米`,
    site: (c: LetterContent) => `${c.site.district ? `${c.site.district.zh}，` : ''}东经 ${c.site.lon.toFixed(5)}°，北纬 ${c.site.lat.toFixed(5)}°`,
    overlay: (o: string) => `（${OVERLAY_WORDS.zh[o] ?? '管控区'}）`,
  },
  en: {
    title: (c: LetterContent) => `Decision on the ${KIND_WORDS.en[c.kind]} application ${c.code} of ${c.applicant.en}`,
    to: (c: LetterContent) => `To ${c.applicant.en}:`,
    opening: (c: LetterContent) =>
      `We have received your ${KIND_WORDS.en[c.kind]} application ${c.code}. Having reviewed it, we ${c.decision === 'approved' ? 'approve it, subject to the conditions below.' : 'do not approve it, for the reasons given in the review comment.'}`,
    labels: ['Application', 'Kind', 'Operator', 'Site', 'Structure', 'Decision'],
    decision: { approved: 'Approved', rejected: 'Rejected' },
    conditions: 'Conditions',
    noConditions: 'No conditions.',
    comment: 'Review comment',
    regulator: 'Reviewed by: ',
    newStructure: (p: ProposedStructure) => `new ${STRUCTURE_WORDS.en[p.kind] ?? 'structure'}, ${p.heightM} m high, ${p.slotsTotal} mounting slots`,
    structure: (s: NonNullable<LetterContent['structure']>) =>
      `${s.name}${s.code ? ` (${s.code})` : ''}, ${STRUCTURE_WORDS.en[s.kind] ?? 'structure'}, ${s.heightM} m high`,
    site: (c: LetterContent) =>
      `${c.site.district ? `${c.site.district.en ?? c.site.district.zh}, ` : ''}${c.site.lon.toFixed(5)}° E, ${c.site.lat.toFixed(5)}° N`,
    overlay: (o: string) => ` (${OVERLAY_WORDS.en[o] ?? 'controlled area'})`,
  },
} as const;

const KIND_WORDS: Record<Lang, Record<ApplicationKind, string>> = {
  zh: { share: '共享既有铁塔', upgrade: '铁塔改造', new_build: '新建铁塔' },
  en: { share: 'site sharing', upgrade: 'structure upgrade', new_build: 'new build' },
};

const CONDITION_WORDS: Record<Lang, Record<string, string>> = {
  zh: {
    camouflage_required: '须采用美化（伪装）塔型',
    planning_approval_required: '须取得规划部门审批',
    city_appearance_required: '须符合市容景观要求',
    preferred_site: '属优先选址区域',
    emf_notice_required: '须向周边敏感点公示电磁辐射评估',
    emf_limit_exceeded: '电磁辐射超出限值，须采取防护措施',
    flood_protection_required: '须采取防洪措施',
    aviation_approval_required: '须取得民航净空审批',
    no_build_zone: '位于禁建区',
    grid_owner_approval_required: '须经电网产权单位同意',
  },
  en: {
    camouflage_required: 'a camouflaged structure is required',
    planning_approval_required: "the planning bureau's approval is required",
    city_appearance_required: 'the city-appearance rules apply',
    preferred_site: 'a preferred site',
    emf_notice_required: 'the EMF assessment must be notified to nearby sensitive sites',
    emf_limit_exceeded: 'the EMF limit is exceeded: protective measures are required',
    flood_protection_required: 'flood protection is required',
    aviation_approval_required: 'aviation clearance approval is required',
    no_build_zone: 'in a no-build zone',
    grid_owner_approval_required: "the grid owner's approval is required",
  },
};

const OVERLAY_WORDS: Record<Lang, Record<string, string>> = {
  zh: {
    scenic_area: '风景名胜区',
    heritage_area: '历史文化保护区',
    nature_reserve: '自然保护区',
    reserved_telecom_land: '通信设施预留用地',
    flood_zone_100y: '百年一遇洪水淹没区',
    residential_area: '居住区',
    school: '学校',
    hospital: '医院',
    no_build_zone: '禁建区',
    airport_clearance: '机场净空区',
  },
  en: {
    scenic_area: 'scenic area',
    heritage_area: 'heritage area',
    nature_reserve: 'nature reserve',
    reserved_telecom_land: 'land reserved for telecoms',
    flood_zone_100y: '100-year flood zone',
    residential_area: 'residential area',
    school: 'school',
    hospital: 'hospital',
    no_build_zone: 'no-build zone',
    airport_clearance: 'airport clearance zone',
  },
};

const STRUCTURE_WORDS: Record<Lang, Record<string, string>> = {
  zh: {
    lattice_tower: '角钢塔',
    monopole: '单管塔',
    camouflaged_tower: '美化塔',
    rooftop: '楼面站',
    street_lamp_pole: '路灯杆',
    utility_pole: '电力杆',
    traffic_sign_pole: '交通标志杆',
    camera_pole: '监控杆',
    smart_pole: '智慧杆',
    indoor_distribution: '室内分布系统',
  },
  en: {
    lattice_tower: 'lattice tower',
    monopole: 'monopole',
    camouflaged_tower: 'camouflaged tower',
    rooftop: 'rooftop site',
    street_lamp_pole: 'street-lamp pole',
    utility_pole: 'utility pole',
    traffic_sign_pole: 'traffic-sign pole',
    camera_pole: 'camera pole',
    smart_pole: 'smart pole',
    indoor_distribution: 'indoor distribution system',
  },
};

/**
 * Parsed fonts, by file and face: reading and parsing the 19 MB CJK collection takes longer than the letter itself,
 * so a process does it once (pdfkit takes a parsed font in place of the file; its typings do not say so).
 */
const PARSED_FONTS = new Map<string, unknown>();

/** The font is missing: the set-up installs Debian's fonts-noto-cjk; say so rather than print empty boxes. */
export class LetterFontMissing extends Error {}

/** The letter as PDF bytes, in Chinese or English (both set in Noto Sans CJK, which has the Latin letters too). */
export function renderDecisionLetter(c: LetterContent, lang: Lang, fontPath: string, fontName: string): Promise<Buffer> {
  if (!fs.existsSync(fontPath)) throw new LetterFontMissing(`the decision letter needs the CJK font ${fontPath}: install Debian's fonts-noto-cjk`);
  const w = WORDS[lang];
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: 80, right: 80 },
    lang: lang === 'zh' ? 'zh-CN' : 'en-GB',
    info: { Title: w.title(c), Author: lang === 'zh' ? c.issuer.zh : c.issuer.en, Subject: c.number },
  });
  const key = `${fontPath}#${fontName}`;
  doc.registerFont('cjk', (PARSED_FONTS.get(key) ?? fs.readFileSync(fontPath)) as Buffer, fontName);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 160;
  doc.font('cjk');
  if (!PARSED_FONTS.has(key)) PARSED_FONTS.set(key, (doc as unknown as { _font: { font: unknown } })._font.font);
  doc
    .fontSize(20)
    .fillColor('#b00000')
    .text(lang === 'zh' ? c.issuer.zh : c.issuer.en, { align: 'center' });
  doc.moveDown(0.4).fontSize(11).fillColor('#000').text(c.number, { align: 'center' });
  const y = doc.y + 6;
  doc
    .moveTo(80, y)
    .lineTo(80 + width, y)
    .lineWidth(1.5)
    .strokeColor('#b00000')
    .stroke();
  doc.moveDown(1.2).fontSize(15).text(w.title(c), { align: 'center' });
  doc.moveDown(1).fontSize(11).text(w.to(c));
  doc.moveDown(0.4).text(w.opening(c), { indent: lang === 'zh' ? 22 : 0, lineGap: 3 });
  doc.moveDown(0.8);

  const structure = c.structure ? w.structure(c.structure) : c.proposedStructure ? w.newStructure(c.proposedStructure) : '—';
  const values = [c.code, KIND_WORDS[lang][c.kind], lang === 'zh' ? c.operator.zh : c.operator.en, w.site(c), structure, w.decision[c.decision]];
  w.labels.forEach((label, k) => {
    const top = doc.y;
    doc.fontSize(10).fillColor('#555').text(label, 80, top, { width: 110 });
    doc.fillColor('#000').text(values[k], 195, top, { width: width - 115 });
    doc.moveDown(0.3);
  });

  doc.moveDown(0.6).fontSize(12).text(w.conditions, 80, doc.y, { width });
  doc.fontSize(10).moveDown(0.2);
  if (c.decision === 'approved' && c.conditions.length) {
    c.conditions.forEach((cond, k) => {
      const words = CONDITION_WORDS[lang][cond.condition] ?? (lang === 'zh' ? '其他条件' : 'another condition');
      doc.text(`${k + 1}. ${words}${w.overlay(cond.overlay)} — ${cond.source}`, { width, lineGap: 2 });
    });
  } else doc.text(w.noConditions, { width });

  if (c.comment) {
    doc.moveDown(0.6).fontSize(12).text(w.comment, { width });
    doc.fontSize(10).moveDown(0.2).text(c.comment, { width, lineGap: 2 });
  }

  doc.moveDown(2).fontSize(11);
  if (c.regulator) doc.text(`${w.regulator}${c.regulator}`, { width, align: 'right' });
  doc.text(lang === 'zh' ? c.issuer.zh : c.issuer.en, { width, align: 'right' });
  doc.text(shanghaiDate(c.decidedAt, lang), { width, align: 'right' });
  doc.end();
  return done;
}
