package sqlite

import (
	"context"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/blocksql/blocksql/drivers"
)

// psql's \d, \dt [PATTERN] and \d NAME on the SQLite backend. There is no
// pg_catalog to query, so the catalog queries psql 15 sends are known by
// their fingerprint (pg_query's, which ignores constants) and answered
// from the engine's catalog: the relation list, a table's columns with
// PostgreSQL's type names and defaults, its indexes and constraints. Other
// catalog queries are refused like any read the translator does not know.

// pgCatalogQuery is one catalog query psql sends and the columns of its
// answer (name and type OID).
type pgCatalogQuery struct {
	text   string
	cols   []string
	oids   []uint32
	answer func(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error)
}

const (
	oidName, oidOID, oidChar, oidBool, oidText, oidInt2 = 19, 26, 18, 16, 25, 21
)

var pgCatalogQueries = []*pgCatalogQuery{
	{ // \d and \dt [PATTERN]
		text: `SELECT n.nspname as "Schema", c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','')
      AND n.nspname <> 'pg_catalog'
      AND n.nspname !~ '^pg_toast'
      AND n.nspname <> 'information_schema'
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2`,
		cols: []string{"Schema", "Name", "Type", "Owner"}, oids: []uint32{oidName, oidName, oidText, oidName},
		answer: pgListRelations,
	},
	{ // \dt PATTERN (no schema filter)
		text: `SELECT n.nspname as "Schema", c.relname as "Name",
  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
WHERE c.relkind IN ('r','p','t','s','')
  AND c.relname OPERATOR(pg_catalog.~) '^(a.*)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 1,2`,
		cols: []string{"Schema", "Name", "Type", "Owner"}, oids: []uint32{oidName, oidName, oidText, oidName},
		answer: pgListRelations,
	},
	{ // \d NAME: which relations
		text: `SELECT c.oid, n.nspname, c.relname
FROM pg_catalog.pg_class c
     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default
  AND pg_catalog.pg_table_is_visible(c.oid)
ORDER BY 2, 3`,
		cols: []string{"oid", "nspname", "relname"}, oids: []uint32{oidOID, oidName, oidName},
		answer: pgFindRelations,
	},
	{ // \d NAME: the table
		text: `SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
FROM pg_catalog.pg_class c
 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
WHERE c.oid = '1'`,
		cols: []string{"relchecks", "relkind", "relhasindex", "relhasrules", "relhastriggers", "relrowsecurity", "relforcerowsecurity",
			"relhasoids", "relispartition", "?column?", "reltablespace", "reloftype", "relpersistence", "relreplident", "amname"},
		oids:   []uint32{oidInt2, oidChar, oidBool, oidBool, oidBool, oidBool, oidBool, oidBool, oidBool, oidText, oidOID, oidText, oidChar, oidChar, oidName},
		answer: pgTableInfo,
	},
	{ // \d NAME: its columns
		text: `SELECT a.attname,
  pg_catalog.format_type(a.atttypid, a.atttypmod),
  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
   FROM pg_catalog.pg_attrdef d
   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
  a.attnotnull,
  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
  a.attidentity,
  a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = '1' AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`,
		cols:   []string{"attname", "format_type", "pg_get_expr", "attnotnull", "attcollation", "attidentity", "attgenerated"},
		oids:   []uint32{oidName, oidText, oidText, oidBool, oidName, oidChar, oidChar},
		answer: pgTableColumns,
	},
	{ // \d NAME: its indexes
		text: `SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
WHERE c.oid = '1' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
ORDER BY i.indisprimary DESC, c2.relname`,
		cols: []string{"relname", "indisprimary", "indisunique", "indisclustered", "indisvalid", "pg_get_indexdef",
			"pg_get_constraintdef", "contype", "condeferrable", "condeferred", "indisreplident", "reltablespace"},
		oids:   []uint32{oidName, oidBool, oidBool, oidBool, oidBool, oidText, oidText, oidChar, oidBool, oidBool, oidBool, oidOID},
		answer: pgTableIndexes,
	},
	{ // \d NAME: its foreign keys
		text: `SELECT true as sametable, conname,
  pg_catalog.pg_get_constraintdef(r.oid, true) as condef,
  conrelid::pg_catalog.regclass AS ontable
FROM pg_catalog.pg_constraint r
WHERE r.conrelid = '1' AND r.contype = 'f'
     AND conparentid = 0
ORDER BY conname`,
		cols: []string{"sametable", "conname", "condef", "ontable"}, oids: []uint32{oidBool, oidName, oidText, oidText},
		answer: pgTableForeignKeys,
	},
	{ // \d NAME: the foreign keys that reference it
		text: `SELECT conname, conrelid::pg_catalog.regclass AS ontable,
       pg_catalog.pg_get_constraintdef(oid, true) AS condef
  FROM pg_catalog.pg_constraint c
 WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('1')
                     UNION ALL VALUES ('1'::pg_catalog.regclass))
       AND contype = 'f' AND conparentid = 0
ORDER BY conname`,
		cols: []string{"conname", "ontable", "condef"}, oids: []uint32{oidName, oidText, oidText},
		answer: pgTableReferencedBy,
	},
	{ // \d NAME: triggers (the row history capture, as on PostgreSQL)
		text: `SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal,
  CASE WHEN t.tgparentid != 0 THEN
    (SELECT u.tgrelid::pg_catalog.regclass
     FROM pg_catalog.pg_trigger AS u,
          pg_catalog.pg_partition_ancestors(t.tgrelid) WITH ORDINALITY AS a(relid, depth)
     WHERE u.tgname = t.tgname AND u.tgrelid = a.relid
           AND u.tgparentid = 0
     ORDER BY a.depth LIMIT 1)
  END AS parent
FROM pg_catalog.pg_trigger t
WHERE t.tgrelid = '1' AND (NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D'))
ORDER BY 1`,
		cols: []string{"tgname", "pg_get_triggerdef", "tgenabled", "tgisinternal", "parent"}, oids: []uint32{oidName, oidText, oidChar, oidBool, oidText},
		answer: pgTableTriggers,
	},
	{ // \d NAME: row security policies (none)
		text: `SELECT pol.polname, pol.polpermissive,
  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),
  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),
  CASE pol.polcmd
    WHEN 'r' THEN 'SELECT'
    WHEN 'a' THEN 'INSERT'
    WHEN 'w' THEN 'UPDATE'
    WHEN 'd' THEN 'DELETE'
    END AS cmd
FROM pg_catalog.pg_policy pol
WHERE pol.polrelid = '1' ORDER BY 1`,
		cols: []string{"polname", "polpermissive", "array_to_string", "pg_get_expr", "pg_get_expr", "cmd"},
		oids: []uint32{oidName, oidBool, oidText, oidText, oidText, oidText},
	},
	{ // \d NAME: extended statistics (none)
		text: `SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname,
pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns,
  'd' = any(stxkind) AS ndist_enabled,
  'f' = any(stxkind) AS deps_enabled,
  'm' = any(stxkind) AS mcv_enabled,
stxstattarget
FROM pg_catalog.pg_statistic_ext
WHERE stxrelid = '1'
ORDER BY nsp, stxname`,
		cols: []string{"oid", "stxrelid", "nsp", "stxname", "columns", "ndist_enabled", "deps_enabled", "mcv_enabled", "stxstattarget"},
		oids: []uint32{oidOID, oidText, oidText, oidName, oidText, oidBool, oidBool, oidBool, oidInt2},
	},
	{ // \d NAME: publications (none)
		text: `SELECT pubname
     , NULL
     , NULL
FROM pg_catalog.pg_publication p
     JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid
     JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid
WHERE pc.oid ='1' and pg_catalog.pg_relation_is_publishable('1')
UNION
SELECT pubname
     , pg_get_expr(pr.prqual, c.oid)
     , (CASE WHEN pr.prattrs IS NOT NULL THEN
         (SELECT string_agg(attname, ', ')
           FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,
                pg_catalog.pg_attribute
          WHERE attrelid = pr.prrelid AND attnum = prattrs[s])
        ELSE NULL END) FROM pg_catalog.pg_publication p
     JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid
     JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
WHERE pr.prrelid = '1'
UNION
SELECT pubname
     , NULL
     , NULL
FROM pg_catalog.pg_publication p
WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable('1')
ORDER BY 1`,
		cols: []string{"pubname", "?column?", "?column?"}, oids: []uint32{oidName, oidText, oidText},
	},
	{ // \d NAME: parents (none)
		text: `SELECT c.oid::pg_catalog.regclass
FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
WHERE c.oid = i.inhparent AND i.inhrelid = '1'
  AND c.relkind != 'p' AND c.relkind != 'I'
ORDER BY inhseqno`,
		cols: []string{"oid"}, oids: []uint32{oidText},
	},
	{ // \d NAME: partitions (none)
		text: `SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, pg_catalog.pg_get_expr(c.relpartbound, c.oid)
FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
WHERE c.oid = i.inhrelid AND i.inhparent = '1'
ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text`,
		cols: []string{"oid", "relkind", "inhdetachpending", "pg_get_expr"}, oids: []uint32{oidText, oidChar, oidBool, oidText},
	},
}

