/**
 * Flushing files to the disk: what is written is only in the operating system's cache until then,
 * and a power cut or system crash can lose it (or keep a renamed file empty).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Flushes one file or folder (a folder: the names in it, as after a rename or a new file). */
export function fsyncPath(at: string): void {
  const fd = fs.openSync(at, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes every file and folder under `dir`, and `dir` itself. */
export function fsyncTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) fsyncTree(at);
    else if (entry.isFile()) fsyncPath(at);
  }
  fsyncPath(dir);
}
