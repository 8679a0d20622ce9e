import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8'));
const patterns: string[] = settings['plugin.inlang.messageFormat'].pathPattern;

function keysOf(locale: string): Map<string, string> {
	const owner = new Map<string, string>();
	for (const pattern of patterns) {
		const file = pattern.replace('{locale}', locale);
		const json = JSON.parse(readFileSync(file, 'utf8'));
		for (const key of Object.keys(json)) {
			if (key === '$schema') continue;
			expect(owner.has(key), `${key} defined twice (${owner.get(key)} and ${file})`).toBe(false);
			owner.set(key, file);
		}
	}
	return owner;
}

describe('message catalogues', () => {
	it('Indonesian and English hold exactly the same keys, each defined once', () => {
		const id = [...keysOf('id').keys()].sort();
		const en = [...keysOf('en').keys()].sort();
		expect(en).toEqual(id);
	});

	it('no message is left empty', () => {
		for (const locale of ['id', 'en']) {
			for (const pattern of patterns) {
				const json = JSON.parse(readFileSync(pattern.replace('{locale}', locale), 'utf8'));
				for (const [k, v] of Object.entries(json)) {
					if (k !== '$schema') expect(String(v).trim(), `${locale}:${k}`).not.toBe('');
				}
			}
		}
	});
});
