/**
 * Generated Chinese knowledge-base entries for the search benchmark and the import test: seeded,
 * so every run indexes the same text. Entries mix a matter, an action and a setting drawn from
 * lists of hotline vocabulary, across a province's cities and districts. The matters of the
 * generated entries in the demo city (Hefei) differ from the demo entries' matters, so that a
 * labelled query has one right answer there while the generated text still shares its words.
 */

export interface GeneratedEntry {
  id: string;
  title: string;
  questions: string[];
  answer: string;
  category: string;
  regionId: string;
  unitId: string;
  public: boolean;
}

/** Matters that the demo entries also speak of; generated only outside the demo city. */
const SHARED_MATTERS = [
  '住房公积金',
  '居住证',
  '营业执照',
  '物业费',
  '维修资金',
  '低保',
  '高龄津贴',
  '残疾人证',
  '失业保险金',
  '电动自行车',
  '养老保险',
  '医保',
  '户口',
  '路灯',
  '占道经营',
  '油烟',
  '噪声',
  '预付卡',
  '食品经营许可',
  '渣土车',
  '共享单车',
  '垃圾分类',
  '老年人优待证',
  '租赁备案',
  '不动产权证书',
  '环评',
  '户外广告',
];
/** Matters the demo entries do not speak of; generated everywhere. */
const OTHER_MATTERS = [
  '机动车驾驶证',
  '护照',
  '港澳通行证',
  '出租车',
  '网约车',
  '公交线路',
  '地铁票价',
  '水费',
  '燃气费',
  '有线电视',
  '供暖',
  '殡葬服务',
  '婚姻登记',
  '献血证',
  '疫苗接种',
  '妇幼保健',
  '计划生育奖励',
  '退役军人优待',
  '法律援助',
  '公证',
  '人才引进',
  '技能补贴',
  '创业担保贷款',
  '税务登记',
  '发票',
  '个人所得税',
  '契税',
  '农村宅基地',
  '土地承包',
  '林木采伐',
  '渔船',
  '农机补贴',
  '家电以旧换新',
  '旅游投诉',
  '文物保护',
  '图书馆',
  '体育场馆',
  '公园开放',
  '停车收费',
  '道路积水',
  '井盖破损',
  '行道树修剪',
  '桥梁检测',
  '防汛',
  '地震避难场所',
  '学生资助',
  '校车',
  '民办培训机构',
  '职业资格证书',
  '档案查询',
  '出生医学证明',
  '独生子女证',
  '医疗救助',
  '临时救助',
  '特困供养',
  '孤儿津贴',
  '宠物医院',
  '药店',
  '医疗美容',
  '医疗纠纷',
  '急救车',
  '中医诊所',
  '快递包裹',
  '外卖骑手',
  '燃气安全',
  '烟花爆竹',
  '空调外机',
  '光纤宽带',
  '手机信号',
  '5G基站',
  '广告短信',
];
const ACTIONS = [
  '办理',
  '申请',
  '补办',
  '变更',
  '注销',
  '查询',
  '投诉',
  '举报',
  '缴纳',
  '退费',
  '转移',
  '续期',
  '年审',
  '换领',
  '预约',
  '审批',
  '备案',
  '咨询',
  '维修',
  '开通',
  '取消',
  '认定',
  '核验',
  '领取',
];
const ASPECTS = [
  '流程',
  '条件',
  '所需材料',
  '办理地点',
  '办理时限',
  '收费标准',
  '线上渠道',
  '注意事项',
  '常见问题',
  '政策依据',
];
const QUESTION_FORMS = [
  (m: string, a: string) => `${m}怎么${a}`,
  (m: string, a: string) => `${m}${a}要带什么材料`,
  (m: string, a: string) => `${m}在哪里${a}`,
  (m: string, a: string) => `${a}${m}需要多长时间`,
  (m: string, a: string) => `${m}${a}收不收费`,
  (m: string, a: string) => `${m}可以网上${a}吗`,
  (m: string, a: string) => `${m}${a}不了找谁`,
];
const ANSWER_SENTENCES = [
  (m: string, a: string, r: string) => `${r}范围内${m}${a}可通过皖事通App或安徽政务服务网在线办理。`,
  (m: string, a: string, r: string) => `申请人可携带身份证件到${r}政务服务中心综合窗口${a}${m}相关业务。`,
  (m: string, a: string) => `${m}${a}材料齐全、符合法定形式的，一般在5个工作日内办结。`,
  (m: string) => `${m}相关事项不收取费用，另有规定的除外。`,
  (m: string, a: string) => `对${m}${a}结果有异议的，可依法申请行政复议或提起行政诉讼。`,
  () => '办理进度可拨打12345热线或登录政务服务网查询。',
  (m: string) => `委托他人代办${m}的，需提供委托书和双方身份证明。`,
  (_m: string, a: string, r: string) => `${r}各街道便民服务中心可代收${a}申请。`,
  (m: string) => `逾期未办理${m}的，按有关规定处理，请留意短信提醒。`,
];
const CATEGORIES = [
  'housing',
  'business',
  'consumer',
  'environment',
  'traffic',
  'education',
  'medical-insurance',
  'social-insurance',
  'social-assistance',
  'household',
  'urban-management',
  'utilities',
  'labour',
  'culture',
];

