import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CoreTables, OrgUnitTable, PersonTable } from './core';
import type { RoundTables } from './rounds';
import type { RatingTables } from './ratings';
import type { CriteriaTables } from './criteria';
import type { SurveyTables } from './surveys';

// Each domain declares its tables in its own file and joins them here (`CoreTables & RoundTables …`).
export type Database = CoreTables & RoundTables & RatingTables & SurveyTables & CriteriaTables;

export type OrgUnit = Selectable<OrgUnitTable>;
export type NewOrgUnit = Insertable<OrgUnitTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
