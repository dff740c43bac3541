/**
 * Files the CLI writes: never onto the input (whatever link leads there), always whole — written to a
 * temporary file beside the target, flushed, then renamed over it, so a killed process, a full disk
 * or a refused write leaves the previous file exactly as it was.
 */

import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { msg, type Message } from '../core/message';

export class FileError extends Error {
  constructor(
    readonly info: Message,
    readonly code?: string,
  ) {
    super(info.en);
  }
}

/** One sentence for an OS error, with the path, in both languages. */
export function explainFsError(e: unknown, file: string, doing: 'read' | 'write'): FileError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const verb = doing === 'read' ? msg('读取', 'read') : msg('写入', 'write');
  const known: Record<string, Message> = {
    ENOENT: doing === 'read' ? msg(`找不到文件“${file}”。`, `File "${file}" not found.`) : msg(`无法写入“${file}”：所在文件夹不存在。`, `Cannot write "${file}": its folder does not exist.`),
    EACCES: msg(`没有权限${verb.zh}“${file}”。`, `No permission to ${verb.en} "${file}".`),
    EPERM: msg(`系统不允许${verb.zh}“${file}”（文件可能被锁定或只读）。`, `The system does not allow to ${verb.en} "${file}" (it may be locked or read-only).`),
    EISDIR: msg(`“${file}”是文件夹，不是文件。`, `"${file}" is a folder, not a file.`),
    ENOTDIR: msg(`“${file}”的路径中有一段不是文件夹。`, `Part of the path "${file}" is not a folder.`),
    ENOSPC: msg(`磁盘空间不足，无法写入“${file}”；原有文件未被改动。`, `The disk is full; "${file}" could not be written and the previous file is unchanged.`),
    EDQUOT: msg(`磁盘配额已满，无法写入“${file}”；原有文件未被改动。`, `The disk quota is exceeded; "${file}" could not be written and the previous file is unchanged.`),
    EROFS: msg(`“${file}”所在的磁盘是只读的。`, `"${file}" is on a read-only disk.`),
    EBUSY: msg(`“${file}”正被其他程序使用（如 Excel 打开着它），请关闭后再试。`, `"${file}" is in use by another program (Excel may have it open); close it and try again.`),
    EMFILE: msg(`打开的文件过多，无法${verb.zh}“${file}”。`, `Too many open files to ${verb.en} "${file}".`),
    ENAMETOOLONG: msg(`文件名“${file}”太长。`, `The file name "${file}" is too long.`),
    ELOOP: msg(`“${file}”是循环的符号链接（链接最终又指回自身），无法${verb.zh}。`, `"${file}" is a symbolic link loop (the links lead back to themselves); it cannot be ${doing === 'read' ? 'read' : 'written'}.`),
  };
  return new FileError(known[code ?? ''] ?? msg(`无法${verb.zh}“${file}”（${code ?? String(e)}）。`, `Could not ${verb.en} "${file}" (${code ?? String(e)}).`), code);
}

async function identity(file: string): Promise<{ real: string; dev: number; ino: number } | null> {
  try {
    const st = await fsp.stat(file);
    return { real: await fsp.realpath(file), dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}

/** Refuses when the output is the input itself: the same path, a symbolic link to it, or a hard link. */
export async function assertNotSameFile(input: string, output: string): Promise<void> {
  const a = await identity(input);
  const b = await identity(output);
  const same = path.resolve(input) === path.resolve(output) || (a && b && (a.real === b.real || (a.dev === b.dev && a.ino === b.ino)));
  if (same)
    throw new FileError(
      msg(`输出文件“${output}”就是输入文件（同一路径、符号链接或硬链接），为保护原文件，不会覆盖它。请换一个输出文件名。`, `The output "${output}" is the input file itself (the same path, a symbolic link or a hard link); nothing is written, to keep the original safe. Choose another output name.`),
      'ESAMEFILE',
    );
}

/**
 * Refuses an output that is not safe to replace: a link (planted in a shared folder, it would lead the
 * write onto any file the user can write), any of the inputs of the run (by path, link or inode), or a
 * file its owner made read-only.
 */
export async function assertSafeOutput(output: string, inputs: string[]): Promise<void> {
  for (const input of inputs) await assertNotSameFile(input, output);
  const st = await fsp.lstat(output).catch(() => null);
  if (st?.isSymbolicLink())
    throw new FileError(
      msg(`输出文件“${output}”是一个链接（快捷方式），写入会改动它指向的文件，因此不会写入。请换一个输出文件名。`, `The output "${output}" is a link; writing would change the file it points to, so nothing is written. Choose another output name.`),
      'ELINK',
    );
  if (st && st.isFile() && (st.mode & 0o200) === 0)
    throw new FileError(
      msg(`输出文件“${output}”是只读的，不会替换它。请换一个输出文件名，或先取消它的只读属性。`, `The output "${output}" is read-only and is not replaced. Choose another output name, or make it writable first.`),
      'EREADONLY',
    );
}

const TEMP_TAG = '.plan-balancer.tmp';

/** The minimal file-system surface the writer needs (tests inject failures through it). */
export interface WriteFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
}

const realFs: WriteFs = { open: fsp.open, rename: fsp.rename, unlink: fsp.unlink };

/**
 * Writes `data` to `target` atomically: temporary file in the same folder, flushed to disk, renamed
 * over the target (through a symbolic link, onto the file it points to). On any failure the temporary
 * file is removed and the target is untouched.
 */
export async function writeFileAtomic(target: string, data: Uint8Array, fs: WriteFs = realFs): Promise<void> {
  const dest = path.resolve(target);
  const dir = path.dirname(dest);
  // A file replaced keeps its permissions (a 600 output stays private); a new one gets the usual.
  let mode: number | null = null;
  try {
    const st = await fsp.lstat(dest);
    if (st.isSymbolicLink()) throw new FileError(msg(`输出文件“${target}”是一个链接，不会写入。`, `The output "${target}" is a link; nothing is written.`), 'ELINK');
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    mode = st.mode & 0o777;
  } catch (e) {
    if (e instanceof FileError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw explainFsError(e, target, 'write');
  }
  await removeStaleTemps(dest);
  const temp = path.join(dir, `.${path.basename(dest)}.${process.pid}.${Date.now().toString(36)}${TEMP_TAG}`);
  let handle: Awaited<ReturnType<typeof fsp.open>> | null = null;
  try {
    handle = await fs.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode ?? 0o644);
    // The process's umask may have narrowed it; the replaced file's own mode wins.
    if (mode !== null) await handle.chmod(mode).catch(() => undefined);
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await handle.write(data, written, data.length - written);
      if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
      written += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.rename(temp, dest);
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw e instanceof FileError ? e : explainFsError(e, target, 'write');
  }
  // The rename itself is durable once the folder is flushed (best effort: not every system allows it).
  try {
    const d = await fsp.open(dir, 'r');
    await d.sync().catch(() => undefined);
    await d.close();
  } catch {
    /* folders cannot be opened on some systems */
  }
}

/** Temporary files a killed earlier run left beside the target. */
async function removeStaleTemps(dest: string): Promise<void> {
  const dir = path.dirname(dest);
  const prefix = `.${path.basename(dest)}.`;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith(TEMP_TAG)) continue;
    const pid = Number(n.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) continue; // another run is writing
    await fsp.unlink(path.join(dir, n)).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
