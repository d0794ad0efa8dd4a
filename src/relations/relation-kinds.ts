/** Relations between documents (SPEC 2), each with the kind seen from the other end. */
export const RELATION_KINDS = [
  'repeals',
  'repealed_by',
  'amends',
  'amended_by',
  'replaces',
  'replaced_by',
  'based_on',
  'basis_of',
  'interprets',
  'interpreted_by',
] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export const INVERSE: Record<RelationKind, RelationKind> = {
  repeals: 'repealed_by',
  repealed_by: 'repeals',
  amends: 'amended_by',
  amended_by: 'amends',
  replaces: 'replaced_by',
  replaced_by: 'replaces',
  based_on: 'basis_of',
  basis_of: 'based_on',
  interprets: 'interpreted_by',
  interpreted_by: 'interprets',
};

export const RELATION_LABELS: Record<RelationKind, string> = {
  repeals: '废止',
  repealed_by: '被废止',
  amends: '修改',
  amended_by: '被修改',
  replaces: '替代',
  replaced_by: '被替代',
  based_on: '上位依据',
  basis_of: '作为依据',
  interprets: '解读',
  interpreted_by: '政策解读',
};

/** 政策解读 forms. */
export const INTERPRETATION_FORMS = ['文字', '图解', '视频', '问答'] as const;
export type InterpretationForm = (typeof INTERPRETATION_FORMS)[number];

/** Kinds a client may record directly; interpretations have their own endpoint, repeals come with the repeal action. */
export const LINKABLE_KINDS = RELATION_KINDS.filter((k) => k !== 'interprets' && k !== 'interpreted_by');
