// Rounds scenarios: a round's proposal list (search, filter, sort, last page) with 1,000
// proposals in it, and a proposal page with its discussion.
import SQLite from 'better-sqlite3';
import { DEMO_ACCOUNTS_FOR_BENCH } from './demo-accounts.js';
import { login } from './01-foundation.js';

const PROPOSALS = 1000;
let filled = false;

/** Puts 1,000 proposals into demo round 2 (whole government, proposing) straight into SQLite. */
function fill(dbFile) {
	if (filled) return;
	filled = true;
	const db = new SQLite(dbFile);
	db.pragma('busy_timeout = 5000');
	const people = db.prepare('select id, org_unit_id from person order by id limit 400').all();
	const insert = db.prepare(`insert into indicator (round_id, author_id, org_unit_id, status, name,
		definition, formula, unit_of_measure, target, baseline, data_source, frequency, perspective,
		aspect, kind, unit_goal, fairness_rationale, smart_score, search_text, comment_count,
		client_token, created_at, updated_at)
		values (2, ?, ?, 'submitted', ?, ?, 'a / b × 100%', 'persen', '90%', '70%', 'SIMPEG', 'bulanan',
		?, ?, 'hasil_kerja', 'Renstra', 'Sama bagi semua pegawai unit ini.', 92, ?, ?, ?, ?, ?)`);
	const words = ['layanan', 'dokumen', 'anggaran', 'laporan', 'pengaduan', 'izin', 'data', 'rapat'];
	const perspectives = ['penerima_layanan', 'penguatan_internal', 'proses_bisnis', 'anggaran'];
	const aspects = ['kuantitas', 'kualitas', 'waktu', 'biaya'];
	db.transaction(() => {
		for (let i = 0; i < PROPOSALS; i++) {
			const p = people[i % people.length];
			const name = `Persentase ${words[i % 8]} ${words[(i * 3) % 8]} selesai tepat waktu ${i}`;
			const definition = `Bagian ${words[i % 8]} yang selesai sesuai standar pelayanan nomor ${i}.`;
			const at = new Date(Date.UTC(2026, 10, 3, 0, i)).toISOString();
			insert.run(
				p.id,
				p.org_unit_id,
				name,
				definition,
				perspectives[i % 4],
				aspects[i % 4],
				`${name} ${definition}`.toLowerCase().replace(/[^a-z0-9]+/g, ' '),
				i % 17,
				`bench-${i}-aaaaaaaaaaaaaaaa`,
				at,
				at
			);
		}
	})();
	db.close();
}

export async function scenarios() {
	const asAsn = async (ctx) => {
		fill(ctx.dbFile);
		return { headers: { cookie: await login(ctx.origin, DEMO_ACCOUNTS_FOR_BENCH.asn) } };
	};
	return [
		{ name: 'GET round page, 1,000 proposals (newest)', path: '/rounds/2', setup: asAsn },
		{
			name: 'GET round page, search + filter + sort',
			path: '/rounds/2?q=layanan&aspect=waktu&sort=most_discussed',
			setup: asAsn
		},
		{ name: 'GET round page, last page of 50', path: '/rounds/2?page=50', setup: asAsn },
		{
			name: 'GET similar proposals (1,000 compared)',
			path: '/rounds/2/similar?name=Persentase%20dokumen%20izin%20selesai%20tepat%20waktu',
			setup: asAsn
		},
		{ name: 'GET proposal page with discussion', path: '/rounds/1/proposals/1', setup: asAsn }
	];
}
