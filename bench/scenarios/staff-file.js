// The 6,000-row staff register the import benchmark uploads (plain JS, shared with a unit test).
/** The demo admin (kept in step with the seed by tests/unit/bench-import.test.ts). */
export const BENCH_ADMIN_NIP = '198203152006041001';
const UNITS = ['BTH.DUKCAPIL.02', 'BTH.DPMPTSP.02', 'BTH.BKPSDM.01', 'BTH.BKPSDM.05', 'BTH.SETDA'];
const TYPES = ['pelaksana', 'fungsional', 'pengawas', 'administrator', 'pelaksana'];
const GRADES = ['II/a', 'III/a', 'III/c', 'IV/a', 'II/c'];

/** `rows` new staff with valid NIPs outside the demo regency (born 2001–2003, appointed 2023). */
/** @param {number} rows */
export function staffFile(rows) {
	const lines = ['NIP;Nama;Kode Unit;Jabatan;Jenis Jabatan;Golongan;Status;Peran'];
	for (let i = 0; i < rows; i++) {
		const year = 2001 + (Math.floor(i / (28 * 999)) % 3);
		const day = String((Math.floor(i / 999) % 28) + 1).padStart(2, '0');
		const seq = String((i % 999) + 1).padStart(3, '0');
		const nip = `${year}01${day}2023011${seq}`;
		const k = i % UNITS.length;
		lines.push(
			`${nip};Pegawai Bench ${i};${UNITS[k]};Pengadministrasi Umum;${TYPES[k]};${GRADES[k]};PNS;asn`
		);
	}
	return lines.join('\r\n') + '\r\n';
}
