import { describe, expect, it } from 'vitest';
import { constants, deflateRawSync } from 'node:zlib';
import { parseStaffFile } from '$lib/server/import/parse';
import { describeFileProblem } from '$lib/server/import/messages';
import { MAX_XLSX_ENTRIES, MAX_XLSX_UNPACKED_BYTES } from '$lib/server/import/zipLimits';

interface ZipEntry {
	name: string;
	/** Raw deflate data. */
	data: Buffer;
	/** What the headers claim the entry unpacks to. */
	declaredSize: number;
}

/** A zip archive written by hand, so that headers can claim what they like (zip bombs do). */
function zip(entries: ZipEntry[]): Buffer {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8); // deflate
		local.writeUInt32LE(0, 14); // crc: nobody gets far enough to check it
		local.writeUInt32LE(e.data.length, 18);
		local.writeUInt32LE(e.declaredSize, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(e.data.length, 20);
		central.writeUInt32LE(e.declaredSize, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, e.data);
		centrals.push(central, name);
		offset += local.length + name.length + e.data.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, cd, end]);
}

/**
 * Deflate data that unpacks to `mib` MiB of zeros, built without ever holding them: one MiB
 * compressed with a full flush is self-contained, so the same bytes can simply be repeated.
 */
function zeros(mib: number): Buffer {
	const chunk = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: constants.Z_FULL_FLUSH });
	const last = deflateRawSync(Buffer.alloc(0));
	return Buffer.concat([...Array.from({ length: mib }, () => chunk), last]);
}

const MIB = 1024 * 1024;

describe('XLSX archive limits', () => {
	it('refuses a 20 MB upload that unpacks to about 20 GB, without unpacking it', async () => {
		// Five sheets of ~3.9 GiB zeros each: ~19 MB on the wire.
		const data = zeros(3900);
		const bomb = zip(
			Array.from({ length: 5 }, (_, i) => ({
				name: `xl/worksheets/sheet${i + 1}.xml`,
				data,
				declaredSize: 3900 * MIB
			}))
		);
		expect(bomb.length).toBeLessThan(20 * 1024 * 1024);
		const rssBefore = process.memoryUsage().rss;
		const started = Date.now();
		const parsed = await parseStaffFile(bomb, 'pegawai.xlsx');
		expect(parsed.rows).toEqual([]);
		expect(parsed.fileErrors).toEqual([
			{ code: 'unpacked_too_large', params: { max: `${MAX_XLSX_UNPACKED_BYTES / MIB} MB` } }
		]);
		expect(describeFileProblem(parsed.fileErrors[0])).toContain('100 MB');
		expect(Date.now() - started).toBeLessThan(2000);
		expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * MIB);
	});

	it('refuses an entry that unpacks to more than its header claims, stopping at the claim', async () => {
		const liar = zip([{ name: 'xl/worksheets/sheet1.xml', data: zeros(2000), declaredSize: 1000 }]);
		const rssBefore = process.memoryUsage().rss;
		const parsed = await parseStaffFile(liar, 'pegawai.xlsx');
		expect(parsed.fileErrors.map((p) => p.code)).toEqual(['unpacked_too_large']);
		expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * MIB);
	});

	it('refuses an archive with more entries than a workbook has', async () => {
		const tiny = deflateRawSync(Buffer.from('<x/>'));
		const many = zip(
			Array.from({ length: MAX_XLSX_ENTRIES + 1 }, (_, i) => ({
				name: `xl/media/image${i}.xml`,
				data: tiny,
				declaredSize: 4
			}))
		);
		const parsed = await parseStaffFile(many, 'pegawai.xlsx');
		expect(parsed.fileErrors.map((p) => p.code)).toEqual(['too_many_entries']);
		expect(describeFileProblem(parsed.fileErrors[0])).not.toContain('import_file');
	});
});
