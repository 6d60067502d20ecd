// The store listing (docs/store/): descriptions within the stores' limits and equal to the manifest's
// own words, screenshots of the size the stores take and not blank, and a PRIVACY.md that names
// every permission the manifests ask for and every host they reach.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import config, { API_HOSTS } from '../../wxt.config';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

// Chrome Web Store: the manifest's description (its summary) at most 132 characters, the listing's
// description at most 16,000; addons.mozilla.org: a summary of at most 250 characters.
const SHORT_MAX = 132;
const LONG_MAX = 16_000;

function sections(markdown: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of markdown.split(/^## /m).slice(1)) {
    const [title, ...body] = part.split('\n');
    out[title!.trim()] = body.join('\n').trim();
  }
  return out;
}

const chars = (text: string) => [...text].length;

describe.each([
  ['en', 'description-en.md', 'public/_locales/en/messages.json'],
  ['zh', 'description-zh.md', 'public/_locales/zh_CN/messages.json'],
] as const)('store listing (%s)', (lang, file, messagesFile) => {
  const listing = sections(read(`docs/store/${file}`));
  const messages = JSON.parse(read(messagesFile)) as Record<string, { message: string }>;

  it('has the manifest name and description as its name and short description', () => {
    expect(listing.Name).toBe(messages.extName!.message);
    expect(listing['Short description']).toBe(messages.extDescription!.message);
  });

  it('stays within the stores\' limits', () => {
    expect(chars(listing['Short description']!)).toBeLessThanOrEqual(SHORT_MAX);
    const long = listing['Long description']!;
    expect(chars(long)).toBeGreaterThan(500);
    expect(chars(long)).toBeLessThanOrEqual(LONG_MAX);
  });

  it('has a long description in plain text (the Chrome Web Store shows no Markdown)', () => {
    const long = listing['Long description']!;
    expect(long).not.toMatch(/\*\*|__|`|\]\(|^#/m);
  });

  it('has store screenshots in its language, 1280x800, 24-bit RGB without alpha, not blank', () => {
    const dir = path.join(ROOT, 'docs/store/screenshots');
    const files = readdirSync(dir).filter((f) => f.endsWith(`-${lang}.png`));
    // Chrome Web Store: 1 to 5 screenshots.
    expect(files.length).toBeGreaterThanOrEqual(1);
    expect(files.length).toBeLessThanOrEqual(5);
    for (const f of files) {
      const png = decodePng(readFileSync(path.join(dir, f)));
      expect({ file: f, width: png.width, height: png.height, colourType: png.colourType, bitDepth: png.bitDepth }).toEqual({
        file: f,
        width: 1280,
        height: 800,
        colourType: 2,
        bitDepth: 8,
      });
      const h = png.histogram();
      const commonest = Math.max(...h.values());
      expect(h.size, f).toBeGreaterThan(100);
      expect(commonest / (png.width * png.height), f).toBeLessThan(0.9);
    }
  });
});

describe('the two languages', () => {
  it('have the same set of store screenshots', () => {
    const names = readdirSync(path.join(ROOT, 'docs/store/screenshots')).filter((f) => f.endsWith('.png'));
    const of = (lang: string) => names.filter((f) => f.endsWith(`-${lang}.png`)).map((f) => f.replace(/-[a-z]+\.png$/, '')).sort();
    expect(of('zh')).toEqual(of('en'));
    expect(names.every((f) => /-(en|zh)\.png$/.test(f))).toBe(true);
  });
});

type ManifestFn = (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: string }) => {
  permissions?: string[];
  optional_permissions?: string[];
};

describe('PRIVACY.md', () => {
  const privacy = read('PRIVACY.md');

  it('names each permission either manifest asks for, and why, in its permissions table', () => {
    const table = privacy.slice(privacy.indexOf('## Permissions'));
    for (const [browser, version] of [['chrome', 3], ['firefox', 2]] as const) {
      const manifest = (config.manifest as unknown as ManifestFn)({ browser, manifestVersion: version, mode: 'production', command: 'build' });
      for (const permission of [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])]) {
        expect(table, permission).toMatch(new RegExp(`^\\| \`${permission}\`.*\\|.{20,}\\|$`, 'm'));
      }
    }
  });

  it('names the two API hosts, and the extension reaches no other', () => {
    for (const host of API_HOSTS) expect(privacy).toContain(host.replace(/\/\*$/, '/'));
    expect(API_HOSTS).toHaveLength(2);
  });
});

/** An 8-bit, non-interlaced PNG (what Chromium writes), decoded to its pixels. */
function decodePng(file: Buffer) {
  expect(file.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let p = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colourType = 0;
  let interlace = 0;
  const data: Buffer[] = [];
  while (p < file.length) {
    const length = file.readUInt32BE(p);
    const type = file.subarray(p + 4, p + 8).toString('latin1');
    const body = file.subarray(p + 8, p + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      bitDepth = body[8]!;
      colourType = body[9]!;
      interlace = body[12]!;
    } else if (type === 'IDAT') data.push(body);
    p += 12 + length;
  }
  const channels = colourType === 2 ? 3 : colourType === 6 ? 4 : 0;
  const histogram = () => {
    if (!channels || bitDepth !== 8 || interlace) throw new Error(`PNG not decoded: colour type ${colourType}, ${bitDepth} bits, interlace ${interlace}`);
    const raw = zlib.inflateSync(Buffer.concat(data));
    const stride = width * channels;
    let previous = Buffer.alloc(stride);
    const counts = new Map<number, number>();
    for (let y = 0; y < height; y++) {
      const filter = raw[y * (stride + 1)]!;
      const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
      for (let i = 0; i < stride; i++) {
        const a = i >= channels ? line[i - channels]! : 0;
        const b = previous[i]!;
        const c = i >= channels ? previous[i - channels]! : 0;
        let add = 0;
        if (filter === 1) add = a;
        else if (filter === 2) add = b;
        else if (filter === 3) add = (a + b) >> 1;
        else if (filter === 4) {
          const estimate = a + b - c;
          const [pa, pb, pc] = [Math.abs(estimate - a), Math.abs(estimate - b), Math.abs(estimate - c)];
          add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        line[i] = (line[i]! + add) & 0xff;
      }
      for (let x = 0; x < width; x++) {
        const colour = (line[x * channels]! << 16) | (line[x * channels + 1]! << 8) | line[x * channels + 2]!;
        counts.set(colour, (counts.get(colour) ?? 0) + 1);
      }
      previous = line;
    }
    return counts;
  };
  return { width, height, bitDepth, colourType, histogram };
}
