export interface ReceiverFaults {
  /** Share of fresh batches answered 503 (nothing stored). */
  failRate?: number;
  /** Share of fresh batches never answered (nothing stored); the client times out. */
  timeoutRate?: number;
  /** Share of fresh batches stored, then the connection dropped before the answer. */
  dropAfterStoreRate?: number;
  /** Share of fresh batches answered 429 with Retry-After. */
  rateLimitRate?: number;
  retryAfterSeconds?: number;
  /** Wait before answering a stored batch. */
  delayMs?: number;
  /** Answer every request with this status (e.g. 401, 400). */
  forceStatus?: number | null;
  /** Documents to reject, with the reason. */
  reject?: Map<string, string>;
}

export interface HeldDocument {
  version: number;
  checksum: string;
  status: string;
  versions: number[];
}

export interface ReceiverStats {
  requests: number;
  batches: number;
  documents: number;
  duplicates: number;
  unauthorized: number;
  badSignature: number;
  failed5xx: number;
  timeouts: number;
  dropped: number;
  rateLimited: number;
  rejected: number;
}

export interface ProvinceReceiver {
  url: string;
  port: number;
  store: Map<string, HeldDocument>;
  keys: Map<string, { bodyHash: string; status: number; response: unknown }>;
  stats: ReceiverStats;
  setFaults(faults: ReceiverFaults): void;
  setOnBatch(fn: ((batch: WireBatch) => Promise<void> | void) | null): void;
  held(): Record<string, number>;
  close(): Promise<void>;
}

export interface WireBatch {
  source: string;
  sentAt: string;
  documents: { id: string; version: number; checksum: string; status: string; [field: string]: unknown }[];
}

export function startProvinceReceiver(options: {
  onBatch?: (batch: WireBatch) => Promise<void> | void;
  token: string;
  secret: string;
  port?: number;
  seed?: number;
  /** Check and answer but keep nothing (the benchmark's receiver-alone limit). */
  checkOnly?: boolean;
  faults?: ReceiverFaults;
}): Promise<ProvinceReceiver>;
