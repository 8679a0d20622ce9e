/** The OpenAPI 3.1 description of the read-only /api/v1, served at /api/v1/openapi.json. */
export function openApiDocument(origin: string) {
	const error = {
		description: 'Refused',
		content: {
			'application/json': {
				schema: { $ref: '#/components/schemas/Error' }
			}
		}
	};
	const secured = (scope: string) => ({
		security: [{ bearer: [] }],
		'x-scope': scope,
		responses: {
			'401': { ...error, description: 'Missing, unknown or revoked token' },
			'403': { ...error, description: `The token lacks the "${scope}" scope` },
			'429': { ...error, description: 'Too many requests this minute (see Retry-After)' }
		}
	});
	return {
		openapi: '3.1.0',
		info: {
			title: 'Mufakat API',
			version: '1.0.0',
			description:
				'Read-only data for other government systems: official criteria in force (shaped for SKP entry), published round results (aggregates only; groups smaller than the round’s k are suppressed) and participation. Tokens are issued by an administrator and sent as `Authorization: Bearer mfk_…`.'
		},
		servers: [{ url: `${origin}/api/v1` }],
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
			schemas: {
				Error: {
					type: 'object',
					required: ['error', 'message'],
					properties: { error: { type: 'string' }, message: { type: 'string' } }
				},
				Criterion: {
					type: 'object',
					properties: {
						unitCode: { type: 'string' },
						unitName: { type: 'string' },
						positionType: {
							type: 'string',
							enum: ['jpt', 'administrator', 'pengawas', 'pelaksana', 'fungsional']
						},
						periodStart: { type: 'string', format: 'date' },
						periodEnd: { type: 'string', format: 'date' },
						version: { type: 'integer' },
						criterionId: { type: 'integer' },
						skpKind: { type: 'string', enum: ['hasil_kerja', 'perilaku_kerja'] },
						rencanaHasilKerja: { type: ['string', 'null'] },
						indikatorKinerja: { type: 'string' },
						target: { type: 'string' },
						unitOfMeasure: { type: 'string' },
						aspect: {
							type: ['string', 'null'],
							enum: ['kuantitas', 'kualitas', 'waktu', 'biaya', null]
						},
						berakhlakValue: { type: ['string', 'null'] },
						weight: { type: 'integer', minimum: 0, maximum: 100 },
						definition: { type: 'string' },
						formula: { type: 'string' },
						dataSource: { type: 'string' },
						frequency: { type: 'string' },
						roundId: { type: 'integer' },
						adoptionId: { type: 'integer' },
						approvedAt: { type: ['string', 'null'], format: 'date-time' }
					}
				}
			}
		},
		paths: {
			'/criteria': {
				get: {
					summary:
						'Official criteria in force on a day, one row per indicator per unit and position type',
					parameters: [
						{
							name: 'on',
							in: 'query',
							schema: { type: 'string', format: 'date' },
							description: 'Default: today'
						},
						{
							name: 'unit',
							in: 'query',
							schema: { type: 'string' },
							description: 'Unit code; its sub-units are included'
						},
						{ name: 'position_type', in: 'query', schema: { type: 'string' } }
					],
					...secured('criteria'),
					responses: {
						'200': {
							description: 'Criteria in force',
							content: {
								'application/json': {
									schema: {
										type: 'object',
										properties: {
											inForceOn: { type: 'string', format: 'date' },
											count: { type: 'integer' },
											criteria: { type: 'array', items: { $ref: '#/components/schemas/Criterion' } }
										}
									}
								}
							}
						},
						...secured('criteria').responses
					}
				}
			},
			'/rounds/{id}': {
				get: {
					summary: 'Published results of one round (aggregates per indicator and criterion)',
					parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
					...secured('results'),
					responses: {
						'200': { description: 'Results; figures are null where fewer than k people rated' },
						'404': { ...error, description: 'No such round' },
						'409': {
							...error,
							description:
								'Results are not published yet: served only once a facilitator has published them (phase published or adopted), not merely closed rating'
						},
						...secured('results').responses
					}
				}
			},
			'/participation': {
				get: {
					summary: 'Eligible people and raters per OPD for each round past rating',
					description:
						'While rating or a Delphi iteration is open (`live: true`) raters are given only for the whole round, as a band (`liveRaters`: from, to, of) at least max(10, k) people wide whose lowest band starts at 0 and highest ends at everyone; per-OPD `raters` are null until the close. After the close an OPD’s raters are given only when at least k people rated and at least k did not, and never for one hidden OPD alone.',
					...secured('participation'),
					responses: {
						'200': {
							description:
								'Counts per OPD; raters null while rating is open and where the participation rule hides them'
						},
						...secured('participation').responses
					}
				}
			}
		}
	};
}
