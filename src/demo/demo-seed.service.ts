import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import { UsersRepository } from '../auth/users.repository.js';
import { SYSTEM_ACTOR } from '../documents/document.model.js';
import { DocumentsRepository } from '../documents/documents.repository.js';
import { DocumentsService } from '../documents/documents.service.js';
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
  ) {}

  async seed(options: { count?: number; log: (line: string) => void }): Promise<void> {
    const { log } = options;
    for (const issuer of SAMPLE_ISSUERS) await this.repository.setIssuerCode(issuer.name, issuer.code);

    const existing = await this.repository.list({}, 1, 1);
    if (existing.total > 0) {
      log(`The catalogue already holds ${existing.total} documents; no sample documents added.`);
    } else {
      const samples = [
        ...realChainDocuments(),
        ...generateDocuments(options.count ?? DEMO_DOCUMENT_COUNT, { seed: 2024 }),
      ];
      for (const sample of samples) await this.documents.register(sample, SYSTEM_ACTOR);
      log(`Registered ${samples.length} sample documents.`);
    }

    for (const role of ['editor', 'legal', 'admin'] as const) {
      const username = `demo-${role}`;
      if (await this.users.findByUsername(username)) continue;
      const password = randomBytes(9).toString('base64url');
      await this.auth.createUser(username, role, password);
      log(`Created user ${username} (${role}), password ${password}`);
    }
  }
}
