import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticAsset {
  /** e.g. site.3f2a9c1e0b.css: the name carries a hash of the content, so it can be cached for a year. */
  hashedName: string;
  type: string;
  body: Buffer;
}

/** Where the stylesheet and icon live: beside this file in src/ and, copied by the build, in dist/. */
export const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

/**
 * The site's static files (stylesheet, icon), read once at start and served under content-hashed names
 * (`/assets/site.<hash>.css`) with a year-long cache; a changed file gets a new name.
 */
export class SiteAssets {
  private readonly byHashedName = new Map<string, StaticAsset>();
  private readonly urlByName = new Map<string, string>();

  constructor(dir: string = ASSETS_DIR) {
    for (const name of readdirSync(dir).sort()) {
      const type = TYPES[extname(name)];
      if (!type) continue;
      const body = readFileSync(join(dir, name));
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
      const ext = extname(name);
      const hashedName = `${name.slice(0, -ext.length)}.${hash}${ext}`;
      this.byHashedName.set(hashedName, { hashedName, type, body });
      this.urlByName.set(name, `/assets/${hashedName}`);
    }
  }

  /** The URL of an asset by its plain name (`site.css`). */
  url(name: string): string {
    const url = this.urlByName.get(name);
    if (!url) throw new Error(`No static asset named ${name}`);
    return url;
  }

  find(hashedName: string): StaticAsset | undefined {
    return this.byHashedName.get(hashedName);
  }

  /** Changes whenever any asset changes: part of the pages' ETags. */
  get fingerprint(): string {
    return createHash('sha256')
      .update([...this.byHashedName.keys()].join(','))
      .digest('hex')
      .slice(0, 10);
  }
}
