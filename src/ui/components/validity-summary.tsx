import type { ValidityStatus } from '../../validity/validity-status.js';
import { StatusBadge } from './status-badge.js';

export interface BasisLink {
  /** How the deciding document is named: its 发文字号, else its title. */
  label: string;
  /** Its page, when the library has it (or its number's permalink). */
  href?: string;
}

export interface ValiditySummaryProps {
  status: ValidityStatus;
  /** The day this status began (YYYY-MM-DD); null when no event is recorded for it. */
  since: string | null;
  basis?: BasisLink | null;
  reason?: string | null;
  provisions?: string[] | null;
  effectiveFrom?: string | null;
  validUntil?: string | null;
}

function Basis({ basis }: { basis: BasisLink }) {
  return basis.href ? <a href={basis.href}>{basis.label}</a> : <>{basis.label}</>;
}

/**
 * The validity badge with its date and basis, as one sentence: 废止 — 2025-01-01 被 攀府规〔2025〕3号 废止.
 */
export function ValiditySummary(p: ValiditySummaryProps) {
  const since = p.since ? <time dateTime={p.since}>{p.since}</time> : null;
  let text;
  switch (p.status) {
    case 'repealed':
      text = p.basis ? (
        <>
          {since} 被 <Basis basis={p.basis} /> 废止
        </>
      ) : (
        <>{since} 起废止</>
      );
      break;
    case 'expired':
      text = (
        <>
          {since} 起失效{p.reason ? `（${p.reason}）` : ''}
          {p.basis ? (
            <>
              ，依据 <Basis basis={p.basis} />
            </>
          ) : null}
        </>
      );
      break;
    case 'partially_in_force':
      text = (
        <>
          {since} 起部分失效{p.provisions?.length ? `：${p.provisions.join('、')}不再有效` : ''}
          {p.basis ? (
            <>
              （依据 <Basis basis={p.basis} />）
            </>
          ) : null}
        </>
      );
      break;
    case 'in_force':
      text = (
        <>
          {since ? <>自 {since} 起施行</> : '现行有效'}
          {p.validUntil ? (
            <>
              ，有效期至 <time dateTime={p.validUntil}>{p.validUntil}</time>
            </>
          ) : null}
        </>
      );
      break;
    case 'pending':
      text = p.effectiveFrom ? (
        <>
          将于 <time dateTime={p.effectiveFrom}>{p.effectiveFrom}</time> 起施行
        </>
      ) : (
        <>尚未生效</>
      );
      break;
    default:
      text = <>有效性尚未经法制机构审核标注</>;
  }
  return (
    <p class="validity">
      <span class="visually-hidden">有效性：</span>
      <StatusBadge status={p.status} />
      <span class="validity__text"> — {text}</span>
    </p>
  );
}
