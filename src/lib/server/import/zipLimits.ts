import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import type { FileProblem } from './parse';

/**
 * An XLSX is a zip archive, and exceljs unpacks it whole into memory. A 20 MB upload can unpack
 * to gigabytes (deflate reaches ~1000:1 on repetitive data), so the archive is checked before
 * exceljs sees it: entry count and declared unpacked size from the central directory, then every
 * entry inflated once, streaming into nothing, to prove the declared sizes are true (yauzl stops
 * an entry that inflates past its declared size). Memory stays at one chunk.
 *
 * A register of 50,000 staff unpacks to about 30 MB; these limits leave room for formatting.
 */
export const MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 1000;

const discard = () =>
	new Writable({
		write(_chunk, _encoding, done) {
			done();
		}
	});

/** A problem that makes the archive unsafe to unpack, or null when exceljs may load it. */
export async function checkXlsxArchive(bytes: Uint8Array): Promise<FileProblem | null> {
	let zip: yauzl.ZipFile;
	try {
		zip = await yauzl.fromBufferPromise(
			Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
			{
				lazyEntries: true,
				validateEntrySizes: true
			}
		);
	} catch {
		return { code: 'malformed_xlsx' };
	}
	const tooLarge: FileProblem = {
		code: 'unpacked_too_large',
		params: { max: `${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB` }
	};
	if (zip.entryCount > MAX_XLSX_ENTRIES) {
		zip.close();
		return { code: 'too_many_entries', params: { max: String(MAX_XLSX_ENTRIES) } };
	}
	const entries: yauzl.Entry[] = [];
	let declared = 0;
	try {
		await new Promise<void>((resolve, reject) => {
			zip.on('entry', (entry: yauzl.Entry) => {
				entries.push(entry);
				declared += entry.uncompressedSize;
				zip.readEntry();
			});
			zip.on('end', resolve);
			zip.on('error', reject);
			zip.readEntry();
		});
	} catch {
		return { code: 'malformed_xlsx' };
	}
	if (declared > MAX_XLSX_UNPACKED_BYTES) return tooLarge;
	for (const entry of entries) {
		if (entry.fileName.endsWith('/')) continue;
		try {
			await pipeline(await zip.openReadStreamPromise(entry), discard());
		} catch (e) {
			// yauzl's size check: the entry holds more than its header admits.
			return /too many bytes|exceeded/i.test((e as Error).message)
				? tooLarge
				: { code: 'malformed_xlsx' };
		}
	}
	return null;
}
