import { m } from '$lib/paraglide/messages';

const KIND_LABELS: Record<string, () => string> = {
	pemda: m.unit_kind_pemda,
	sekretariat: m.unit_kind_sekretariat,
	inspektorat: m.unit_kind_inspektorat,
	dinas: m.unit_kind_dinas,
	badan: m.unit_kind_badan,
	kecamatan: m.unit_kind_kecamatan,
	rsud: m.unit_kind_rsud,
	satuan: m.unit_kind_satuan,
	bidang: m.unit_kind_bidang,
	bagian: m.unit_kind_bagian,
	upt: m.unit_kind_upt,
	kelurahan: m.unit_kind_kelurahan
};

export function unitKindLabel(kind: string): string {
	return KIND_LABELS[kind]?.() ?? kind;
}