var pgCatalogKnown = drivers.PGKnownQueries[*pgCatalogQuery]{
	Known: func() []*pgCatalogQuery { return pgCatalogQueries },
	Text:  func(q *pgCatalogQuery) string { return q.text },
}

// pgCatalogFor is the known catalog query text is, if it is one.
func pgCatalogFor(text string) *pgCatalogQuery {
	if !strings.Contains(text, "pg_catalog.") {
		return nil
	}
	q, _ := pgCatalogKnown.Find(text)
	return q
}

// describe is the query's result description.
func (q *pgCatalogQuery) describe() drivers.TextDescription {
	return drivers.TextDescription{Names: q.cols, OIDs: q.oids}
}

// run answers the query from the catalog db holds.
func (q *pgCatalogQuery) run(ctx context.Context, db pgQueryer, tree *pg_query.Node) (drivers.Result, error) {
	res := drivers.Result{ReturnedNames: q.cols, ReturnedOIDs: q.oids}
	if q.answer == nil {
		return res, nil
	}
	rows, err := q.answer(ctx, db, tree)
	if err != nil {
		return res, err
	}
	for _, r := range rows {
		row := make([][]byte, len(r))
		for i, v := range r {
			if v != pgNull {
				row[i] = []byte(v)
			}
		}
		res.Returned = append(res.Returned, row)
	}
	res.RowsAffected = int64(len(rows))
	return res, nil
}

