// After `vite build`: writes Brotli (.br) and gzip (.gz) copies of the web app's text files next
// to them, served by @fastify/static (preCompressed) to browsers that accept them, so a phone on a
// weak network downloads about a quarter of the bytes. Already compressed files (woff2, png) and
// files under 1 KB are left alone, and a copy is kept only when it is smaller.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(process.argv[2] ?? 'dist/web');
const TEXT = /\.(js|css|html|svg|json|txt|woff|ttf)$/;

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (TEXT.test(entry.name)) yield full;
  }
}

let before = 0;
let after = 0;
for (const file of files(root)) {
  const body = fs.readFileSync(file);
  if (body.length < 1024) continue;
  const br = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  const gz = zlib.gzipSync(body, { level: 9 });
  if (br.length < body.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < body.length) fs.writeFileSync(`${file}.gz`, gz);
  before += body.length;
  after += Math.min(br.length, body.length);
}
console.log(`precompressed ${root}: ${(before / 1024).toFixed(0)} KB of text files, ${(after / 1024).toFixed(0)} KB with Brotli`);