export interface BenchRegion {
  id: string;
  name: string;
  parentId?: string;
}

const CITIES = [
  ['wuhu', '芜湖市'],
  ['bengbu', '蚌埠市'],
  ['huainan', '淮南市'],
  ['maanshan', '马鞍山市'],
  ['huaibei', '淮北市'],
  ['tongling', '铜陵市'],
  ['anqing', '安庆市'],
  ['huangshan', '黄山市'],
  ['chuzhou', '滁州市'],
  ['fuyang', '阜阳市'],
  ['suzhou-ah', '宿州市'],
  ['luan', '六安市'],
  ['bozhou', '亳州市'],
  ['chizhou', '池州市'],
  ['xuancheng', '宣城市'],
] as const;
const DISTRICT_SUFFIXES = ['城区', '新区', '开发区', '县'];

/** The demo directory's regions under the province, and fifteen more cities of four districts each. */
export function benchRegions(): BenchRegion[] {
  const regions: BenchRegion[] = [
    { id: 'anhui', name: '安徽省' },
    { id: 'hefei', name: '合肥市', parentId: 'anhui' },
    { id: 'shushan', name: '蜀山区', parentId: 'hefei' },
    { id: 'baohe', name: '包河区', parentId: 'hefei' },
    { id: 'sanlian', name: '三里庵街道', parentId: 'shushan' },
  ];
  for (const [id, name] of CITIES) {
    regions.push({ id, name, parentId: 'anhui' });
    DISTRICT_SUFFIXES.forEach((suffix, i) => {
      regions.push({ id: `${id}-${i}`, name: `${name.slice(0, 2)}${suffix}`, parentId: id });
    });
  }
  return regions;
}

const DEMO_CITY = new Set(['anhui', 'hefei', 'shushan', 'baohe', 'sanlian']);

/** Mulberry32: a small seeded generator, so that every run builds the same corpus. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateEntries(count: number, seed = 12345): GeneratedEntry[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const regions = benchRegions();
  const demoRegions = regions.filter((r) => DEMO_CITY.has(r.id));
  const otherRegions = regions.filter((r) => !DEMO_CITY.has(r.id));
  const entries: GeneratedEntry[] = [];
  for (let i = 0; i < count; i++) {
    const inDemoCity = next() < 0.1;
    const region = pick(inDemoCity ? demoRegions : otherRegions);
    const matter = pick(inDemoCity ? OTHER_MATTERS : next() < 0.3 ? SHARED_MATTERS : OTHER_MATTERS);
    const action = pick(ACTIONS);
    const aspect = pick(ASPECTS);
    const questions = [0, 1, 2].map(() => pick(QUESTION_FORMS)(matter, pick(ACTIONS)));
    const answer = Array.from({ length: 3 + Math.floor(next() * 3) }, () =>
      pick(ANSWER_SENTENCES)(matter, action, region.name),
    ).join('');
    entries.push({
      id: `gen-${i}`,
      title: `${region.name}${matter}${action}${aspect}（${(i % 97) + 1}）`,
      questions,
      answer,
      category: pick(CATEGORIES),
      regionId: region.id,
      unitId: `${region.id}-unit-${Math.floor(next() * 5)}`,
      public: next() < 0.9,
    });
  }
  return entries;
}

/** A region and the regions above it, nearest first. */
export function chainOf(regions: readonly BenchRegion[], id: string): string[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const chain: string[] = [];
  for (let r = byId.get(id); r; r = r.parentId ? byId.get(r.parentId) : undefined) chain.push(r.id);
  return chain;
}
