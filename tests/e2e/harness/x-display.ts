// A virtual X display (Debian's `xvfb`) for headed browsers, and what it shows.
//
// The screen is read from Xvfb's own framebuffer (`-fbdir`: Xvfb keeps the screen in a file, in the
// XWD format, updated as windows draw), so no screenshot tool is needed besides Xvfb itself: what is
// read is exactly what the X server displays, every window and any pop-up on top of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { findExecutable } from './prerequisites.ts';

export interface XDisplay {
  /** The value for DISPLAY, e.g. ":3". */
  display: string;
  width: number;
  height: number;
  /** The screen as it is now. */
  screen(): RgbImage;
  stop(): Promise<void>;
}

export interface RgbImage {
  width: number;
  height: number;
  /** 0xRRGGBB of the pixel at x, y. */
  at(x: number, y: number): number;
  /** How many pixels have each colour (0xRRGGBB). */
  histogram(): Map<number, number>;
  png(): Buffer;
}

/**
 * Starts `Xvfb` on a free display number (it picks one itself and reports it on -displayfd) with one
 * screen of width x height at 24 bits.
 */
export async function startXvfb(options: { width?: number; height?: number } = {}): Promise<XDisplay> {
  const width = options.width ?? 1280;
  const height = options.height ?? 800;
  const xvfb = findExecutable('Xvfb');
  if (!xvfb) throw new Error('Xvfb not found. Install it with: apt-get install -y xvfb (.ci/run does)');
  const fbdir = mkdtempSync(path.join(tmpdir(), 'xvfb-'));
  const child: ChildProcess = spawn(
    xvfb,
    ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-fbdir', fbdir, '-nocursor'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(fbdir, { recursive: true, force: true });
  };
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not report a display within 10 s: ${stderr}`)), 10_000);
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`:${m[1]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before reporting a display: ${stderr}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  const file = path.join(fbdir, 'Xvfb_screen0');
  return { display, width, height, screen: () => readXwd(readFileSync(file)), stop };
}

/** An XWD image (what `xwd` writes and Xvfb keeps with -fbdir), TrueColor, 24 or 32 bits a pixel. */
export function readXwd(b: Buffer): RgbImage {
  const field = (i: number) => b.readUInt32BE(i * 4);
  const headerSize = field(0);
  const version = field(1);
  const format = field(2);
  const width = field(4);
  const height = field(5);
  const byteOrder = field(7); // 0 = LSBFirst
  const bitsPerPixel = field(11);
  const bytesPerLine = field(12);
  const [redMask, greenMask, blueMask] = [field(14), field(15), field(16)];
  const colours = field(19);
  if (version !== 7 || format !== 2 || (bitsPerPixel !== 32 && bitsPerPixel !== 24)) {
    throw new Error(`unsupported XWD image: version ${version}, format ${format}, ${bitsPerPixel} bits a pixel`);
  }
  if (redMask !== 0xff0000 || greenMask !== 0xff00 || blueMask !== 0xff) throw new Error('unsupported XWD colour masks');
  const start = headerSize + colours * 12;
  const step = bitsPerPixel / 8;
  if (b.length < start + bytesPerLine * height) throw new Error('XWD image shorter than its header says');
  const at = (x: number, y: number): number => {
    const p = start + y * bytesPerLine + x * step;
    if (step === 4) return (byteOrder === 0 ? b.readUInt32LE(p) : b.readUInt32BE(p)) & 0xffffff;
    return byteOrder === 0 ? b.readUIntLE(p, 3) : b.readUIntBE(p, 3);
  };
  return {
    width,
    height,
    at,
    histogram() {
      const h = new Map<number, number>();
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
        const c = at(x, y);
        h.set(c, (h.get(c) ?? 0) + 1);
      }
      return h;
    },
    png: () => encodePng(width, height, at),
  };
}

/** A plain 8-bit RGB PNG (no filter), for failure records and for looking at. */
export function encodePng(width: number, height: number, at: (x: number, y: number) => number): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = at(x, y);
      const q = y * row + 1 + x * 3;
      raw[q] = c >> 16;
      raw[q + 1] = (c >> 8) & 0xff;
      raw[q + 2] = c & 0xff;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes the screen to a PNG file. */
export function saveScreen(image: RgbImage, file: string): void {
  writeFileSync(file, image.png());
}
