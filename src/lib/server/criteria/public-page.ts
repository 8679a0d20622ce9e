import type { Kysely } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { recordAudit } from '$lib/server/audit';

const KEY = 'public_page_enabled';

/** Whether the public page (criteria in force and participation, no personal data) is on. Off by default. */
export async function publicPageEnabled(db: Kysely<Database>): Promise<boolean> {
	const row = await db
		.selectFrom('setting')
		.select('value')
		.where('key', '=', KEY)
		.executeTakeFirst();
	return row?.value === '1';
}

export async function setPublicPage(
	db: Kysely<Database>,
	adminId: number,
	enabled: boolean,
	now: Date = new Date()
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const before = await trx
			.selectFrom('setting')
			.select('value')
			.where('key', '=', KEY)
			.executeTakeFirst();
		await trx
			.insertInto('setting')
			.values({ key: KEY, value: enabled ? '1' : '0', updated_at: now.toISOString() })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet({ value: enabled ? '1' : '0', updated_at: now.toISOString() })
			)
			.execute();
		await recordAudit(
			trx,
			{
				actorId: adminId,
				action: 'setting.public_page',
				objectType: 'setting',
				objectId: KEY,
				before: { enabled: before?.value === '1' },
				after: { enabled }
			},
			now
		);
	});
}
