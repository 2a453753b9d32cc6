import { unzipSync } from 'fflate';

import type { ImportFileFormat } from '@collection-desk/contracts';

import { ImportFileRejectedError, ImportUnsupportedFileError } from '../import.errors.js';

/** A zip whose directory promises more than this is refused before anything is inflated. */
export const ZIP_LIMITS = { entries: 2_000, uncompressedBytes: 400 * 1024 * 1024 } as const;

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ODS_MIME_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  signature.every((byte, index) => bytes[index] === byte);

/**
 * What a file is, from its bytes: the name and the declared type are the sender's word, the
 * signature is not. Zips are checked against ZIP_LIMITS from their central directory, so a
 * zip bomb is refused with the memory its compressed bytes take and no more.
 */
export function detectFileFormat(bytes: Uint8Array): ImportFileFormat {
  if (bytes.length === 0) throw new ImportFileRejectedError('The file is empty.');
  if (startsWith(bytes, ZIP)) return zippedFormat(bytes);
  if (startsWith(bytes, EMPTY_ZIP)) throw new ImportFileRejectedError('The workbook is empty.');
  if (startsWith(bytes, OLE2)) return compoundFileFormat(bytes);
  if (looksLikeText(bytes)) return 'csv';
  throw new ImportUnsupportedFileError(describeUnknown(bytes));
}

function zippedFormat(bytes: Uint8Array): ImportFileFormat {
  const names = new Set<string>();
  let uncompressed = 0;
  let mimeType: Uint8Array | undefined;
  try {
    const inflated = unzipSync(bytes, {
      filter: (entry) => {
        names.add(entry.name);
        uncompressed += entry.originalSize;
        if (names.size > ZIP_LIMITS.entries || uncompressed > ZIP_LIMITS.uncompressedBytes) {
          throw new ZipTooLarge();
        }
        // ODS names its type in a tiny first entry; nothing else is inflated here.
        return entry.name === 'mimetype' && entry.originalSize < 256;
      },
    });
    mimeType = inflated['mimetype'];
  } catch (error) {
    if (error instanceof ZipTooLarge) {
      throw new ImportFileRejectedError(
        `The file unpacks to more than ${ZIP_LIMITS.uncompressedBytes / 1024 / 1024} MB or ${ZIP_LIMITS.entries} parts: it is not an ordinary workbook.`,
      );
    }
    throw new ImportFileRejectedError(
      'The file is damaged or incomplete (it may have been cut off while copying). Save it again and upload the new copy.',
    );
  }
  if (names.has('xl/workbook.xml')) return 'xlsx';
  if (mimeType && new TextDecoder().decode(mimeType).trim() === ODS_MIME_TYPE) return 'ods';
  throw new ImportUnsupportedFileError(
    'The file is a zip archive but not a workbook (no spreadsheet inside).',
  );
}

class ZipTooLarge extends Error {}

/** Legacy .xls, and also every password-protected Office file, live in an OLE2 compound file. */
function compoundFileFormat(bytes: Uint8Array): ImportFileFormat {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le');
  if (text.includes('EncryptionInfo') || text.includes('EncryptedPackage')) {
    throw new ImportFileRejectedError(
      'The workbook is protected with a password. Save a copy without the password and upload that.',
    );
  }
  return 'xls';
}

/** UTF-8 text without NUL characters: what a CSV export is. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Called for what is neither a workbook nor text (see detectFileFormat). */
function describeUnknown(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 5));
  return head === '%PDF-'
    ? 'The file is a PDF document, not a spreadsheet.'
    : 'The file is neither a workbook nor UTF-8 text (a CSV must be saved as UTF-8).';
}
