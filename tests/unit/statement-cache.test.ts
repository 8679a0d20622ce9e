import { describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { cacheStatements } from '$lib/server/db/connect';

describe('SQLite statement cache', () => {
	it('reuses the prepared statement for the same SQL and keeps answers right', () => {
		const db = cacheStatements(new SQLite(':memory:'));
		db.prepare('create table t (id integer primary key, v text)').run();
		const insert = db.prepare('insert into t (v) values (?)');
		expect(db.prepare('insert into t (v) values (?)')).toBe(insert);
		insert.run('a');
		db.prepare('insert into t (v) values (?)').run('b');
		expect(db.prepare('select v from t order by id').all()).toEqual([{ v: 'a' }, { v: 'b' }]);
		db.close();
	});

	it('keeps at most `max` statements, dropping the least recently used', () => {
		const db = cacheStatements(new SQLite(':memory:'), 2);
		const one = db.prepare('select 1');
		const two = db.prepare('select 2');
		expect(db.prepare('select 1')).toBe(one); // now "select 2" is the oldest
		db.prepare('select 3');
		expect(db.prepare('select 1')).toBe(one);
		expect(db.prepare('select 2')).not.toBe(two);
		db.close();
	});

	it('still answers correctly after the schema changes under a kept statement', () => {
		const db = cacheStatements(new SQLite(':memory:'));
		db.prepare('create table t (a integer)').run();
		db.prepare('insert into t values (1)').run();
		expect(db.prepare('select * from t').all()).toEqual([{ a: 1 }]);
		db.prepare('alter table t add column b integer default 7').run();
		expect(db.prepare('select * from t').all()).toEqual([{ a: 1, b: 7 }]);
		db.close();
	});
});
