import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation';
import * as m0002 from './0002_people';
import * as m0003 from './0003_rounds';
import * as m0004 from './0004_surveys';
import * as m0005 from './0005_ratings';
import * as m0006 from './0006_criteria';
import * as m0007 from './0007_survey_round_fk';
import * as m0008 from './0008_rating_key_order';
import * as m0009 from './0009_scoped_privileges';
import * as m0010 from './0010_auth_hardening';
import * as m0011 from './0011_ballot_carried';
import * as m0012 from './0012_head_rhk';
import * as m0013 from './0013_outbox';

// Listed by hand so the same set reaches the built server, the CLI (tsx) and Vitest alike.
// Append new migrations; never edit or reorder one that has landed.
export const migrations: Record<string, Migration> = {
	'0001_foundation': m0001,
	'0002_people': m0002,
	'0003_rounds': m0003,
	'0004_surveys': m0004,
	'0005_ratings': m0005,
	'0006_criteria': m0006,
	'0007_survey_round_fk': m0007,
	'0008_rating_key_order': m0008,
	'0009_scoped_privileges': m0009,
	'0010_auth_hardening': m0010,
	'0011_ballot_carried': m0011,
	'0012_head_rhk': m0012,
	'0013_outbox': m0013
};
