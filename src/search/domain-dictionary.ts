/**
 * Words jieba's general dictionary does not know, so that it keeps them whole: the 机关代字 that open
 * 发文字号 (攀府发, 川府规 …) and terms of Chinese government documents. Each word carries a frequency high
 * enough to win over the split the general dictionary would make. Search mode still emits their parts
 * (行政规范性文件 → 行政, 规范, 规范性, 文件), so a search for a part finds the whole.
 */
/** 机关代字 stems of Panzhihua, Sichuan and national bodies; each also appears with 发, 规, 函 (攀府发, 川办规 …). */
const ISSUER_CODE_STEMS = [
  '攀府',
  '攀办',
  '攀府办',
  '攀委',
  '攀委办',
  '攀发改',
  '攀经信',
  '攀财',
  '攀教体',
  '攀卫健',
  '攀住建',
  '攀自然资',
  '攀环',
  '攀人社',
  '攀市监',
  '攀司',
  '攀民',
  '川府',
  '川办',
  '成府',
  '成办',
  '国办',
];

export const DOMAIN_WORDS: readonly string[] = [
  ...ISSUER_CODE_STEMS.flatMap((stem) => [`${stem}发`, `${stem}规`, `${stem}函`]),
  '国发',
  '国办公开办函',
  // Terms of art.
  '行政规范性文件',
  '规范性文件',
  '政府规章',
  '政府令',
  '人民政府令',
  '实施细则',
  '实施办法',
  '暂行办法',
  '试行办法',
  '管理办法',
  '实施意见',
  '指导意见',
  '工作方案',
  '实施方案',
  '政策解读',
  '有效期',
  '废止',
  '失效',
  '现行有效',
  '部分失效',
  '清理',
  '在建工程',
  '营商环境',
  '放管服',
  '最低生活保障',
  '城乡居民',
  '医疗保障',
  '公共资源交易',
  '政府信息公开',
  '攀枝花',
  '攀枝花市',
  '攀枝花市人民政府',
  '攀枝花市人民政府办公室',
  '米易县',
  '盐边县',
  '仁和区',
  '东区',
  '西区',
];

/** jieba dictionary lines: `word frequency`. */
export function domainDictionary(extra: readonly string[] = []): Buffer {
  return Buffer.from([...DOMAIN_WORDS, ...extra].map((w) => `${w} 200000`).join('\n'), 'utf8');
}