// pgNull stands for NULL in a catalog answer's rows.
const pgNull = "\x00null"

// pgRelOID is a table's OID as the catalog answers give it: a hash of its
// name, stable while the table exists.
func pgRelOID(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	return strconv.FormatUint(uint64(16384+h.Sum32()%(1<<30)), 10)
}

func pgListRelations(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
	kinds, re := pgRelkinds(tree), pgPattern(tree)
	tables, err := pgAllTables(ctx, db)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, t := range tables {
		if kinds["r"] && (re == nil || re.MatchString(t.Name)) {
			rows = append(rows, []string{"public", t.Name, "table", "postgres"})
		}
		for _, c := range t.Columns {
			if c.Seq != "" && kinds["S"] && (re == nil || re.MatchString(c.Seq)) {
				rows = append(rows, []string{"public", c.Seq, "sequence", "postgres"})
			}
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i][1] < rows[j][1] })
	return rows, nil
}

func pgFindRelations(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
	re := pgPattern(tree)
	tables, err := pgAllTables(ctx, db)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, t := range tables {
		if re != nil && re.MatchString(t.Name) {
			rows = append(rows, []string{pgRelOID(t.Name), "public", t.Name})
		}
	}
	return rows, nil
}

func pgTableInfo(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
	t, err := pgTableByOID(ctx, db, tree)
	if t == nil || err != nil {
		return nil, err
	}
	// No CHECK count: psql would ask for them with a query this backend
	// does not answer. Every table has the row history capture triggers.
	return [][]string{{"0", "r", pgBoolText(len(t.Indexes) > 0), "f", "t", "f", "f", "f", "f", "", "0", "", "p", "d", "heap"}}, nil
}

// pgTableTriggers are the row history capture triggers the PostgreSQL
// backend gives every table, as pg_get_triggerdef prints them there.
func pgTableTriggers(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
	t, err := pgTableByOID(ctx, db, tree)
	if t == nil || err != nil {
		return nil, err
	}
	name, fn := pgIdent(t.Name), drivers.PGCaptureFunction(t.Name)
	return [][]string{
		{"blocksql_capture", "blocksql_capture AFTER INSERT OR DELETE OR UPDATE ON " + name + " FOR EACH ROW EXECUTE FUNCTION " + fn + "()", "O", "f", pgNull},
		{"blocksql_capture_truncate", "blocksql_capture_truncate BEFORE TRUNCATE ON " + name + " FOR EACH STATEMENT EXECUTE FUNCTION " + fn + "()", "O", "f", pgNull},
	}, nil
}

var pgPlainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// pgIdent is a name as PostgreSQL's quote_ident writes it.
func pgIdent(name string) string {
	if pgPlainIdent.MatchString(name) {
		return name
	}
	return quoteIdent(name)
}

// tables is every table, none if the catalog cannot be read.
func tables(ctx context.Context, db pgQueryer) []*pgTable {
	all, _ := pgAllTables(ctx, db)
	return all
}

// pgReference is a foreign key and the table that has it.
type pgReference struct {
	table string
	fk    pgForeignKey
}

// pgReferencing are the foreign keys that reference table name, by
// constraint name.
func pgReferencing(all []*pgTable, name string) []pgReference {
	var out []pgReference
	for _, t := range all {
		for _, fk := range t.ForeignKeys {
			if fk.Parent == name {
				out = append(out, pgReference{table: t.Name, fk: fk})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].fk.Name < out[j].fk.Name })
	return out
}

func pgTableForeignKeys(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
	t, err := pgTableByOID(ctx, db, tree)
	if t == nil || err != nil {
		return nil, err
	}
	fks := append([]pgForeignKey{}, t.ForeignKeys...)
	sort.Slice(fks, func(i, j int) bool { return fks[i].Name < fks[j].Name })
	var rows [][]string
	for _, fk := range fks {
		rows = append(rows, []string{"t", fk.Name, fk.def(), t.Name})
	}
	return rows, nil
}

func pgTableReferencedBy(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
	t, err := pgTableByOID(ctx, db, tree)
	if t == nil || err != nil {
		return nil, err
	}
	var rows [][]string
	for _, ref := range pgReferencing(tables(ctx, db), t.Name) {
		rows = append(rows, []string{ref.fk.Name, ref.table, ref.fk.def()})
	}
	return rows, nil
}

// def is the foreign key as pg_get_constraintdef prints it.
func (fk pgForeignKey) def() string {
	s := fmt.Sprintf("FOREIGN KEY (%s) REFERENCES %s(%s)", strings.Join(fk.Columns, ", "), fk.Parent, strings.Join(fk.ParentColumns, ", "))
	if fk.OnUpdate != "" && fk.OnUpdate != "NO ACTION" {
		s += " ON UPDATE " + fk.OnUpdate
	}
	if fk.OnDelete != "" && fk.OnDelete != "NO ACTION" {
		s += " ON DELETE " + fk.OnDelete
	}
	return s
}

func pgTableColumns(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
	t, err := pgTableByOID(ctx, db, tree)
	if t == nil || err != nil {
		return nil, err
	}
	rows := make([][]string, len(t.Columns))
	for i, c := range t.Columns {
		def := pgDefaultText(c)
		rows[i] = []string{c.Name, c.Type.format(), def, pgBoolText(c.NotNull), pgNull, c.Identity, ""}
	}
	return rows, nil
}

func pgTableIndexes(ctx context.Context, db pgQueryer, tree *pg_query.Node) ([][]string, error) {
	t, err := pgTableByOID(ctx, db, tree)
	if t == nil || err != nil {
		return nil, err
	}
	ixs := append([]pgIndex{}, t.Indexes...)
	sort.SliceStable(ixs, func(i, j int) bool {
		if ixs[i].Primary != ixs[j].Primary {
			return ixs[i].Primary
		}
		return ixs[i].Name < ixs[j].Name
	})
	var rows [][]string
	for _, ix := range ixs {
		cols := strings.Join(ix.Columns, ", ")
		def := ix.def(t.Name)
		condef, contype, deferrable := pgNull, pgNull, pgNull
		switch {
		case ix.Primary:
			condef, contype, deferrable = "PRIMARY KEY ("+cols+")", "p", "f"
		case ix.Constraint:
			condef, contype, deferrable = "UNIQUE ("+cols+")", "u", "f"
		}
		rows = append(rows, []string{ix.Name, pgBoolText(ix.Primary), pgBoolText(ix.Unique), "f", "t", def, condef, contype, deferrable, deferrable, "f", "0"})
	}
	return rows, nil
}

func pgBoolText(b bool) string {
	if b {
		return "t"
	}
	return "f"
}

