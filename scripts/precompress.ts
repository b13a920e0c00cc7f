/**
 * A Vite plugin that writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build
 * (JavaScript, CSS, HTML, SVG, the manifest, sw.js), once, at `vite build`, with the slowest and
 * smallest settings: the server sends them as they are (Content-Encoding, negotiated on
 * Accept-Encoding) instead of compressing on every request. It runs after vite-plugin-pwa has written
 * sw.js (closeBundle, order 'post'). A copy that would not save at least a tenth is not written: the
 * server then sends the file itself. Images (PNG) are compressed already.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|webmanifest|json|txt|map)$/;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else yield p;
  }
}

export interface Precompressed { files: number; bytes: number; br: number; gz: number }

/** Writes the .br and .gz copies under `dir`; returns what it wrote (for the build's log). */
export function precompressDir(dir: string): Precompressed {
  const out: Precompressed = { files: 0, bytes: 0, br: 0, gz: 0 };
  for (const path of files(dir)) {
    if (!COMPRESSIBLE.test(path)) continue;
    const raw = readFileSync(path);
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gz = gzipSync(raw, { level: 9 });
    const worth = (c: Buffer) => c.length <= raw.length * 0.9;
    if (!worth(gz)) continue;
    out.files++;
    out.bytes += raw.length;
    writeFileSync(`${path}.gz`, gz);
    out.gz += gz.length;
    if (worth(br)) {
      writeFileSync(`${path}.br`, br);
      out.br += br.length;
    } else out.br += gz.length;
  }
  return out;
}

export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'regulars-precompress',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const dir = join(config.root, config.build.outDir);
        const r = precompressDir(dir);
        const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
        config.logger.info(`precompressed ${r.files} files: ${kib(r.bytes)} → brotli ${kib(r.br)}, gzip ${kib(r.gz)}`);
      },
    },
  };
}
