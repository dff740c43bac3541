/**
 * Reading a workbook file: only a regular file (a device such as /dev/zero, a FIFO or a socket is
 * refused at once, before anything is read or waited for), no larger than the package budget, and
 * read whole as it was when opened — a file that grows or changes while it is read, or ends before
 * its zip does and was modified moments ago, is said to be still being written, not corrupt.
 */
import { constants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { msg } from '../core/message';
import { MAX_PACKAGE_BYTES } from '../xlsx/limits';
import { endRecord, fileTooLarge } from '../xlsx/budget';
import { explainFsError, FileError } from './files';

/** A file modified this recently and not yet a whole zip is taken as one still being written. */
export const STILL_WRITING_MS = 15_000;

function stillWriting(file: string, why: 'changed' | 'recent'): FileError {
  return new FileError(
    why === 'changed'
      ? msg(`“${file}”在读取时仍在变化（正被复制、下载或保存）：请等写入完成后再试。`, `"${file}" changed while it was being read (it is being copied, downloaded or saved): wait until it is complete and try again.`)
      : msg(`“${file}”不完整，且刚刚被修改过：它很可能仍在写入（正被复制、下载或保存）。请等写入完成后再试。`, `"${file}" is incomplete and was modified moments ago: it is most likely still being written (copied, downloaded or saved). Wait until it is complete and try again.`),
    'EWRITING',
  );
}

/** What kind of thing a path is, in words, when it is not a regular file. */
function kindOf(st: import('node:fs').Stats): { zh: string; en: string } | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return { zh: '文件夹', en: 'a folder' };
  if (st.isFIFO()) return { zh: '命名管道（FIFO）', en: 'a named pipe (FIFO)' };
  if (st.isCharacterDevice() || st.isBlockDevice()) return { zh: '设备文件', en: 'a device' };
  if (st.isSocket()) return { zh: '套接字', en: 'a socket' };
  return { zh: '特殊文件', en: 'a special file' };
}

/** Refuses what is not a regular file, at once; a message that names the path and what it is. */
export async function assertRegularFile(file: string): Promise<import('node:fs').Stats> {
  let st: import('node:fs').Stats;
  try {
    st = await fsp.stat(file);
  } catch (e) {
    throw explainFsError(e, file, 'read');
  }
  const kind = kindOf(st);
  if (kind) throw new FileError(msg(`“${file}”是${kind.zh}，不是工作簿文件：未读取。`, `"${file}" is ${kind.en}, not a workbook file: it was not read.`), 'ENOTREG');
  if (st.size > MAX_PACKAGE_BYTES) throw new FileError(fileTooLarge(path.basename(file), st.size), 'ETOOLARGE');
  return st;
}

/** The bytes of a workbook file, read safely (see the module comment). */
export async function readWorkbookFile(file: string, now: () => number = Date.now): Promise<Buffer> {
  await assertRegularFile(file);
  let handle: Awaited<ReturnType<typeof fsp.open>>;
  try {
    // O_NONBLOCK: if the path became a FIFO since it was looked at, opening it never waits for a writer.
    handle = await fsp.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw explainFsError(e, file, 'read');
  }
  try {
    const before = await handle.stat();
    if (!before.isFile()) throw new FileError(msg(`“${file}”不是普通文件：未读取。`, `"${file}" is not a regular file: it was not read.`), 'ENOTREG');
    if (before.size > MAX_PACKAGE_BYTES) throw new FileError(fileTooLarge(path.basename(file), before.size), 'ETOOLARGE');
    // One byte more than the size: a file that grew while being read is noticed.
    const data = Buffer.alloc(before.size + 1);
    let got = 0;
    while (got < data.length) {
      const { bytesRead } = await handle.read(data, got, data.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    const after = await handle.stat();
    if (got !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw stillWriting(file, 'changed');
    const bytes = data.subarray(0, got);
    // A zip whose end is missing, written to moments ago: still being written, not damaged.
    if (got > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && endRecord(bytes) < 0 && now() - after.mtimeMs < STILL_WRITING_MS) throw stillWriting(file, 'recent');
    return bytes;
  } catch (e) {
    throw e instanceof FileError ? e : explainFsError(e, file, 'read');
  } finally {
    await handle.close().catch(() => undefined);
  }
}
