// Data the console and the hub keep (SQLite files, secrets) is for the user who runs them only:
// 0700 directories and 0600 files, tightened at every start because an older version or a hand-made
// directory may have left them 0755/0644 (umask only narrows what is created, never what exists).
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Creates the directory if needed and makes it 0700 even if it already existed wider. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/**
 * Makes a SQLite file and its -wal/-shm companions 0600, creating the main file 0600 first so it is never
 * world-readable, even for the moment before the chmod (SQLite gives new -wal/-shm files the main file's mode).
 */
export function privateSqlite(file: string): void {
  writeFileSync(file, '', { flag: 'a', mode: FILE_MODE });
  privateFiles([file, `${file}-wal`, `${file}-shm`]);
}

/** 0600 on each of these files that exists. */
export function privateFiles(files: string[]): void {
  for (const f of files) if (existsSync(f)) chmodSync(f, FILE_MODE);
}

/**
 * Prepares a log file at a path the user chose: missing folders are created 0700, the file is created 0600 (or
 * tightened to 0600 if an older run left it wider). An existing folder is left as it is, since a user-chosen path
 * may sit in a shared or project folder whose other files are not ours to chmod.
 */
export function privateLogFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: DIR_MODE });
  writeFileSync(file, '', { flag: 'a', mode: FILE_MODE });
  chmodSync(file, FILE_MODE);
}
