/**
 * Deterministic, dependency-free generator of realistic-looking Chinese
 * municipal policy documents (政策文件) for `demo:seed`, benchmarks and the
 * search relevance corpus.
 *
 * Everything is derived from a single seeded PRNG (mulberry32), so a seed fully
 * determines the output. Documents are produced lazily so that a million of
 * them never have to sit in memory at once.
 */

export type DocumentCategory = 'regulation' | 'normative' | 'policy';

export interface SampleIssuer {
  name: string;
  code: string;
}

export interface SampleDocument {
  title: string;
  docNumber?: string;
  category: DocumentCategory;
  issuer: string;
  coIssuers?: string[];
  indexNo?: string;
  registrationNo?: string;
  topic?: string;
  keywords?: string[];
  signedOn?: string;
  publishedOn?: string;
  effectiveFrom?: string;
  validUntil?: string;
  summary?: string;
  body: string;
}

export interface GenerateOptions {
  seed?: number;
  minBodyBytes?: number;
  maxBodyBytes?: number;
  fromYear?: number;
  toYear?: number;
}

const DEFAULT_SEED = 20_250_101;
const DEFAULT_MIN_BODY_BYTES = 1024;
const DEFAULT_MAX_BODY_BYTES = 20_480;
const DEFAULT_FROM_YEAR = 2010;
const DEFAULT_TO_YEAR = 2025;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------
// PRNG

class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that small neighbouring seeds start far apart.
    this.state = (Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  }

  /** mulberry32: tiny and fast; statistical quality is ample for fake data. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Inclusive on both ends. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

// ---------------------------------------------------------------------------
// Regions and issuers

interface Region {
  name: string;
  /** 本市 / 本省: used in 适用范围 and 结合本市实际. */
  self: string;
  ours: string;
  gov: string;
  /** Lower-level governments the document addresses. */
  local: string;
  addressee: string;
  deptAddressee: string;
  areas: readonly string[];
  depts: readonly string[];
  visions: readonly string[];
}

const CITY_DEPTS = [
  '市发展改革委',
  '市经济和信息化局',
  '市教育和体育局',
  '市科技局',
  '市公安局',
  '市民政局',
  '市司法局',
  '市财政局',
  '市人力资源社会保障局',
  '市自然资源和规划局',
  '市生态环境局',
  '市住房城乡建设局',
  '市交通运输局',
  '市水利局',
  '市农业农村局',
  '市商务局',
  '市文化广播电视和旅游局',
  '市卫生健康委',
  '市应急管理局',
  '市审计局',
  '市市场监管局',
  '市统计局',
  '市医保局',
  '市投资促进局',
  '市城市管理行政执法局',
  '市林业局',
] as const;

const PANZHIHUA: Region = {
  name: '攀枝花市',
  self: '本市',
  ours: '我市',
  gov: '市人民政府',
  local: '各县（区）人民政府',
  addressee: '各县（区）人民政府，市级各部门，钒钛高新区管委会，有关单位：',
  deptAddressee: '各县（区）有关部门，市级有关单位：',
  areas: ['东区', '西区', '仁和区', '米易县', '盐边县', '钒钛高新区'],
  depts: CITY_DEPTS,
  visions: [
    '川西南、滇西北区域中心城市',
    '共同富裕试验区',
    '世界级钒钛产业基地',
    '国际阳光康养旅游目的地',
    '现代化区域中心城市',
  ],
};

const SICHUAN: Region = {
  name: '四川省',
  self: '本省',
  ours: '我省',
  gov: '省人民政府',
  local: '各市（州）人民政府',
  addressee: '各市（州）人民政府，省政府各部门、各直属机构，有关单位：',
  deptAddressee: '各市（州）有关部门，省级有关单位：',
  areas: ['成都市', '自贡市', '攀枝花市', '泸州市', '德阳市', '绵阳市', '宜宾市', '南充市', '达州市', '凉山州'],
  depts: [
    '省发展改革委',
    '省经济和信息化厅',
    '省教育厅',
    '省科技厅',
    '省公安厅',
    '省民政厅',
    '省司法厅',
    '省财政厅',
    '省人力资源社会保障厅',
    '省自然资源厅',
    '省生态环境厅',
    '省住房城乡建设厅',
    '省交通运输厅',
    '省水利厅',
    '省农业农村厅',
    '省商务厅',
    '省文化和旅游厅',
    '省卫生健康委',
    '省应急管理厅',
    '省审计厅',
    '省市场监管局',
    '省统计局',
    '省医保局',
  ],
  visions: ['社会主义现代化四川', '西部经济中心', '成渝地区双城经济圈', '长江上游生态屏障'],
};

const CHENGDU: Region = {
  name: '成都市',
  self: '本市',
  ours: '我市',
  gov: '市人民政府',
  local: '各区（市）县人民政府',
  addressee: '各区（市）县政府，市政府各部门，有关单位：',
  deptAddressee: '各区（市）县有关部门，市级有关单位：',
  areas: ['锦江区', '青羊区', '金牛区', '武侯区', '成华区', '龙泉驿区', '双流区', '郫都区', '天府新区', '简阳市'],
  depts: CITY_DEPTS,
  visions: ['践行新发展理念的公园城市示范区', '国家中心城市', '社会主义现代化国际大都市'],
};

type IssuerKind = 'gov' | 'office' | 'dept';

interface IssuerDef {
  issuer: SampleIssuer;
  kind: IssuerKind;
  region: Region;
  /** First half of 索引号, e.g. 008320033/2023-00098. */
  orgCode: string;
  /** How the body refers to the body, e.g. 市财政局. */
  short: string;
}

function issuerDef(
  name: string,
  code: string,
  kind: IssuerKind,
  region: Region,
  orgCode: string,
  short: string,
): IssuerDef {
  return { issuer: { name, code }, kind, region, orgCode, short };
}

const ISSUER_DEFS: readonly IssuerDef[] = [
  issuerDef('攀枝花市人民政府', '攀府', 'gov', PANZHIHUA, '008320033', '市人民政府'),
  issuerDef('攀枝花市人民政府办公室', '攀办', 'office', PANZHIHUA, '008320041', '市政府办公室'),
  issuerDef('攀枝花市发展和改革委员会', '攀发改', 'dept', PANZHIHUA, '008320068', '市发展改革委'),
  issuerDef('攀枝花市经济和信息化局', '攀经信', 'dept', PANZHIHUA, '008320092', '市经济和信息化局'),
  issuerDef('攀枝花市财政局', '攀财', 'dept', PANZHIHUA, '008320121', '市财政局'),
  issuerDef('攀枝花市教育和体育局', '攀教体', 'dept', PANZHIHUA, '008320148', '市教育和体育局'),
  issuerDef('攀枝花市卫生健康委员会', '攀卫健', 'dept', PANZHIHUA, '008320172', '市卫生健康委'),
  issuerDef('攀枝花市住房和城乡建设局', '攀住建', 'dept', PANZHIHUA, '008320199', '市住房城乡建设局'),
  issuerDef('攀枝花市自然资源和规划局', '攀自然资', 'dept', PANZHIHUA, '008320201', '市自然资源和规划局'),
  issuerDef('攀枝花市生态环境局', '攀环', 'dept', PANZHIHUA, '008320244', '市生态环境局'),
  issuerDef('攀枝花市人力资源和社会保障局', '攀人社', 'dept', PANZHIHUA, '008320252', '市人力资源社会保障局'),
  issuerDef('攀枝花市市场监督管理局', '攀市监', 'dept', PANZHIHUA, '008320287', '市市场监管局'),
  issuerDef('攀枝花市司法局', '攀司', 'dept', PANZHIHUA, '008320295', '市司法局'),
  issuerDef('攀枝花市民政局', '攀民', 'dept', PANZHIHUA, '008320303', '市民政局'),
  issuerDef('四川省人民政府', '川府', 'gov', SICHUAN, '008150017', '省人民政府'),
  issuerDef('四川省人民政府办公厅', '川办', 'office', SICHUAN, '008150025', '省政府办公厅'),
  issuerDef('成都市人民政府', '成府', 'gov', CHENGDU, '008010012', '市人民政府'),
];

const GOV = 0;
const OFFICE = 1;
const EXTERNAL: readonly number[] = [14, 15, 16];
const CITY_DEPT_IDX: readonly number[] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

export const SAMPLE_ISSUERS: SampleIssuer[] = ISSUER_DEFS.map((d) => ({ ...d.issuer }));

function issuerIndex(code: string): number {
  const idx = ISSUER_DEFS.findIndex((d) => d.issuer.code === code);
  if (idx < 0) throw new Error(`unknown issuer code ${code}`);
  return idx;
}

// ---------------------------------------------------------------------------
// Subjects: name | topic (two-level, backslash separated) | legal basis | terms | lead issuer code

interface Subject {
  name: string;
  topic: string;
  basis: string;
  terms: readonly string[];
  /** Index into ISSUER_DEFS of the department that usually owns it, or -1. */
  lead: number;
}

