import { fromFile } from 'file-type';
import type { StagedFile } from './staging-engine';

/**
 * The content type of a staged upload, from its bytes: file-type's signatures (it reads into Office
 * Open XML packages to tell a .docx from a plain zip), else UTF-8 text (CSV by its name). The
 * client's Content-Type and the file's extension never decide what a file is.
 */
export async function sniffContentType(staged: StagedFile, name: string): Promise<string> {
  const detected = await fromFile(staged.path);
  if (detected) return detected.mime;
  if (staged.isText) return /\.csv$/i.test(name) ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}
