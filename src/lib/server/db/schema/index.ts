import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CoreTables, OrgUnitTable, PersonTable } from './core';
import type { PeopleTables } from './people';
import type { RoundTables } from './rounds';
import type { SurveyTables } from './surveys';
import type { RatingTables } from './ratings';
import type { CriteriaTables } from './criteria';
import type { RhkTables } from './rhk';
import type { NotifyTables } from './notify';
import type { PrivilegeTables } from './privileges';

// Each domain declares its tables in its own file and joins them here.
export type Database = CoreTables &
	PeopleTables &
	RoundTables &
	SurveyTables &
	RatingTables &
	CriteriaTables &
	RhkTables &
	NotifyTables &
	PrivilegeTables;

export type OrgUnit = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