const SUBJECT_TABLE = [
  '在建工程安全生产|市场监管、安全生产监管\\安全生产|中华人民共和国安全生产法|施工现场,建筑施工企业,隐患排查治理,安全生产责任制|攀住建',
  '城镇老旧小区改造|城乡建设、环境保护\\城乡建设|中华人民共和国城乡规划法|老旧小区,加装电梯,配套设施,居民议事|攀住建',
  '中小企业融资|财政、金融、审计\\金融|中华人民共和国中小企业促进法|融资担保,应急转贷,信用贷款,贷款贴息|攀财',
  '医疗保障|卫生、体育\\医药管理|中华人民共和国社会保险法|医保基金,定点医药机构,门诊共济,异地就医|攀卫健',
  '义务教育|科技、教育\\教育|中华人民共和国义务教育法|学位供给,控辍保学,课后服务,教师队伍建设|攀教体',
  '农村人居环境整治|农业、林业、水利\\农业、畜牧业、渔业|中华人民共和国乡村振兴促进法|农村厕所,生活垃圾收运,生活污水治理,村容村貌|',
  '阳光康养产业|商贸、海关、旅游\\旅游|中华人民共和国旅游法|康养旅居,候鸟式养老,康养基地,冬季阳光旅游|攀发改',
  '钒钛产业|工业、交通\\工业|中华人民共和国矿产资源法|钒钛磁铁矿,钛白粉,钒电池储能,钛材深加工|攀经信',
  '招商引资|商贸、海关、旅游\\外资|中华人民共和国外商投资法|重大项目,投资促进,产业链招商,项目落地|攀发改',
  '养老服务|民政、扶贫、救灾\\社会福利|中华人民共和国老年人权益保障法|居家社区养老,养老机构,长期照护,适老化改造|攀民',
  '住房公积金|城乡建设、环境保护\\住房|住房公积金管理条例|缴存职工,公积金贷款,公积金提取,缴存基数|攀住建',
  '生态环境保护|城乡建设、环境保护\\环境监测、保护与治理|中华人民共和国环境保护法|污染防治,生态保护红线,排污许可,生态环境损害赔偿|攀环',
  '数字经济|工业、交通\\信息产业（含电信）|中华人民共和国数据安全法|数字产业化,产业数字化,5G基站,数据要素|攀经信',
  '科技创新|科技、教育\\科技|中华人民共和国科学技术进步法|研发投入,高新技术企业,科技成果转化,创新平台|',
  '就业创业|劳动、人事、监察\\劳动就业|中华人民共和国就业促进法|创业担保贷款,高校毕业生,职业技能培训,稳岗返还|攀人社',
  '政府采购|财政、金融、审计\\财政|中华人民共和国政府采购法|采购人,供应商,集中采购,采购意向公开|攀财',
  '行政执法|公安、安全、司法\\司法|中华人民共和国行政处罚法|执法公示,执法全过程记录,法制审核,行政裁量权基准|攀司',
  '土地储备|国土资源、能源\\土地|中华人民共和国土地管理法|储备土地,土地收储,前期开发,土地供应计划|攀自然资',
  '城市管理|城乡建设、环境保护\\城乡建设|城市市容和环境卫生管理条例|市容环境卫生,占道经营,户外广告设施,网格化管理|攀住建',
  '食品安全|市场监管、安全生产监管\\食品药品监管|中华人民共和国食品安全法|食品生产经营者,监督抽检,校园食品安全,食品追溯体系|攀市监',
  '防汛抗旱|农业、林业、水利\\水利|中华人民共和国防洪法|汛期,山洪灾害,应急抢险,水库安全度汛|',
  '森林草原防灭火|农业、林业、水利\\林业|中华人民共和国森林法|防火期,野外火源管控,扑火队伍,森林火险预警|',
  '河湖长制|农业、林业、水利\\水利|中华人民共和国水法|河湖长,金沙江,雅砻江,河道采砂|',
  '巩固拓展脱贫攻坚成果|民政、扶贫、救灾\\扶贫|中华人民共和国乡村振兴促进法|防止返贫监测,帮扶产业,易地搬迁后续扶持,脱贫人口务工|',
  '乡村振兴|农业、林业、水利\\农业、畜牧业、渔业|中华人民共和国乡村振兴促进法|农业产业化,村集体经济,和美乡村,农村改革|',
  '晚熟芒果产业|农业、林业、水利\\农业、畜牧业、渔业|中华人民共和国农业法|芒果种植基地,冷链物流,农产品品牌,早春蔬菜|',
  '道路运输|工业、交通\\公路|中华人民共和国道路运输条例|道路客运,货运车辆,运输企业,动态监控|',
  '城市公共交通|工业、交通\\公路|中华人民共和国道路运输条例|公交线路,公交场站,公交票价,新能源公交车|',
  '物业管理|城乡建设、环境保护\\住房|物业管理条例|物业服务企业,业主大会,专项维修资金,物业服务收费|攀住建',
  '房地产市场|城乡建设、环境保护\\房地产|中华人民共和国城市房地产管理法|商品房预售,房地产开发企业,网签备案,住房保障|攀住建',
  '国有建设用地使用权出让|国土资源、能源\\土地|中华人民共和国土地管理法|土地出让金,招拍挂,用地预审,闲置土地|攀自然资',
  '矿产资源开发|国土资源、能源\\矿产|中华人民共和国矿产资源法|采矿权,矿山地质环境,绿色矿山,储量管理|攀自然资',
  '地质灾害防治|国土资源、能源\\地质|地质灾害防治条例|地灾隐患点,群测群防,避险搬迁,监测预警|攀自然资',
  '大气污染防治|城乡建设、环境保护\\环境监测、保护与治理|中华人民共和国大气污染防治法|扬尘治理,重污染天气,工业废气,机动车尾气|攀环',
  '水污染防治|城乡建设、环境保护\\环境监测、保护与治理|中华人民共和国水污染防治法|饮用水水源地,入河排污口,污水处理厂,水质监测|攀环',
  '固体废物污染防治|城乡建设、环境保护\\环境监测、保护与治理|中华人民共和国固体废物污染环境防治法|工业固体废物,危险废物,尾矿库,综合利用|攀环',
  '节能降耗|国民经济管理、国有资产监管\\节能与资源综合利用|中华人民共和国节约能源法|能耗双控,重点用能单位,节能审查,能源计量|攀发改',
  '国有资产管理|国民经济管理、国有资产监管\\国有资产监管|中华人民共和国企业国有资产法|国有企业,资产处置,出资人职责,经营业绩考核|攀财',
  '政府债务管理|财政、金融、审计\\财政|中华人民共和国预算法|专项债券,债务限额,偿债资金,隐性债务|攀财',
  '预算绩效管理|财政、金融、审计\\财政|中华人民共和国预算法|绩效目标,绩效评价,评价结果运用,预算编制|攀财',
  '财政专项资金|财政、金融、审计\\财政|中华人民共和国预算法|专项资金,资金拨付,资金监管,项目申报|攀财',
  '审计监督|财政、金融、审计\\审计|中华人民共和国审计法|审计整改,经济责任审计,审计发现问题,审计结果|',
  '统计工作|国民经济管理、国有资产监管\\统计|中华人民共和国统计法|统计调查,统计数据质量,统计造假,基层统计|',
  '政务公开|综合政务\\政务公开|中华人民共和国政府信息公开条例|主动公开,依申请公开,政府信息,政策解读|攀办',
  '政务服务|综合政务\\电子政务|优化营商环境条例|一网通办,政务服务中心,高效办成一件事,帮办代办|攀办',
  '优化营商环境|综合政务\\其他|优化营商环境条例|市场主体,涉企收费,审批时限,政企沟通|攀发改',
  '社会信用体系建设|综合政务\\其他|企业信息公示暂行条例|信用信息,失信惩戒,信用修复,守信激励|攀发改',
  '突发事件应对|综合政务\\应急管理|中华人民共和国突发事件应对法|应急预案,应急物资储备,监测预警,应急演练|',
  '消防安全|公安、安全、司法\\公安|中华人民共和国消防法|消防设施,火灾隐患,消防救援,高层建筑消防|',
  '道路交通安全|公安、安全、司法\\公安|中华人民共和国道路交通安全法|交通违法,重点车辆,道路隐患,交通秩序|',
  '矛盾纠纷多元化解|公安、安全、司法\\司法|中华人民共和国人民调解法|人民调解,行政调解,诉调对接,调解组织|攀司',
  '法律援助|公安、安全、司法\\司法|中华人民共和国法律援助法|受援人,法律援助机构,援助律师,经济困难标准|攀司',
  '公共法律服务|公安、安全、司法\\司法|中华人民共和国律师法|法律服务网点,村（社区）法律顾问,公证服务,普法宣传|攀司',
  '社会救助|民政、扶贫、救灾\\社会福利|社会救助暂行办法|最低生活保障,特困人员,临时救助,救助对象|攀民',
  '残疾人服务|民政、扶贫、救灾\\社会福利|中华人民共和国残疾人保障法|残疾人康复,无障碍环境,残疾人就业,两项补贴|攀民',
  '退役军人服务保障|民政、扶贫、救灾\\优抚安置|中华人民共和国退役军人保障法|优抚对象,退役士兵安置,退役军人服务站,褒扬纪念|',
  '公共文化服务|文化、广电、新闻出版\\文化|中华人民共和国公共文化服务保障法|图书馆,文化馆,基层综合性文化服务中心,群众文化活动|',
  '文物保护|文化、广电、新闻出版\\文物|中华人民共和国文物保护法|不可移动文物,文物保护单位,三线建设遗址,考古调查|',
  '全民健身|卫生、体育\\体育|中华人民共和国体育法|健身设施,体育场馆,体育赛事,社会体育指导员|攀教体',
  '公共卫生应急|卫生、体育\\卫生|中华人民共和国传染病防治法|传染病监测,疫苗接种,医疗救治,疾病预防控制|攀卫健',
  '基层医疗卫生服务|卫生、体育\\卫生|中华人民共和国基本医疗卫生与健康促进法|家庭医生签约,乡镇卫生院,医共体,村卫生室|攀卫健',
  '药品安全|市场监管、安全生产监管\\食品药品监管|中华人民共和国药品管理法|药品经营企业,医疗器械,药品抽检,不良反应监测|攀市监',
  '学前教育|科技、教育\\教育|中华人民共和国教育法|普惠性幼儿园,学前教育资源,保教质量,幼儿园教师|攀教体',
  '职业教育|科技、教育\\教育|中华人民共和国职业教育法|产教融合,校企合作,实训基地,技能人才|攀教体',
  '人才引进|劳动、人事、监察\\人事工作|中华人民共和国就业促进法|高层次人才,人才公寓,安家补贴,人才服务|攀人社',
  '社会保险|劳动、人事、监察\\社会保险|中华人民共和国社会保险法|养老保险,工伤保险,失业保险,参保扩面|攀人社',
  '农民工工资支付|劳动、人事、监察\\劳动就业|保障农民工工资支付条例|工资专用账户,工资保证金,欠薪治理,实名制管理|攀人社',
  '电子商务|商贸、海关、旅游\\商贸|中华人民共和国电子商务法|直播电商,农村电商,电商平台,快递物流|',
  '促进消费|商贸、海关、旅游\\商贸|中华人民共和国消费者权益保护法|消费券,夜间经济,商业街区,汽车消费|',
  '文化旅游融合发展|商贸、海关、旅游\\旅游|中华人民共和国旅游法|A级旅游景区,旅游线路,文旅融合,乡村旅游|',
  '质量强市|市场监管、安全生产监管\\质量监督|中华人民共和国产品质量法|质量提升,标准化,品牌建设,检验检测|攀市监',
  '知识产权|科技、教育\\知识产权|中华人民共和国专利法|专利申请,商标注册,知识产权保护,地理标志|攀市监',
  '特种设备安全|市场监管、安全生产监管\\质量监督|中华人民共和国特种设备安全法|电梯,压力容器,起重机械,定期检验|攀市监',
  '水资源管理|农业、林业、水利\\水利|中华人民共和国水法|取水许可,用水总量控制,节约用水,水资源税|',
  '耕地保护|国土资源、能源\\土地|中华人民共和国土地管理法|永久基本农田,占补平衡,耕地非农化,耕地保护责任|攀自然资',
  '高标准农田建设|农业、林业、水利\\农业、畜牧业、渔业|中华人民共和国农业法|农田水利,土地平整,建后管护,项目验收|',
  '民族团结进步|民族、宗教\\民族事务|中华人民共和国民族区域自治法|民族团结,少数民族,民族乡,彝族聚居区|',
  '城镇供排水|城乡建设、环境保护\\城乡建设|城镇排水与污水处理条例|供水管网,排水设施,二次供水,污水收集|攀住建',
  '燃气安全|城乡建设、环境保护\\城乡建设|城镇燃气管理条例|燃气经营企业,燃气管道,瓶装液化气,用户端安全|攀住建',
  '工程建设招标投标|城乡建设、环境保护\\城乡建设|中华人民共和国招标投标法|招标人,投标人,评标专家,电子招投标|攀发改',
  '绿色建筑|城乡建设、环境保护\\城乡建设|中华人民共和国建筑法|装配式建筑,建筑节能,绿色建材,星级评价|攀住建',
  '新能源产业|国土资源、能源\\能源|中华人民共和国可再生能源法|光伏发电,水电开发,储能电站,清洁能源|攀发改',
  '中医药发展|卫生、体育\\医药管理|中华人民共和国中医药法|中医医院,中药材种植,中医药服务,名老中医|攀卫健',
  '妇女儿童发展|人口与计划生育、妇女儿童工作\\妇女儿童|中华人民共和国妇女权益保障法|妇女权益,儿童保护,儿童友好城市,未成年人|',
  '生育支持|人口与计划生育、妇女儿童工作\\人口与计划生育|中华人民共和国人口与计划生育法|育儿补贴,托育服务,婴幼儿照护,生育保险|攀卫健',
  '城市更新|城乡建设、环境保护\\城乡建设|中华人民共和国城乡规划法|片区改造,历史街区,城市功能完善,存量用地|攀住建',
  '国土空间规划|城乡建设、环境保护\\城市规划|中华人民共和国城乡规划法|规划许可,用途管制,三区三线,详细规划|攀自然资',
  '粮食安全|农业、林业、水利\\农业、畜牧业、渔业|中华人民共和国粮食安全保障法|粮食储备,粮食生产,粮食流通,耕地地力|攀发改',
  '价格监管|国民经济管理、国有资产监管\\物价|中华人民共和国价格法|明码标价,价格监测,收费行为,重要商品价格|攀发改',
  '个体工商户发展|市场监管、安全生产监管\\其他|促进个体工商户发展条例|个体工商户,登记注册,帮扶政策,经营场所|攀市监',
  '民营经济发展|国民经济管理、国有资产监管\\经济体制改革|中华人民共和国中小企业促进法|民营企业,企业家,公平竞争,涉企服务|攀发改',
  '现代物流|商贸、海关、旅游\\商贸|中华人民共和国道路运输条例|物流园区,多式联运,冷链物流,铁路专用线|攀发改',
  '危险化学品安全|市场监管、安全生产监管\\安全生产|危险化学品安全管理条例|危化品企业,重大危险源,化工园区,危化品运输车辆|',
  '校园安全|科技、教育\\教育|中华人民共和国未成年人保护法|校园安全,学生欺凌,安全教育,校车|攀教体',
  '城乡社区治理|民政、扶贫、救灾\\其他|中华人民共和国城市居民委员会组织法|城乡社区,网格员,社区服务,居民自治|攀民',
  '殡葬管理|民政、扶贫、救灾\\其他|殡葬管理条例|公益性公墓,殡葬服务,惠民殡葬,移风易俗|攀民',
] as const;

