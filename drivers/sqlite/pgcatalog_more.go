package sqlite

import (
	"context"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/blocksql/blocksql/drivers"
)

// psql's \dn and \d+ NAME on the SQLite backend, answered like
// pgcatalog.go's: \dn the schemas a PostgreSQL node has (public and
// blocksql), \d+ a table's columns with the storage PostgreSQL gives their
// types. (\l and \du are the frontend's, on every backend.)

const (
	oidInt4 = 23
)

func init() {
	pgCatalogQueries = append(pgCatalogQueries,
		&pgCatalogQuery{ // \dn
			text: `SELECT n.nspname AS "Name",
  pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1`,
			cols: []string{"Name", "Owner"}, oids: []uint32{oidName, oidName},
			answer: func(context.Context, pgQueryer, *pg_query.Node) ([][]string, error) {
				return [][]string{{drivers.Schema, "postgres"}, {"public", "pg_database_owner"}}, nil
			},
		},
		&pgCatalogQuery{ // \d+ NAME: the table
			text: `SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, pg_catalog.array_to_string(c.reloptions || array(select 'toast.' || x from pg_catalog.unnest(tc.reloptions) x), ', ')
, c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = '1'`,
			cols: []string{"relchecks", "relkind", "relhasindex", "relhasrules", "relhastriggers", "relrowsecurity", "relforcerowsecurity",
				"relhasoids", "relispartition", "array_to_string", "reltablespace", "reloftype", "relpersistence", "relreplident", "amname"},
			oids:   []uint32{oidInt2, oidChar, oidBool, oidBool, oidBool, oidBool, oidBool, oidBool, oidBool, oidText, oidOID, oidText, oidChar, oidChar, oidName},
			answer: pgTableInfo,
		},
		&pgCatalogQuery{ // \d+ NAME: its columns
			text: `SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated,
  a.attstorage,
  a.attcompression AS attcompression,
  CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END AS attstattarget,
  pg_catalog.col_description(a.attrelid, a.attnum)
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '1' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`,
			cols: []string{"attname", "format_type", "pg_get_expr", "attnotnull", "attcollation", "attidentity", "attgenerated",
				"attstorage", "attcompression", "attstattarget", "col_description"},
			oids: []uint32{oidName, oidText, oidText, oidBool, oidName, oidChar, oidChar, oidChar, oidChar, oidInt4, oidText},
			answer: func(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
				t, err := pgTableByOID(ctx, db, tree)
				if t == nil || err != nil {
					return nil, err
				}
				rows, err := pgTableColumns(ctx, db, tree)
				for i := range rows {
					rows[i] = append(rows[i], pgStorage(t.Columns[i].Type), "", pgNull, pgNull)
				}
				return rows, err
			},
		},
	)
}

// pgStorage is the storage PostgreSQL gives a type (pg_type.typstorage):
// p plain, m main, x extended.
func pgStorage(t pgType) string {
	switch {
	case t.Base == "numeric":
		return "m"
	case t.isText(), t.Base == "bytea":
		return "x"
	}
	return "p"
}