// format is the type as PostgreSQL's format_type names it.
func (t pgType) format() string {
	switch t.Base {
	case "int2":
		return "smallint"
	case "int4":
		return "integer"
	case "int8":
		return "bigint"
	case "bool":
		return "boolean"
	case "varchar":
		return fmt.Sprintf("character varying(%d)", t.Len)
	case "bpchar":
		return fmt.Sprintf("character(%d)", t.Len)
	case "numeric":
		if t.Prec > 0 {
			return fmt.Sprintf("numeric(%d,%d)", t.Prec, t.Scale)
		}
	case "timestamp", "timestamptz":
		p := ""
		if t.Frac > 0 {
			p = fmt.Sprintf("(%d)", t.fracDigits())
		}
		return "timestamp" + p + map[string]string{"timestamp": " without", "timestamptz": " with"}[t.Base] + " time zone"
	case "float4":
		return "real"
	case "float8":
		return "double precision"
	}
	return t.Base
}

// pgDefaultText is a column's default as psql shows it (pg_get_expr).
func pgDefaultText(c pgColumn) string {
	switch {
	case c.Seq != "" && c.Identity == "":
		return fmt.Sprintf("nextval('%s'::regclass)", c.Seq)
	case c.Shown != "":
		return c.Shown
	case c.Default != "":
		return c.Default // a catalog written before Shown was kept
	}
	return pgNull
}

// pgTableByOID is the table whose OID the query compares with.
func pgTableByOID(ctx context.Context, db pgQueryer, tree *pg_query.Node) (*pgTable, error) {
	tables, err := pgAllTables(ctx, db)
	if err != nil {
		return nil, err
	}
	consts := pgStringConsts(tree)
	for _, t := range tables {
		if slices.Contains(consts, pgRelOID(t.Name)) {
			return t, nil
		}
	}
	return nil, nil
}

func pgAllTables(ctx context.Context, db pgQueryer) ([]*pgTable, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM "blocksql.pg_tables" ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	out := make([]*pgTable, 0, len(names))
	for _, n := range names {
		t, err := pgReadTable(ctx, db, n)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// pgRelkinds are the relkinds a relation list asks for (c.relkind IN (…)).
func pgRelkinds(tree *pg_query.Node) map[string]bool {
	kinds := map[string]bool{}
	pgVisit(tree.ProtoReflect(), func(m protoreflect.Message) {
		a, ok := m.Interface().(*pg_query.A_Expr)
		if !ok || a.Kind != pg_query.A_Expr_Kind_AEXPR_IN {
			return
		}
		if cr := a.Lexpr.GetColumnRef(); cr == nil || cr.Fields[len(cr.Fields)-1].GetString_().GetSval() != "relkind" {
			return
		}
		for _, item := range a.Rexpr.GetList().GetItems() {
			kinds[item.GetAConst().GetSval().GetSval()] = true
		}
	})
	return kinds
}

// pgPattern is the relname regular expression (OPERATOR(pg_catalog.~)),
// nil if there is none.
func pgPattern(tree *pg_query.Node) *regexp.Regexp {
	var re *regexp.Regexp
	pgVisit(tree.ProtoReflect(), func(m protoreflect.Message) {
		a, ok := m.Interface().(*pg_query.A_Expr)
		if !ok || a.Kind != pg_query.A_Expr_Kind_AEXPR_OP || len(a.Name) == 0 || a.Name[len(a.Name)-1].GetString_().GetSval() != "~" {
			return
		}
		if cr := a.Lexpr.GetColumnRef(); cr == nil || cr.Fields[len(cr.Fields)-1].GetString_().GetSval() != "relname" {
			return
		}
		if consts := pgStringConsts(a.Rexpr); len(consts) == 1 {
			re, _ = regexp.Compile(consts[0])
		}
	})
	return re
}

// pgStringConsts are the string constants of a tree, in order.
func pgStringConsts(n *pg_query.Node) []string {
	var out []string
	pgVisit(n.ProtoReflect(), func(m protoreflect.Message) {
		if c, ok := m.Interface().(*pg_query.A_Const); ok && c.GetSval() != nil {
			out = append(out, c.GetSval().Sval)
		}
	})
	return out
}

// pgVisit calls visit on every message of a tree, parents first.
func pgVisit(m protoreflect.Message, visit func(protoreflect.Message)) {
	visit(m)
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Kind() != protoreflect.MessageKind || fd.IsMap():
		case fd.IsList():
			for i := 0; i < v.List().Len(); i++ {
				pgVisit(v.List().Get(i).Message(), visit)
			}
		default:
			pgVisit(v.Message(), visit)
		}
		return true
	})
}