const SUBJECTS: readonly Subject[] = SUBJECT_TABLE.map((line) => {
  const [name = '', topic = '', basis = '', terms = '', lead = ''] = line.split('|');
  return {
    name,
    topic,
    basis,
    terms: terms.split(','),
    lead: lead === '' ? -1 : issuerIndex(lead),
  };
});

// ---------------------------------------------------------------------------
// Title patterns

type BodyStyle = 'articles' | 'sections';
type NumberKind = '发' | '函' | '规' | '令';

interface TitlePattern {
  /** For 关于印发《…》的通知: the attached document's title. */
  attached?: string;
  /** Otherwise the full title; {I} is the issuer(s). */
  title?: string;
  docType: string;
  style: BodyStyle;
  kind: NumberKind;
}

function att(attached: string, docType: string, style: BodyStyle, kind: NumberKind): TitlePattern {
  return { attached, docType, style, kind };
}

function ttl(title: string, docType: string, style: BodyStyle, kind: NumberKind): TitlePattern {
  return { title, docType, style, kind };
}

const REGULATION_PATTERNS: readonly TitlePattern[] = [
  att('{R}{S}管理办法', '办法', 'articles', '令'),
  att('{R}{S}管理规定', '规定', 'articles', '令'),
  att('{R}{S}条例实施细则', '细则', 'articles', '令'),
  att('{R}{S}若干规定', '规定', 'articles', '令'),
  att('{R}{S}管理暂行办法', '办法', 'articles', '令'),
  att('{R}{S}监督管理办法', '办法', 'articles', '令'),
];

const NORMATIVE_PATTERNS: readonly TitlePattern[] = [
  att('{R}{S}管理办法', '办法', 'articles', '规'),
  att('{R}{S}管理暂行办法', '办法', 'articles', '规'),
  att('{R}{S}实施细则（试行）', '细则', 'articles', '规'),
  att('{R}{S}若干措施', '措施', 'sections', '规'),
  att('{R}{S}专项资金管理办法', '办法', 'articles', '规'),
  att('{R}{S}管理办法（试行）', '办法', 'articles', '规'),
  att('{R}{S}实施办法', '办法', 'articles', '规'),
  att('{R}{S}扶持政策实施细则', '细则', 'articles', '规'),
  att('{R}{S}考核评价暂行办法', '办法', 'articles', '规'),
  ttl('{I}关于进一步加强{S}工作的实施意见', '意见', 'sections', '规'),
  ttl('{I}关于{S}的若干规定', '规定', 'articles', '规'),
  ttl('{I}关于规范{S}管理的通知', '通知', 'sections', '规'),
  ttl('{I}关于{S}有关事项的通知', '通知', 'sections', '规'),
  ttl('{I}关于加强{S}监督管理的意见', '意见', 'sections', '规'),
];

const POLICY_PATTERNS: readonly TitlePattern[] = [
  att('{R}{S}三年行动方案（{Y}—{Y2}年）', '方案', 'sections', '发'),
  ttl('{I}关于做好{Y}年{S}工作的通知', '通知', 'sections', '发'),
  att('{Y}年{R}{S}工作要点', '要点', 'sections', '发'),
  ttl('{I}关于进一步做好{S}工作的通知', '通知', 'sections', '发'),
  ttl('{I}关于加快推进{S}高质量发展的实施意见', '意见', 'sections', '发'),
  ttl('{I}关于开展{S}专项整治行动的通知', '通知', 'sections', '发'),
  ttl('{I}关于{Y0}年度{S}工作情况的通报', '通报', 'sections', '发'),
  ttl('{I}关于成立{R}{S}工作领导小组的通知', '通知', 'sections', '函'),
  ttl('{I}关于调整{R}{S}工作领导小组成员的通知', '通知', 'sections', '函'),
  att('{R}{S}实施方案', '方案', 'sections', '发'),
  ttl('{I}关于支持{S}发展的若干政策措施', '措施', 'sections', '发'),
  att('{R}“{P}”{S}发展规划', '规划', 'sections', '发'),
  att('{R}{S}应急预案', '预案', 'sections', '发'),
  ttl('{I}关于同意{R}{S}有关事项的批复', '批复', 'sections', '函'),
  ttl('{I}关于{S}有关工作的函', '函', 'sections', '函'),
  att('{R}{S}考核办法', '办法', 'articles', '发'),
  ttl('{I}关于{R}{S}工作督查情况的通报', '通报', 'sections', '发'),
  ttl('{I}关于加强{S}工作的意见', '意见', 'sections', '发'),
  att('{R}{S}攻坚行动方案', '方案', 'sections', '发'),
  att('{R}{S}工作任务分工方案', '方案', 'sections', '函'),
];

function patternsFor(category: DocumentCategory): readonly TitlePattern[] {
  if (category === 'regulation') return REGULATION_PATTERNS;
  return category === 'normative' ? NORMATIVE_PATTERNS : POLICY_PATTERNS;
}

const FIVE_YEAR_PLANS = ['十一五', '十二五', '十三五', '十四五', '十五五', '十六五'];

function planLabel(year: number): string {
  const idx = Math.min(FIVE_YEAR_PLANS.length - 1, Math.max(0, Math.floor((year - 2006) / 5)));
  return FIVE_YEAR_PLANS[idx] ?? '十四五';
}

function fillTitle(src: string, issuer: string, region: Region, subject: Subject, year: number): string {
  return src.replace(/\{(Y0|Y2|Y|I|R|S|P)\}/g, (_m: string, key: string) => {
    switch (key) {
      case 'Y0':
        return String(year - 1);
      case 'Y2':
        return String(year + 2);
      case 'Y':
        return String(year);
      case 'I':
        return issuer;
      case 'R':
        return region.name;
      case 'S':
        return subject.name;
      default:
        return planLabel(year);
    }
  });
}

// ---------------------------------------------------------------------------
// Sentence templates. Slots: S subject, T/U subject terms, D/F departments,
// A area, L lower-level governments, H the government, R region, K vision,
// V verb, O object, E entity, N small count, X large count, M 万元 amount,
// P percentage, C small percentage, Q deadline, W period, Z target year,
// B legal basis, J the document type (办法, 意见 ...).

