export const DOCUMENT_CATEGORIES = ['regulation', 'normative', 'policy'] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<DocumentCategory, string> = {
  regulation: '规章',
  normative: '行政规范性文件',
  policy: '其他政策文件',
};
