import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import { UsersRepository } from '../auth/users.repository.js';
import { type Actor, SYSTEM_ACTOR } from '../documents/document.model.js';
import { DocumentsRepository } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
import { RelationsService } from '../relations/relations.service.js';
import { ValidityService } from '../validity/validity.service.js';
import { generateDocuments, realChainDocuments, SAMPLE_ISSUERS } from './sample-catalogue.js';

/** About the size of a city's library (Panzhihua had 403 documents at the end of 2024). */
export const DEMO_DOCUMENT_COUNT = 400;

/** Loads a realistic sample catalogue and demo users into an empty library. */
@Injectable()
export class DemoSeedService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly repository: DocumentsRepository,
    private readonly auth: AuthService,
    private readonly users: UsersRepository,
    private readonly validity: ValidityService,
    private readonly relations: RelationsService,
  ) {}

  async seed(options: { count?: number; log: (line: string) => void }): Promise<void> {
    const { log } = options;
    for (const issuer of SAMPLE_ISSUERS) await this.repository.setIssuerCode(issuer.name, issuer.code);

    let ids: Map<string, string> | null = null;
    const existing = await this.repository.list({}, 1, 1);
    if (existing.total > 0) {
      log(`The catalogue already holds ${existing.total} documents; no sample documents added.`);
    } else {
      const samples = [
        ...realChainDocuments(),
        ...generateDocuments(options.count ?? DEMO_DOCUMENT_COUNT, { seed: 2024 }),
      ];
      ids = new Map<string, string>();
      for (const sample of samples) {
        const doc = await this.documents.register(sample, SYSTEM_ACTOR);
        if (doc.docNumber) ids.set(doc.docNumber, doc.id);
      }
      log(`Registered ${samples.length} sample documents.`);
    }

    for (const role of ['editor', 'legal', 'admin'] as const) {
      const username = `demo-${role}`;
      if (await this.users.findByUsername(username)) continue;
      const password = randomBytes(9).toString('base64url');
      await this.auth.createUser(username, role, password);
      log(`Created user ${username} (${role}), password ${password}`);
    }

    const legal = await this.users.findByUsername('demo-legal');
    if (ids && legal) {
      await this.recordRealChain(ids, { id: legal.id, username: legal.username });
      log(
        'Recorded the repeals, a basis and an interpretation of the 招商引资 chain (攀府发〔2018〕12号 → 攀府规〔2025〕3号).',
      );
    }
  }

  /**
   * The real chain as the legal office recorded it: 攀府发〔2018〕12号 repealed by 攀府规〔2022〕2号, which
   * 攀府规〔2025〕3号 repealed in turn; the latest with its basis and a 政策解读, so every part of a document page
   * has something to show.
   */
  private async recordRealChain(ids: Map<string, string>, legal: Actor): Promise<void> {
    const [first, second, latest] = ['攀府发〔2018〕12号', '攀府规〔2022〕2号', '攀府规〔2025〕3号'].map((n) =>
      ids.get(n),
    );
    if (!first || !second || !latest) return;
    const repeal = async (id: string, effectiveOn: string, basisDocumentId: string, reason: string) => {
      const doc = await this.documents.get(id);
      if (doc.status !== 'in_force' || (doc.effectiveFrom && doc.effectiveFrom > effectiveOn)) return;
      await this.validity.apply(id, { action: 'repeal', effectiveOn, basisDocumentId, reason }, doc.version, legal);
    };
    await repeal(first, '2022-04-15', second, '被修订后的办法替代');
    await repeal(second, '2025-06-28', latest, '被新办法替代');
    await this.relations.link(
      latest,
      { kind: 'based_on', targetDocNumber: '川府规〔2023〕5号', targetTitle: '四川省招商引资若干政策' },
      legal,
    );
    await this.relations.interpret(
      latest,
      {
        form: '文字',
        title: '《攀枝花市招商引资优惠政策实施办法》政策解读',
        url: 'https://www.panzhihua.gov.cn/zwgk/zcjd/index.shtml',
        publishedOn: '2025-06-30',
      },
      legal,
    );
  }
}