const SENTENCE_SOURCES = [
  '{D}应当会同有关部门，{V}{S}{O}，确保各项工作任务落到实处。',
  '{L}应当将{S}纳入国民经济和社会发展规划，{V}{T}{O}。',
  '{E}应当依法履行{T}相关义务，接受有关部门的监督检查。',
  '对符合条件的{E}，按照不超过{M}万元的标准给予一次性补助。',
  '到{Z}年底，全市{T}覆盖率达到{P}%以上。',
  '{D}负责{S}的统筹协调、政策制定和监督指导工作。',
  '建立{T}工作台账，实行动态管理，每{W}更新一次。',
  '鼓励社会资本参与{T}建设和运营，依法保障投资者合法权益。',
  '违反本{J}规定的，由{D}责令限期改正；逾期不改正的，依法予以处罚。',
  '有关部门工作人员在{S}工作中滥用职权、玩忽职守、徇私舞弊的，依法依规追究责任；构成犯罪的，依法追究刑事责任。',
  '{A}应当结合本地实际，制定{T}具体实施方案，并报{D}备案。',
  '申请{T}的，应当向{D}提交书面申请及相关证明材料。',
  '{D}应当自受理申请之日起{N}个工作日内作出决定；不予批准的，应当书面说明理由。',
  '加强{T}信息化建设，推动数据共享和业务协同，提升{S}智能化水平。',
  '完善{T}考核评价体系，考核结果作为年度目标绩效考评的重要依据。',
  '坚持以人民为中心的发展思想，{V}{S}{O}，切实增强人民群众的获得感、幸福感、安全感。',
  '坚持问题导向和目标导向，聚焦{T}等重点领域，着力补短板、强弱项、固底板。',
  '市级财政每年安排{S}专项资金{M}万元，重点支持{T}等项目。',
  '专项资金实行专款专用，任何单位和个人不得截留、挤占、挪用。',
  '{D}应当定期开展{T}专项检查，发现问题及时督促整改。',
  '建立健全{T}投诉举报制度，公布举报电话和电子邮箱，依法受理并及时处理。',
  '对在{S}工作中作出突出贡献的单位和个人，按照有关规定给予表彰奖励。',
  '充分发挥{T}的示范引领作用，形成一批可复制、可推广的经验做法。',
  '{E}应当建立健全内部管理制度，明确{T}责任人员和工作流程。',
  '推动{T}与{U}深度融合，培育新的经济增长点。',
  '严格落实{T}{O}，坚决防止出现监管盲区。',
  '加强宣传引导，充分利用报刊、广播、电视和网络等媒体，广泛宣传{S}相关政策。',
  '{D}要会同{F}建立联席会议制度，定期研究解决{S}工作中的重大问题。',
  '各有关部门要按照职责分工，各司其职、密切配合，形成工作合力。',
  '进一步简化{T}办理流程，将办理时限压缩至{N}个工作日以内。',
  '对{T}实行分类管理，具体分类标准由{D}另行制定。',
  '鼓励金融机构创新{T}金融产品，加大对{S}的信贷支持力度。',
  '对新引进的{T}项目，按照实际投资额的{C}%给予补助，最高不超过{M}万元。',
  '建立{S}风险监测预警机制，及时发布预警信息，有效防范化解重大风险。',
  '{E}对{T}检查结果有异议的，可以自收到通知之日起{N}日内申请复核。',
  '依法依规推进{T}信息公开，主动接受社会监督。',
  '{D}应当于{Q}前将上一年度{S}工作情况报送{H}。',
  '本{J}所称{T}，是指在{R}行政区域内依法从事{S}相关活动的各类主体和设施。',
  '加快{T}基础设施建设，{Z}年前基本实现{A}全覆盖。',
  '健全{T}人才培养和引进机制，打造一支高素质专业化队伍。',
  '强化{T}全过程监管，全面推行“双随机、一公开”监管方式。',
  '深化“放管服”改革，持续优化{S}领域营商环境。',
  '统筹推进{T}和{U}，协同推动{S}提质增效。',
  '{E}享受本{J}规定的扶持政策的，不得同时享受本市其他同类扶持政策。',
  '同一项目符合多项扶持政策的，按照就高不重复的原则给予支持。',
  '对弄虚作假骗取扶持资金的，依法追回已拨付资金，并按照有关规定纳入失信记录。',
  '{L}是本辖区{S}工作的责任主体，主要负责同志为第一责任人。',
  '加大{T}执法力度，依法查处各类违法违规行为。',
  '推动建立{T}跨区域协作机制，加强与周边地区的交流合作。',
  '完善{T}标准体系，制定出台一批地方标准和技术规范。',
  '开展{T}试点示范，每年遴选{N}个示范项目给予重点支持。',
  '将{S}工作经费纳入同级财政预算，保障工作正常开展。',
  '各级各部门要提高政治站位，切实增强做好{S}工作的责任感和紧迫感。',
  '建立工作督查通报制度，对工作推进不力的单位进行通报批评。',
  '{D}应当加强对{T}的业务指导和技术培训，每年组织培训不少于{N}次。',
  '有关单位应当按照要求如实报送{T}数据，不得迟报、漏报、瞒报。',
  '支持{E}开展{T}技术改造，对符合条件的按照设备投资额的{C}%给予补助。',
  '严禁以任何形式向{E}摊派费用或者变相收取费用。',
  '鼓励{E}参与{S}，依法享受相关税费优惠政策。',
  '发挥行业协会作用，引导{E}加强行业自律，规范{T}经营行为。',
  '构建政府主导、部门协同、社会参与的{S}工作格局。',
  '到{Z}年，全市{T}累计达到{X}个，{S}水平明显提升。',
  '实施{T}提升工程，重点推进{U}等{N}项重点任务。',
  '对{T}实行清单化管理，明确责任单位、完成时限和工作要求。',
  '{D}负责{T}资金的筹集、拨付和监督管理。',
  '审计部门依法对{S}资金使用情况进行审计监督。',
  '依托全国一体化政务服务平台，推行{T}网上申报、网上审批。',
  '{E}申请{T}扶持资金，应当依法登记注册、具有独立法人资格，且近三年无重大违法违规记录。',
  '擅自改变{T}用途的，由{D}责令限期改正，并依法追究相关责任。',
  '建立{T}应急处置机制，制定完善应急预案，定期组织开展应急演练。',
  '深入实施{S}行动，持续推动{T}扩面提质。',
  '加强{T}诚信体系建设，将{E}违法违规信息依法纳入信用信息共享平台。',
  '加快补齐{T}短板，着力解决群众急难愁盼问题。',
  '坚持政府引导、市场运作，充分激发{E}参与{S}的积极性和主动性。',
  '强化要素保障，优先保障{T}项目用地、用能需求。',
  '{L}要明确专人负责，建立工作台账，确保各项任务按时完成。',
  '{H}将{S}工作纳入年度目标绩效考核，考核结果与资金分配挂钩。',
  '{D}应当建立{T}专家库，为科学决策提供技术支撑。',
  '推动{T}向基层延伸，实现{A}服务网点全覆盖。',
  '优化{T}布局，推动形成分工合理、优势互补的发展格局。',
  '鼓励高等院校、科研院所与{E}合作，开展{T}关键技术攻关。',
  '建立健全{T}退出机制，对考核不合格的予以调整。',
  '对{T}实行总量控制和定额管理，严格执行相关标准。',
  '{E}应当在显著位置公示{T}相关信息，接受社会监督。',
  '任何单位和个人都有权对{S}领域的违法行为进行举报。',
  '有关部门接到举报后应当在{N}个工作日内核实处理，并将处理结果告知举报人。',
  '加强{T}统计监测，定期分析研判{S}运行情况。',
  '各地要因地制宜、分类施策，不搞“一刀切”。',
  '切实减轻{E}负担，规范涉及{T}的各类收费行为。',
  '充分运用大数据、云计算、物联网等技术手段，提升{T}精细化管理水平。',
  '做好{T}政策解读，及时回应社会关切。',
  '推进{T}标准化、规范化、便利化建设。',
  '坚持安全第一、预防为主、综合治理的方针，{V}{T}{O}。',
  '建立{T}月调度、季通报、年考核工作机制。',
  '{D}应当会同{F}制定{T}年度工作计划，并组织实施。',
  '加强对{T}项目的跟踪服务，协调解决项目推进中的困难和问题。',
  '对{E}开展{T}给予用地、融资、人才等方面的政策支持。',
  '支持{A}建设{T}示范区，形成一批特色鲜明的示范项目。',
  '强化{T}源头治理，从根本上减少各类问题发生。',
  '畅通群众诉求表达渠道，依法及时解决群众合理诉求。',
  '推动{S}工作制度化、规范化、常态化。',
  '市级各部门要加强对{A}{S}工作的指导和支持。',
  '{D}对{E}的{T}情况实施年度评估，评估结果向社会公布。',
  '评估结果为优秀的，在项目安排、资金分配等方面予以倾斜。',
  '建立{S}容错纠错机制，鼓励干部担当作为、干事创业。',
  '加强{T}档案管理，相关资料保存期限不少于{N}年。',
  '按照“谁主管、谁负责”的原则，层层压实{S}工作责任。',
  '加快推进{T}项目建设，确保{Z}年底前完成建设任务。',
  '探索建立{T}市场化运营机制，提高资源配置效率。',
  '涉及{T}的重大行政决策，应当依法履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。',
  '{E}未按规定履行{T}义务的，由{D}依法予以处理。',
  '扎实推进{S}各项工作，奋力推动{R}高质量发展取得新成效。',
  '围绕建设{K}的目标，{V}{S}{O}。',
  '对重大{T}项目实行“一事一议”，重大事项报{H}研究决定。',
  '{E}应当按照规定缴纳{T}相关费用，不得拖欠。',
  '支持符合条件的{E}申报国家和省级{T}项目。',
  '对获得国家级{T}认定的{E}，给予一次性奖励{M}万元。',
  '对获得省级{T}认定的{E}，给予一次性奖励{M}万元。',
  '推动{T}业务系统与“天府通办”平台对接，实现数据互通共享。',
  '建立健全{T}联络员制度，确保信息报送及时准确。',
  '严格执行{T}审批制度，未经批准不得擅自开工建设。',
  '推动{T}绿色低碳转型，提高资源综合利用效率。',
  '加强{T}安全管理，严防发生重特大安全事故。',
  '{D}要加强对{T}工作的跟踪问效，及时总结推广典型经验。',
  '对未完成年度目标任务的单位，由{H}对其主要负责人进行约谈。',
  '支持{E}组建{T}产业联盟，推动上下游协同发展。',
  '依法保障{E}在{S}中的知情权、参与权、表达权和监督权。',
  '建立{T}第三方评估机制，委托专业机构开展绩效评价。',
  '积极争取中央和省级{S}资金支持，多渠道筹集建设资金。',
  '将{T}列为重点民生实事，纳入年度目标任务。',
  '加强部门间信息共享，实现{T}数据“一次采集、多方复用”。',
  '全面推行{T}告知承诺制，进一步降低制度性交易成本。',
  '{E}在{T}过程中造成他人损害的，应当依法承担民事责任。',
  '推动{T}服务事项“就近办、掌上办、一次办”。',
  '建立健全{T}公平竞争审查机制，防止排除、限制竞争。',
  '强化{T}动态监测，对异常情况及时预警、及时处置。',
  '加强{T}队伍建设，定期开展业务培训和岗位练兵。',
  '推行{T}网格化管理，实现管理服务全覆盖、无盲区。',
  '在{A}开展{T}先行先试，及时总结经验后在全市推广。',
  '力争到{Z}年，{S}主要指标达到全省先进水平。',
  '{T}所需经费，按照现行财政体制分级负担。',
  '市级财政按照{P}%的比例予以补助，县（区）财政按照相应比例配套。',
  '补助资金采取先建后补、以奖代补等方式拨付。',
  '各地各部门要结合实际，认真抓好贯彻落实，重大问题及时向{H}报告。',
  '建立{T}联审联批机制，实行并联审批。',
  '鼓励{E}通过公益捐赠、志愿服务等方式参与{S}。',
  '加强{T}领域诚信建设，对严重失信主体依法实施联合惩戒。',
  '加强对{T}的日常巡查，建立问题发现、交办、整改、销号闭环管理机制。',
  '{E}应当建立{T}安全管理制度，配备必要的安全设施和专职人员。',
  '实行{T}年度报告制度，{E}应当于{Q}前报送上一年度情况。',
  '对{T}实施“红黄绿”分级预警管理。',
  '全力推进{T}攻坚，确保如期完成目标任务。',
  '大力培育{T}市场主体，力争新增规模以上企业{N}户。',
  '推进{S}领域数字化改革，建设{T}综合管理平台。',
  '做好{T}与{U}的有效衔接，确保政策平稳过渡。',
  '本{J}施行前已经批准的{T}事项，按照原规定执行。',
  '本{J}施行前的{T}遗留问题，由{D}会同有关部门研究提出处理意见。',
  '{L}可以参照本{J}，制定本辖区{T}具体实施办法。',
  '加强对{S}政策执行情况的监督检查，确保政策落地见效。',
  '持续深化{T}改革，破除制约{S}发展的体制机制障碍。',
  '强化{S}用地保障，对符合条件的{T}项目优先安排用地指标。',
  '推动{T}服务向农村延伸，促进城乡{S}均衡发展。',
  '建立健全{T}定价机制，合理确定收费标准。',
  '对{T}相关从业人员实行持证上岗制度。',
  '主动融入成渝地区双城经济圈建设，深化{T}领域区域合作。',
  '推进{T}项目前期工作，建立重大项目储备库，实行滚动管理。',
  '统筹用好各类资金，提高{S}资金使用效益。',
  '强化{T}日常监管，实行“一企一档”管理。',
  '引导{E}树立{T}意识，积极履行社会责任。',
  '定期向社会公布{T}名录，接受社会监督。',
  '建立健全{S}工作协调机制，统筹推进各项工作。',
  '{W}末由{D}汇总{T}进展情况，形成分析报告。',
  '截至{Y}年底，全市共有{T}{X}个，较上年增长{C}%。',
  '{A}率先完成{T}年度任务，相关做法被省级部门推广。',
  '部分地方{T}工作仍存在责任落实不到位、推进进度不平衡等问题。',
  '对排查发现的{N}个问题，已全部建立整改台账并明确整改时限。',
] as const;

interface Template {
  lits: string[];
  slots: string[];
}

function parseTemplate(src: string): Template {
  const lits: string[] = [];
  const slots: string[] = [];
  const re = /\{([A-Z])\}/g;
  let last = 0;
  for (let m = re.exec(src); m !== null; m = re.exec(src)) {
    lits.push(src.slice(last, m.index));
    slots.push(m[1] ?? '');
    last = re.lastIndex;
  }
  lits.push(src.slice(last));
  return { lits, slots };
}

const SENTENCES: readonly Template[] = SENTENCE_SOURCES.map(parseTemplate);

const SUBHEADINGS: readonly Template[] = [
  '{V}{T}{O}',
  '加大{T}支持力度',
  '推进{T}提质增效',
  '强化{T}监管',
  '健全{T}工作机制',
  '加快{T}建设',
  '提升{T}服务能力',
  '完善{T}政策体系',
  '推动{T}创新发展',
  '规范{T}管理',
  '压实{T}工作责任',
  '优化{T}发展环境',
  '强化组织领导',
  '加强督促检查',
  '营造良好氛围',
  '加强资金保障',
  '强化宣传引导',
  '加强队伍建设',
  '深化{T}改革',
  '防范化解{T}风险',
].map(parseTemplate);

const LIST_INTROS: readonly Template[] = [
  '{D}应当履行下列职责：',
  '{E}应当遵守下列规定：',
  '有下列情形之一的，由{D}责令限期改正：',
  '{S}工作应当坚持下列原则：',
  '{L}应当做好下列工作：',
].map(parseTemplate);

const MATERIALS_INTRO = parseTemplate('申请{T}扶持资金，应当提交下列材料：');

const MATERIALS = [
  '申请书',
  '营业执照或者法人登记证书复印件',
  '项目可行性研究报告',
  '资金使用计划',
  '相关资质证明材料',
  '信用承诺书',
  '上一年度财务审计报告',
  '项目建设进度及投资完成情况说明',
  '法律、法规规定的其他材料',
];

const VERBS = ['加强', '完善', '健全', '规范', '优化', '强化', '推进', '落实', '深化', '提升', '创新', '夯实'];
const OBJECTS = [
  '工作机制',
  '监管体系',
  '服务水平',
  '考核评价体系',
  '制度体系',
  '责任落实',
  '信息共享机制',
  '风险防控能力',
  '基础设施',
  '管理水平',
  '保障能力',
  '协调机制',
  '政策体系',
  '治理能力',
];
const ENTITIES = [
  '企业',
  '生产经营单位',
  '项目单位',
  '社会组织',
  '市场主体',
  '申请人',
  '建设单位',
  '运营单位',
  '经营者',
  '用人单位',
  '服务机构',
  '有关单位',
];
const DEADLINES = ['每年1月底', '每年3月底', '每年6月底', '每年11月底', '次年2月底', '每季度末'];
const PERIODS = ['月', '季度', '半年', '年'];

const GOALS: readonly (readonly [string, string])[] = [
  ['规范', '管理，维护公共利益和社会秩序'],
  ['促进', '高质量发展'],
  ['加强', '工作，保障人民群众合法权益'],
  ['推动', '持续健康发展'],
  ['提升', '服务水平和保障能力'],
  ['进一步做好', '工作'],
  ['健全', '长效机制，提高治理效能'],
];

const SECTION_HEADINGS = [
  '重点任务',
  '主要措施',
  '工作措施',
  '支持政策',
  '实施步骤',
  '职责分工',
  '保障措施',
  '组织实施',
  '监督管理',
  '工作要求',
  '强化要素保障',
  '深化改革创新',
  '加强风险防控',
  '提升服务水平',
];

const CHAPTER_NAMES = [
  '管理职责',
  '规划与建设',
  '申请与审核',
  '资金管理',
  '运营与服务',
  '监督检查',
  '考核评价',
  '信息管理',
  '风险防控',
  '保障措施',
  '法律责任',
];

const ATTACHMENT_NAMES = [
  '申报表',
  '工作任务分解表',
  '责任清单',
  '考核评分细则',
  '资金申请表',
  '项目汇总表',
  '联系人名单',
  '政策解读',
];

const SCOPE_WORDS = ['管理', '规划、建设和管理', '监督管理', '服务与管理', '扶持和监督管理'];

// ---------------------------------------------------------------------------
// Small helpers

const CN_DIGITS = '零一二三四五六七八九';

/** Chinese numerals as used in 第十二条 / 三、 / （十一）. */
function cnNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n] ?? '';
  if (n < 20) return `十${n % 10 === 0 ? '' : (CN_DIGITS[n % 10] ?? '')}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)] ?? ''}十${n % 10 === 0 ? '' : (CN_DIGITS[n % 10] ?? '')}`;
  if (n < 1000) {
    const rest = n % 100;
    const head = `${CN_DIGITS[Math.floor(n / 100)] ?? ''}百`;
    if (rest === 0) return head;
    if (rest < 10) return `${head}零${CN_DIGITS[rest] ?? ''}`;
    return head + (rest < 20 ? `一${cnNumber(rest)}` : cnNumber(rest));
  }
  const rest = n % 1000;
  const head = `${cnNumber(Math.floor(n / 1000))}千`;
  if (rest === 0) return head;
  return head + (rest < 100 ? `零${cnNumber(rest)}` : cnNumber(rest));
}

const CN_CACHE: string[] = Array.from({ length: 1000 }, (_v, i) => cnNumber(i));

function cn(n: number): string {
  return CN_CACHE[n] ?? cnNumber(n);
}

function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Longest prefix of `s` whose UTF-8 encoding fits in maxBytes (never splits a character). */
function utf8Prefix(s: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let width = 3;
    let units = 1;
    if (c < 0x80) width = 1;
    else if (c < 0x800) width = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      width = 4;
      units = 2;
    }
    if (bytes + width > maxBytes) return s.slice(0, i);
    bytes += width;
    i += units - 1;
  }
  return s;
}

const TRAILING_JUNK = /[\s，、；：（“《　\u3000]+$/u;

/** Ends a truncated fragment as a sentence so cut-off text still reads as prose. */
function finishSentence(fragment: string): string {
  const trimmed = fragment.replace(TRAILING_JUNK, '');
  if (trimmed === '' || trimmed.endsWith('。')) return trimmed;
  return `${trimmed}。`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function dayOf(year: number, monthIndex: number, day: number): number {
  return Date.UTC(year, monthIndex, day) / DAY_MS;
}

function isoDate(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function cnDate(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** `years` later minus one day; Feb 29 rolls to Feb 28 via Date.UTC overflow. */
function validityEnd(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  return dayOf(d.getUTCFullYear() + years, d.getUTCMonth(), d.getUTCDate()) - 1;
}

// ---------------------------------------------------------------------------
// Document context and body composition

interface DocContext {
  rng: Rng;
  category: DocumentCategory;
  subject: Subject;
  region: Region;
  issuer: IssuerDef;
  /** Issuer plus co-issuers, in signing order. */
  signers: string[];
  pattern: TitlePattern;
  title: string;
  attached: string | undefined;
  docType: string;
  docNumber: string | undefined;
  year: number;
  signed: number;
  published: number;
  effective: number;
  validUntil: number | undefined;
  leadDept: string;
  /** Extra sentence for the closing, e.g. which earlier document is repealed. */
  repeals: string;
}

function slotValue(code: string, c: DocContext): string {
  const r = c.rng;
  switch (code) {
    case 'S':
      return c.subject.name;
    case 'T':
    case 'U':
      return r.pick(c.subject.terms);
    case 'D':
    case 'F':
      return r.pick(c.region.depts);
    case 'A':
      return r.pick(c.region.areas);
    case 'L':
      return c.region.local;
    case 'H':
      return c.region.gov;
    case 'R':
      return c.region.name;
    case 'K':
      return r.pick(c.region.visions);
    case 'V':
      return r.pick(VERBS);
    case 'O':
      return r.pick(OBJECTS);
    case 'E':
      return r.pick(ENTITIES);
    case 'N':
      return String(r.range(2, 30));
    case 'X':
      return String(r.range(12, 2400));
    case 'M':
      return String(r.chance(0.7) ? r.range(1, 50) * 10 : r.range(1, 20) * 100);
    case 'P':
      return String(r.range(60, 98));
    case 'C':
      return String(r.range(1, 20));
    case 'Q':
      return r.pick(DEADLINES);
    case 'W':
      return r.pick(PERIODS);
    case 'Z':
      return String(c.year + r.range(1, 4));
    case 'Y':
      return String(c.year);
    case 'B':
      return c.subject.basis;
    case 'J':
      return c.docType;
    default:
      return '';
  }
}

function fill(t: Template, c: DocContext): string {
  let out = t.lits[0] ?? '';
  for (let i = 0; i < t.slots.length; i++) {
    out += slotValue(t.slots[i] ?? '', c) + (t.lits[i + 1] ?? '');
  }
  return out;
}

function sentences(c: DocContext, min: number, max: number): string {
  const n = c.rng.range(min, max);
  let out = '';
  for (let i = 0; i < n; i++) out += fill(c.rng.pick(SENTENCES), c);
  return out;
}

function goal(c: DocContext): string {
  const [pre, post] = c.rng.pick(GOALS);
  return pre + c.subject.name + post;
}

function signature(c: DocContext): string {
  return `${c.signers.join('\n')}\n${cnDate(c.signed)}`;
}

/** 本办法自…起施行[，有效期至…]。 or the closing formula of letters and reports. */
function effectClause(c: DocContext): string {
  switch (c.docType) {
    case '通报':
      return '特此通报。';
    case '批复':
      return '此复。';
    case '函':
      return '特此函告。';
    case '要点':
    case '规划':
      return '';
    default:
      break;
  }
  const explicit = c.category !== 'policy' || c.effective !== c.published;
  let clause = `本${c.docType}自${explicit ? cnDate(c.effective) : '印发之日'}起施行`;
  if (c.validUntil !== undefined) clause += `，有效期至${cnDate(c.validUntil)}`;
  return `${clause}。`;
}

function preambleIntro(c: DocContext): string {
  switch (c.docType) {
    case '意见':
      return `现就${c.subject.name}工作提出如下意见。`;
    case '通知':
      return '现就有关事项通知如下。';
    case '通报':
      return '现将有关情况通报如下。';
    case '函':
      return '现将有关事项函告如下。';
    case '要点':
      return '制定本工作要点。';
    case '规划':
      return '编制本规划。';
    case '措施':
      return '制定以下措施。';
    default:
      return `制定本${c.docType}。`;
  }
}

function buildHeader(c: DocContext): string {
  const r = c.rng;
  if (c.category === 'regulation') {
    const meeting = r.range(2, 120);
    return (
      `${c.issuer.issuer.name}令\n${c.docNumber?.replace(c.issuer.issuer.name + '令', '') ?? ''}\n\n` +
      `《${c.title}》已经${cnDate(c.signed)}${c.region.gov}第${meeting}次常务会议审议通过，现予公布，自${cnDate(c.effective)}起施行。\n\n` +
      `${c.signers.join('\n')}\n${cnDate(c.published)}\n\n${c.title}`
    );
  }
  let addressee = c.issuer.kind === 'dept' ? c.region.deptAddressee : c.region.addressee;
  if (c.docType === '批复' || c.docType === '函') addressee = `${r.pick(c.region.depts)}：`;
  let head = addressee;
  if (c.attached !== undefined) {
    const via = c.issuer.kind === 'office' ? `经${c.region.gov}同意，` : '';
    head += `\n${via}现将《${c.attached}》印发给你们，请结合实际认真贯彻执行。\n\n${signature(c)}\n\n${c.attached}`;
  }
  if (c.pattern.style === 'articles') return head;
  if (c.docType === '批复') {
    return `${head}\n你单位《关于${c.subject.name}有关事项的请示》收悉。经研究，现批复如下：`;
  }
  return `${head}\n为${goal(c)}，根据《${c.subject.basis}》等有关规定，结合${c.region.ours}实际，${preambleIntro(c)}`;
}

function buildTail(c: DocContext): string {
  const r = c.rng;
  let tail = '';
  if (c.category !== 'regulation' && r.chance(0.25)) {
    const n = r.range(1, 3);
    const names: string[] = [];
    for (let i = 1; i <= n; i++)
      names.push(`${n > 1 ? `${i}.` : ''}${c.region.name}${c.subject.name}${r.pick(ATTACHMENT_NAMES)}`);
    tail += `\n\n附件：${names.join('\n　　　')}`;
  }
  if (c.category !== 'regulation' && c.attached === undefined) tail += `\n\n${signature(c)}`;
  if (c.category !== 'regulation' && r.chance(0.4)) tail += '\n（此件公开发布）';
  return tail;
}

/** A body is a header, a stream of units (articles or sub-sections) and a closing. */
interface UnitStream {
  next(): string;
  /** Byte length of the heading part of the last unit, so a cut never lands inside it. */
  lastHeadBytes: number;
  closing(): string;
  mark(): void;
  rewind(): void;
}

class ArticleStream implements UnitStream {
  lastHeadBytes = 0;
  private art = 0;
  private chap = 0;
  private inChap = 0;
  private chapLen = 0;
  private chapNameAt: number;
  private readonly useChapters: boolean;
  private saved: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  private readonly c: DocContext;

  constructor(c: DocContext, target: number) {
    this.c = c;
    this.useChapters = target > 6000 && c.rng.chance(0.8);
    this.chapNameAt = c.rng.int(CHAPTER_NAMES.length);
  }

  mark(): void {
    this.saved = [this.art, this.chap, this.inChap, this.chapLen, this.chapNameAt];
  }

  rewind(): void {
    [this.art, this.chap, this.inChap, this.chapLen, this.chapNameAt] = this.saved;
  }

  next(): string {
    const c = this.c;
    const r = c.rng;
    let head = '';
    if (this.useChapters && (this.chap === 0 || this.inChap >= this.chapLen)) {
      this.chap++;
      this.inChap = 0;
      this.chapLen = r.range(4, 11);
      const name = this.chap === 1 ? '总则' : (CHAPTER_NAMES[this.chapNameAt++ % CHAPTER_NAMES.length] ?? '');
      head = `\n第${cn(this.chap)}章　${name}`;
    }
    this.art++;
    this.inChap++;
    head += `\n第${cn(this.art)}条　`;
    this.lastHeadBytes = byteLen(head);
    return head + this.content();
  }

  private content(): string {
    const c = this.c;
    const r = c.rng;
    const t = c.docType;
    switch (this.art) {
      case 1:
        return `为了${goal(c)}，根据《${c.subject.basis}》等法律、法规，结合${c.region.self}实际，制定本${t}。`;
      case 2:
        return `本${t}适用于${c.region.self}行政区域内${c.subject.name}的${r.pick(SCOPE_WORDS)}活动。${sentences(c, 0, 1)}`;
      case 3:
        return `${c.leadDept}是${c.region.self}${c.subject.name}工作的主管部门，负责本${t}的组织实施。${r.pick(c.region.depts)}、${r.pick(c.region.depts)}等有关部门按照各自职责，做好${c.subject.name}相关工作。`;
      default:
        break;
    }
    if (!r.chance(0.18)) return sentences(c, 1, 3);
    const materials = r.chance(0.3);
    let out = fill(materials ? MATERIALS_INTRO : r.pick(LIST_INTROS), c);
    const n = r.range(3, 6);
    for (let i = 1; i <= n; i++) {
      const item = materials ? r.pick(MATERIALS) : fill(r.pick(SENTENCES), c).slice(0, -1);
      out += `\n（${cn(i)}）${item}${i === n ? '。' : '；'}`;
    }
    return out;
  }

  closing(): string {
    const c = this.c;
    const interpret =
      c.category === 'regulation'
        ? `本${c.docType}具体应用中的问题由${c.leadDept}负责解释。`
        : `本${c.docType}由${c.leadDept}负责解释。`;
    let out = this.useChapters ? `\n第${cn(this.chap + 1)}章　附则` : '';
    out += `\n第${cn(this.art + 1)}条　${interpret}`;
    out += `\n第${cn(this.art + 2)}条　${effectClause(c)}${c.repeals}`;
    return out;
  }
}

class SectionStream implements UnitStream {
  lastHeadBytes = 0;
  private sec = 0;
  private sub = 0;
  private subTarget = 0;
  private headingAt: number;
  private saved: [number, number, number, number] = [0, 0, 0, 0];
  private readonly c: DocContext;

  constructor(c: DocContext) {
    this.c = c;
    this.headingAt = c.rng.int(SECTION_HEADINGS.length);
  }

  mark(): void {
    this.saved = [this.sec, this.sub, this.subTarget, this.headingAt];
  }

  rewind(): void {
    [this.sec, this.sub, this.subTarget, this.headingAt] = this.saved;
  }

  next(): string {
    const c = this.c;
    const r = c.rng;
    let head = '';
    if (this.sec === 0 || this.sub >= this.subTarget) {
      this.sec++;
      this.sub = 0;
      this.subTarget = this.sec === 1 ? r.range(2, 3) : r.range(2, 5);
      const heading =
        this.sec === 1 ? '总体要求' : (SECTION_HEADINGS[this.headingAt++ % SECTION_HEADINGS.length] ?? '');
      head = `\n${cn(this.sec)}、${heading}`;
    }
    this.sub++;
    let lead: string;
    let body: string;
    if (this.sec === 1) {
      lead = this.sub === 1 ? '指导思想' : this.sub === 2 ? '基本原则' : '主要目标';
      body =
        this.sub === 1
          ? `坚持以人民为中心的发展思想，完整、准确、全面贯彻新发展理念，以${r.pick(VERBS)}${c.subject.name}${r.pick(OBJECTS)}为主线，推动${c.subject.name}工作取得新成效。`
          : '';
    } else {
      lead = fill(r.pick(SUBHEADINGS), c);
      body = '';
    }
    head += `\n（${cn(this.sub)}）${lead}。`;
    this.lastHeadBytes = byteLen(head);
    return head + body + sentences(c, 2, 4);
  }

  closing(): string {
    const clause = effectClause(this.c);
    return clause === '' && this.c.repeals === '' ? '' : `\n${clause}${this.c.repeals}`;
  }
}

/** Smallest piece of a unit's text worth keeping when the unit has to be cut. */
const MIN_PARTIAL_BYTES = 30;

/**
 * Composes a body of exactly `target` UTF-8 bytes: units are appended until the
 * next one would crowd out the closing, the last unit is cut at a character
 * boundary and closed with 。, and the few bytes left over become blank lines.
 */
function composeBody(c: DocContext, target: number): string {
  const stream: UnitStream = c.pattern.style === 'articles' ? new ArticleStream(c, target) : new SectionStream(c);
  const head = buildHeader(c);
  const tail = buildTail(c);
  const tailBytes = byteLen(tail);
  // The closing's numbering depends on the units so far; only compute it near the end.
  const slack = byteLen(stream.closing()) + 48;
  let mid = head;
  let midBytes = byteLen(head);
  for (;;) {
    stream.mark();
    const unit = stream.next();
    const unitBytes = byteLen(unit);
    if (midBytes + unitBytes + tailBytes + slack < target) {
      mid += unit;
      midBytes += unitBytes;
      continue;
    }
    let end = stream.closing() + tail;
    const room = target - midBytes - byteLen(end);
    if (room >= unitBytes) {
      mid += unit;
      midBytes += unitBytes;
      continue;
    }
    if (room >= stream.lastHeadBytes + MIN_PARTIAL_BYTES) {
      mid += finishSentence(utf8Prefix(unit, room - 3));
    } else {
      // Too little room for a new heading: drop the unit and let the previous one run on.
      stream.rewind();
      end = stream.closing() + tail;
      mid += filler(c, target - midBytes - byteLen(end));
    }
    return assemble(mid, end, target);
  }
}

/** Prose of at most `room` bytes (short by a few at most), ending in 。. */
function filler(c: DocContext, room: number): string {
  if (room < 6) return '';
  let text = '';
  let bytes = 0;
  while (bytes < room) {
    const sentence = fill(c.rng.pick(SENTENCES), c);
    text += sentence;
    bytes += byteLen(sentence);
  }
  return finishSentence(utf8Prefix(text, room - 3));
}

function assemble(mid: string, end: string, target: number): string {
  const endBytes = byteLen(end);
  const need = target - endBytes;
  if (need < 0) {
    // Tiny targets: keep the beginning of the document rather than the closing.
    const cut = utf8Prefix(mid + end, target);
    return cut + '\n'.repeat(target - byteLen(cut));
  }
  let body = mid;
  let bytes = byteLen(body);
  if (bytes > need) {
    body = utf8Prefix(body, need);
    bytes = byteLen(body);
  }
  return body + '\n'.repeat(need - bytes) + end;
}

function makeSummary(c: DocContext): string {
  const r = c.rng;
  const [t1, t2] = [r.pick(c.subject.terms), r.pick(c.subject.terms)];
  const name = c.attached ?? c.title;
  switch (r.int(4)) {
    case 0:
      return `为${goal(c)}，${c.issuer.issuer.name}制定本${c.docType}，明确了${t1}、${t2}等方面的要求。`;
    case 1:
      return `本${c.docType}从${t1}、${t2}等方面提出了具体措施，适用于${c.region.name}行政区域内的${c.subject.name}工作。`;
    case 2:
      return `《${name}》明确了${c.subject.name}的工作目标、重点任务和保障措施。`;
    default:
      return `${c.region.name}进一步${r.pick(VERBS)}${c.subject.name}${r.pick(OBJECTS)}，重点围绕${t1}作出部署。`;
  }
}

function makeKeywords(c: DocContext): string[] {
  const r = c.rng;
  const out = [c.subject.name];
  const want = r.range(2, 4);
  for (let tries = 0; out.length < want + 1 && tries < 8; tries++) {
    const t = r.pick(c.subject.terms);
    if (!out.includes(t)) out.push(t);
  }
  if (r.chance(0.5)) out.push(c.docType);
  return out;
}

// ---------------------------------------------------------------------------
// Generation run state

interface Options {
  seed: number;
  minBodyBytes: number;
  maxBodyBytes: number;
  fromYear: number;
  toYear: number;
}

function resolveOptions(options: GenerateOptions | undefined): Options {
  const o: Options = {
    seed: options?.seed ?? DEFAULT_SEED,
    minBodyBytes: options?.minBodyBytes ?? DEFAULT_MIN_BODY_BYTES,
    maxBodyBytes: options?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    fromYear: options?.fromYear ?? DEFAULT_FROM_YEAR,
    toYear: options?.toYear ?? DEFAULT_TO_YEAR,
  };
  if (!Number.isFinite(o.seed)) throw new RangeError('seed must be a finite number');
  if (!Number.isInteger(o.minBodyBytes) || !Number.isInteger(o.maxBodyBytes) || o.minBodyBytes < 0) {
    throw new RangeError('minBodyBytes and maxBodyBytes must be non-negative integers');
  }
  if (o.minBodyBytes > o.maxBodyBytes) throw new RangeError('minBodyBytes must not exceed maxBodyBytes');
  // Date.UTC maps years 0–99 to 1900–1999, so keep to four-digit years.
  if (!Number.isInteger(o.fromYear) || !Number.isInteger(o.toYear) || o.fromYear < 1000 || o.toYear > 9999) {
    throw new RangeError('fromYear and toYear must be four-digit integers');
  }
  if (o.fromYear > o.toYear) throw new RangeError('fromYear must not exceed toYear');
  return o;
}

/** What a near-duplicate (a later/earlier version of the same notice) inherits. */
interface Series {
  category: DocumentCategory;
  subject: number;
  pattern: number;
  issuer: number;
  coIssuers: number[];
  year: number;
}

const SERIES_RING = 256;
const NEAR_DUPLICATE_RATE = 0.05;

class CatalogueRun {
  readonly rng: Rng;
  private readonly counters = new Map<string, number>();
  private readonly series: Series[] = [];
  private seriesNext = 0;
  private readonly firstDay: number;
  private readonly lastDay: number;
  private readonly o: Options;

  constructor(o: Options) {
    this.o = o;
    this.rng = new Rng(o.seed);
    this.firstDay = dayOf(o.fromYear, 0, 1);
    this.lastDay = dayOf(o.toYear, 11, 31);
  }

  /** Next free sequence number for a counter, skipping numbers taken by the real chain. */
  private nextSeq(key: string, format: (n: number) => string): string {
    let n = this.counters.get(key) ?? 0;
    let value: string;
    do {
      n++;
      value = format(n);
    } while (RESERVED.has(value));
    this.counters.set(key, n);
    return value;
  }

  document(): SampleDocument {
    const r = this.rng;
    const reuse = this.series.length > 0 && r.chance(NEAR_DUPLICATE_RATE);
    const s = reuse ? r.pick(this.series) : this.freshSeries();
    const year = reuse ? this.otherYear(s.year) : undefined;
    const doc = this.build(s, year, reuse && r.chance(0.4));
    if (!reuse) {
      s.year = Number(doc.signedOn?.slice(0, 4));
      this.remember(s);
    }
    return doc;
  }

  private remember(s: Series): void {
    if (this.series.length < SERIES_RING) this.series.push(s);
    else this.series[this.seriesNext] = s;
    this.seriesNext = (this.seriesNext + 1) % SERIES_RING;
  }

  private otherYear(year: number): number {
    const { fromYear, toYear } = this.o;
    if (fromYear === toYear) return fromYear;
    const y = this.rng.range(fromYear, toYear - 1);
    return y >= year ? y + 1 : y;
  }

  private freshSeries(): Series {
    const r = this.rng;
    const roll = r.next();
    const category: DocumentCategory = roll < 0.03 ? 'regulation' : roll < 0.38 ? 'normative' : 'policy';
    const subjectIdx = r.int(SUBJECTS.length);
    const subject = SUBJECTS[subjectIdx] as Subject;
    const issuer = category === 'regulation' ? GOV : this.chooseIssuer(subject);
    const coIssuers: number[] = [];
    if ((ISSUER_DEFS[issuer] as IssuerDef).kind === 'dept' && r.chance(0.08)) {
      const n = r.range(1, 2);
      for (let i = 0; i < n; i++) {
        const co = r.pick(CITY_DEPT_IDX);
        if (co !== issuer && !coIssuers.includes(co)) coIssuers.push(co);
      }
    }
    return {
      category,
      subject: subjectIdx,
      pattern: r.int(patternsFor(category).length),
      issuer,
      coIssuers,
      year: 0,
    };
  }

  private chooseIssuer(subject: Subject): number {
    const r = this.rng.next();
    if (r < 0.05) return this.rng.pick(EXTERNAL);
    if (subject.lead >= 0 && r < 0.5) return subject.lead;
    return r < 0.78 ? GOV : OFFICE;
  }

  private pickDates(category: DocumentCategory, year: number | undefined): [number, number, number] {
    const r = this.rng;
    let pubDelay = r.chance(0.35) ? 0 : r.range(1, 12);
    let effDelay: number;
    if (category === 'regulation') effDelay = r.chance(0.6) ? 30 : r.range(10, 30);
    else if (category === 'normative') effDelay = r.chance(0.45) ? 0 : r.range(10, 30);
    else effDelay = r.chance(0.8) ? 0 : r.range(1, 30);
    const lo = year === undefined ? this.firstDay : Math.max(this.firstDay, dayOf(year, 0, 1));
    let hi = year === undefined ? this.lastDay : Math.min(this.lastDay, dayOf(year, 11, 31));
    if (hi - pubDelay - effDelay < lo) {
      pubDelay = 0;
      effDelay = 0;
    }
    hi -= pubDelay + effDelay;
    const signed = lo + r.int(hi - lo + 1);
    return [signed, signed + pubDelay, signed + pubDelay + effDelay];
  }

  private docNumber(def: IssuerDef, category: DocumentCategory, kind: NumberKind, year: number): string | undefined {
    const code = def.issuer.code;
    if (category === 'regulation') {
      return this.nextSeq(`${code}|令`, (n) => `${def.issuer.name}令第${n}号`);
    }
    if (category === 'policy' && this.rng.chance(0.1)) return undefined;
    const word = category === 'normative' ? '规' : kind;
    return this.nextSeq(`${code}|${word}|${year}`, (n) => `${code}${word}〔${year}〕${n}号`);
  }

  private build(s: Series, year: number | undefined, revised: boolean): SampleDocument {
    const r = this.rng;
    const def = ISSUER_DEFS[s.issuer] as IssuerDef;
    const subject = SUBJECTS[s.subject] as Subject;
    const pattern = patternsFor(s.category)[s.pattern] as TitlePattern;
    const region = def.region;
    const [signed, published, effective] = this.pickDates(s.category, year);
    const docYear = yearOf(signed);
    const signers = [def.issuer.name, ...s.coIssuers.map((i) => (ISSUER_DEFS[i] as IssuerDef).issuer.name)];

    let attached: string | undefined;
    let title: string;
    if (pattern.attached !== undefined) {
      attached = fillTitle(pattern.attached, def.issuer.name, region, subject, docYear);
      // Revised editions of rules are commonly marked （修订） in the title.
      if (revised && s.category !== 'policy' && !attached.endsWith('）')) attached += '（修订）';
      title = s.category === 'regulation' ? attached : `${signers.join(' ')}关于印发《${attached}》的通知`;
      if (s.category === 'regulation') attached = undefined;
    } else {
      title = fillTitle(pattern.title ?? '', signers.join(' '), region, subject, docYear);
    }

    let validUntil: number | undefined;
    if (s.category === 'normative') {
      validUntil = validityEnd(effective, /暂行|试行/.test(title) ? 2 : 5);
    } else if (
      s.category === 'policy' &&
      ['方案', '意见', '措施', '通知', '办法'].includes(pattern.docType) &&
      r.chance(0.08)
    ) {
      validUntil = validityEnd(effective, 3);
    }

    const leadDept =
      def.kind === 'dept'
        ? def.short
        : subject.lead >= 0 && region === PANZHIHUA
          ? (ISSUER_DEFS[subject.lead] as IssuerDef).short
          : r.pick(region.depts);

    const c: DocContext = {
      rng: r,
      category: s.category,
      subject,
      region,
      issuer: def,
      signers,
      pattern,
      title,
      attached,
      docType: pattern.docType,
      docNumber: this.docNumber(def, s.category, pattern.kind, docYear),
      year: docYear,
      signed,
      published,
      effective,
      validUntil,
      leadDept,
      repeals: '',
    };
    const target = r.range(this.o.minBodyBytes, this.o.maxBodyBytes);
    const body = composeBody(c, target);

    const doc: SampleDocument = { title, category: s.category, issuer: def.issuer.name, body };
    if (c.docNumber !== undefined) doc.docNumber = c.docNumber;
    if (s.coIssuers.length > 0) doc.coIssuers = signers.slice(1);
    const pubYear = yearOf(published);
    if (r.chance(0.9)) {
      doc.indexNo = this.nextSeq(
        `idx|${def.issuer.code}|${pubYear}`,
        (n) => `${def.orgCode}/${pubYear}-${String(n).padStart(5, '0')}`,
      );
    }
    if (s.category === 'normative' && r.chance(0.95)) {
      doc.registrationNo = this.nextSeq(`reg|${pubYear}`, (n) => `SCPR-${pubYear}-${String(n).padStart(3, '0')}`);
    }
    if (r.chance(0.95)) doc.topic = subject.topic;
    if (r.chance(0.8)) doc.keywords = makeKeywords(c);
    doc.signedOn = isoDate(signed);
    doc.publishedOn = isoDate(published);
    doc.effectiveFrom = isoDate(effective);
    if (validUntil !== undefined) doc.validUntil = isoDate(validUntil);
    if (r.chance(0.6)) doc.summary = makeSummary(c);
    return doc;
  }
}

/**
 * Lazily yields `count` documents. Option errors are thrown immediately, not on
 * the first `next()`.
 */
export function generateDocuments(count: number, options?: GenerateOptions): Generator<SampleDocument> {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  const run = new CatalogueRun(resolveOptions(options));
  return (function* produce(): Generator<SampleDocument> {
    for (let i = 0; i < count; i++) yield run.document();
  })();
}

// ---------------------------------------------------------------------------
// The real Panzhihua succession chain (攀府发〔2018〕12号 → 攀府规〔2022〕2号 → 攀府规〔2025〕3号)

const CHAIN_SUBJECT = SUBJECTS.find((s) => s.name === '招商引资') as Subject;
const CHAIN_POLICY = '攀枝花市招商引资优惠政策实施办法';

interface ChainSpec {
  category: DocumentCategory;
  docNumber: string;
  attached: string;
  signed: string;
  published: string;
  effective: string;
  validYears: number | undefined;
  indexNo: string;
  registrationNo: string | undefined;
  repeals: string;
  summary: string;
  bodyBytes: number;
}

const CHAIN: readonly ChainSpec[] = [
  {
    category: 'policy',
    docNumber: '攀府发〔2018〕12号',
    attached: CHAIN_POLICY,
    signed: '2018-04-16',
    published: '2018-04-20',
    effective: '2018-04-20',
    validYears: undefined,
    indexNo: '008320033/2018-00046',
    registrationNo: undefined,
    repeals: '',
    summary: '明确了攀枝花市招商引资项目在用地、税费、融资和人才等方面的优惠政策及兑现程序。',
    bodyBytes: 6200,
  },
  {
    category: 'normative',
    docNumber: '攀府规〔2022〕2号',
    attached: `${CHAIN_POLICY}（修订）`,
    signed: '2022-03-08',
    published: '2022-03-15',
    effective: '2022-04-15',
    validYears: 5,
    indexNo: '008320033/2022-00031',
    registrationNo: 'SCPR-2022-002',
    repeals: `《攀枝花市人民政府关于印发〈${CHAIN_POLICY}〉的通知》（攀府发〔2018〕12号）同时废止。`,
    summary: '修订招商引资优惠政策，调整重大项目认定标准和奖励额度，原攀府发〔2018〕12号文件同时废止。',
    bodyBytes: 7400,
  },
  {
    category: 'normative',
    docNumber: '攀府规〔2025〕3号',
    attached: `${CHAIN_POLICY}（2025年修订）`,
    signed: '2025-05-20',
    published: '2025-05-28',
    effective: '2025-06-28',
    validYears: 5,
    indexNo: '008320033/2025-00058',
    registrationNo: 'SCPR-2025-003',
    repeals: `《攀枝花市人民政府关于印发〈${CHAIN_POLICY}（修订）〉的通知》（攀府规〔2022〕2号）同时废止。`,
    summary: '再次修订招商引资优惠政策，聚焦钒钛、阳光康养等重点产业链招商，攀府规〔2022〕2号文件同时废止。',
    bodyBytes: 8100,
  },
];

/** Identifiers of the real chain, so generated documents never collide with them. */
const RESERVED: ReadonlySet<string> = new Set(
  CHAIN.flatMap((d) => [d.docNumber, d.indexNo, ...(d.registrationNo === undefined ? [] : [d.registrationNo])]),
);

function parseIso(date: string): number {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  return dayOf(y, m - 1, d);
}

export function realChainDocuments(): SampleDocument[] {
  const def = ISSUER_DEFS[GOV] as IssuerDef;
  return CHAIN.map((spec, i) => {
    const signed = parseIso(spec.signed);
    const published = parseIso(spec.published);
    const effective = parseIso(spec.effective);
    const validUntil = spec.validYears === undefined ? undefined : validityEnd(effective, spec.validYears);
    const title = `${def.issuer.name}关于印发《${spec.attached}》的通知`;
    const c: DocContext = {
      rng: new Rng(2018 + i),
      category: spec.category,
      subject: CHAIN_SUBJECT,
      region: PANZHIHUA,
      issuer: def,
      signers: [def.issuer.name],
      pattern: att(spec.attached, '办法', 'articles', spec.category === 'policy' ? '发' : '规'),
      title,
      attached: spec.attached,
      docType: '办法',
      docNumber: spec.docNumber,
      year: yearOf(signed),
      signed,
      published,
      effective,
      validUntil,
      leadDept: '市投资促进局',
      repeals: spec.repeals,
    };
    const doc: SampleDocument = {
      title,
      docNumber: spec.docNumber,
      category: spec.category,
      issuer: def.issuer.name,
      indexNo: spec.indexNo,
      topic: CHAIN_SUBJECT.topic,
      keywords: ['招商引资', '优惠政策', '重大项目', '项目落地'],
      signedOn: spec.signed,
      publishedOn: spec.published,
      effectiveFrom: spec.effective,
      summary: spec.summary,
      body: composeBody(c, spec.bodyBytes),
    };
    if (spec.registrationNo !== undefined) doc.registrationNo = spec.registrationNo;
    if (validUntil !== undefined) doc.validUntil = isoDate(validUntil);
    return doc;
  });
}
