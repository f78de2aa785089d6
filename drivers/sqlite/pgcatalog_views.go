package sqlite

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/blocksql/blocksql/drivers"
)

// pg_catalog and information_schema relations on the SQLite backend. A
// read naming one (pg_catalog.pg_class, information_schema.columns, or a
// pg_catalog relation unqualified, which PostgreSQL's search path finds
// first) reads a derived table whose rows are made from the engine's
// catalog when the statement is translated: the tables, their columns
// with PostgreSQL's types, defaults and identities, their indexes and
// constraints, and the session's database and the node's users. Any query
// the translator takes can read them (joins, subqueries, USING), so what
// ORMs and drivers ask of the catalog is answered without knowing their
// text. What PostgreSQL keeps there that blocksql has no notion of
// (system relations, comments, dropped columns, system columns, privileges)
// is not listed.

// pgCatalogRel is one catalog relation: its columns and how its rows are
// made from the catalog.
type pgCatalogRel struct {
	cols []pgColumn
	rows func(c *pgCatalogData) [][]any
}

// pgCatalogData is what the catalog relations are made from.
type pgCatalogData struct {
	tables  []*pgTable
	session drivers.PGSession
}

// Namespace OIDs: pg_catalog's and public's are PostgreSQL's own.
const (
	pgNSCatalog, pgNSPublic, pgNSInfo, pgNSBlocksql = 11, 2200, 13000, 13001
	pgOwnerOID                                      = 10
)

// pgCols declares columns as "name:type …".
func pgCols(spec string) []pgColumn {
	var cols []pgColumn
	for _, f := range strings.Fields(spec) {
		name, typ, _ := strings.Cut(f, ":")
		cols = append(cols, pgColumn{Name: name, Type: pgType{Base: typ}})
	}
	return cols
}

var pgCatalogRels = map[string]pgCatalogRel{
	"pg_catalog.pg_namespace": {pgCols("oid:oid nspname:name nspowner:oid nspacl:text"), func(c *pgCatalogData) [][]any {
		return [][]any{{pgNSCatalog, "pg_catalog", pgOwnerOID, nil}, {pgNSPublic, "public", 6171, nil},
			{pgNSInfo, "information_schema", pgOwnerOID, nil}, {pgNSBlocksql, drivers.Schema, pgOwnerOID, nil}}
	}},
	"pg_catalog.pg_class": {pgCols("oid:oid relname:name relnamespace:oid reltype:oid relowner:oid relam:oid relkind:char " +
		"relnatts:int2 relchecks:int2 relhasindex:bool relhasrules:bool relhastriggers:bool relpersistence:char " +
		"relispartition:bool relrowsecurity:bool reltoastrelid:oid reltablespace:oid"), pgClassRows},
	"pg_catalog.pg_attribute": {pgCols("attrelid:oid attname:name atttypid:oid attlen:int2 attnum:int2 atttypmod:int4 " +
		"attndims:int4 attnotnull:bool atthasdef:bool attidentity:char attgenerated:char attisdropped:bool " +
		"attstorage:char attcollation:oid"), pgAttributeRows},
	"pg_catalog.pg_type": {pgCols("oid:oid typname:name typnamespace:oid typowner:oid typlen:int2 typbyval:bool typtype:char " +
		"typcategory:char typisdefined:bool typrelid:oid typelem:oid typarray:oid typbasetype:oid typtypmod:int4 " +
		"typnotnull:bool typcollation:oid"), pgTypeRows},
	"pg_catalog.pg_index": {pgCols("indexrelid:oid indrelid:oid indnatts:int2 indnkeyatts:int2 indisunique:bool " +
		"indisprimary:bool indisexclusion:bool indimmediate:bool indisclustered:bool indisvalid:bool indkey:int2vector"), pgIndexRows},
	"pg_catalog.pg_constraint": {pgCols("oid:oid conname:name connamespace:oid contype:char condeferrable:bool condeferred:bool " +
		"convalidated:bool conrelid:oid contypid:oid conindid:oid confrelid:oid confupdtype:char confdeltype:char " +
		"confmatchtype:char conkey:_int2 confkey:_int2"), pgConstraintRows},
	"pg_catalog.pg_attrdef":     {pgCols("oid:oid adrelid:oid adnum:int2 adbin:text"), pgAttrdefRows},
	"pg_catalog.pg_description": {pgCols("objoid:oid classoid:oid objsubid:int4 description:text"), func(*pgCatalogData) [][]any { return nil }},
	"pg_catalog.pg_indexes":     {pgCols("schemaname:name tablename:name indexname:name tablespace:name indexdef:text"), pgIndexesRows},
	"pg_catalog.pg_tables": {pgCols("schemaname:name tablename:name tableowner:name tablespace:name hasindexes:bool " +
		"hasrules:bool hastriggers:bool rowsecurity:bool"), func(c *pgCatalogData) [][]any {
		var rows [][]any
		for _, t := range c.tables {
			rows = append(rows, []any{"public", t.Name, "postgres", nil, len(t.Indexes) > 0, false, true, false})
		}
		return rows
	}},
	"pg_catalog.pg_database": {pgCols("oid:oid datname:name datdba:oid encoding:int4 datcollate:text datctype:text " +
		"datistemplate:bool datallowconn:bool"), func(c *pgCatalogData) [][]any {
		if c.session.Database == "" {
			return nil
		}
		return [][]any{{pgRelOID(c.session.Database), c.session.Database, pgOwnerOID, 6, "C", "C", false, true}}
	}},
	"pg_catalog.pg_roles": {pgCols("oid:oid rolname:name rolsuper:bool rolinherit:bool rolcreaterole:bool rolcreatedb:bool " +
		"rolcanlogin:bool rolreplication:bool rolconnlimit:int4 rolbypassrls:bool"), func(c *pgCatalogData) [][]any {
		var rows [][]any
		for _, u := range c.session.Users {
			rows = append(rows, []any{pgRelOID("role " + u), u, false, true, false, false, true, false, -1, false})
		}
		return rows
	}},
	"information_schema.schemata": {pgCols("catalog_name:name schema_name:name schema_owner:name"), func(c *pgCatalogData) [][]any {
		return [][]any{{c.session.Database, "public", "pg_database_owner"}, {c.session.Database, drivers.Schema, "postgres"}}
	}},
	"information_schema.tables": {pgCols("table_catalog:name table_schema:name table_name:name table_type:varchar " +
		"is_insertable_into:varchar is_typed:varchar"), func(c *pgCatalogData) [][]any {
		var rows [][]any
		for _, t := range c.tables {
			rows = append(rows, []any{c.session.Database, "public", t.Name, "BASE TABLE", "YES", "NO"})
		}
		return rows
	}},
	"information_schema.columns": {pgCols("table_catalog:name table_schema:name table_name:name column_name:name " +
		"ordinal_position:int4 column_default:varchar is_nullable:varchar data_type:varchar character_maximum_length:int4 " +
		"character_octet_length:int4 numeric_precision:int4 numeric_precision_radix:int4 numeric_scale:int4 " +
		"datetime_precision:int4 udt_catalog:name udt_schema:name udt_name:name is_identity:varchar identity_generation:varchar " +
		"identity_start:varchar identity_increment:varchar identity_maximum:varchar identity_minimum:varchar " +
		"identity_cycle:varchar is_generated:varchar is_updatable:varchar"), pgColumnsRows},
	"information_schema.table_constraints": {pgCols("constraint_catalog:name constraint_schema:name constraint_name:name " +
		"table_catalog:name table_schema:name table_name:name constraint_type:varchar is_deferrable:varchar " +
		"initially_deferred:varchar enforced:varchar nulls_distinct:varchar"), pgTableConstraintsRows},
	"information_schema.key_column_usage": {pgCols("constraint_catalog:name constraint_schema:name constraint_name:name " +
		"table_catalog:name table_schema:name table_name:name column_name:name ordinal_position:int4 " +
		"position_in_unique_constraint:int4"), pgKeyColumnUsageRows},
	"information_schema.constraint_column_usage": {pgCols("table_catalog:name table_schema:name table_name:name column_name:name " +
		"constraint_catalog:name constraint_schema:name constraint_name:name"), pgConstraintColumnUsageRows},
}

// pgCatalogDefs are the definitions pg_get_indexdef and
// pg_get_constraintdef print, by OID: relations of their own, which no
// query names.
var pgCatalogDefs = map[string]pgCatalogRel{
	"pg_get_indexdef": {pgCols("oid:oid def:text"), func(c *pgCatalogData) [][]any {
		var rows [][]any
		for _, t := range c.tables {
			for _, ix := range t.Indexes {
				rows = append(rows, []any{pgOIDInt(pgRelOID(ix.Name)), ix.def(t.Name)})
			}
		}
		return rows
	}},
	"pg_get_constraintdef": {pgCols("oid:oid def:text"), func(c *pgCatalogData) [][]any {
		return c.constraintRows(func(t *pgTable, k pgConstraint) [][]any {
			var def any // a CHECK's expression is not kept
			switch {
			case k.fk != nil:
				def = k.fk.def()
			case k.kind != "c":
				def = pgConstraintTypes[k.kind] + " (" + strings.Join(k.cols, ", ") + ")"
			}
			return [][]any{{pgOIDInt(pgRelOID(t.Name + "." + k.name)), def}}
		})
	}},
}

// pgCatalogName is the catalog relation a FROM item names ("" if none):
// pg_catalog's relations are found unqualified too, as PostgreSQL's
// search path has pg_catalog first.
func pgCatalogName(schema, rel string) string {
	switch schema {
	case "pg_catalog", "information_schema":
		return schema + "." + rel
	case "":
		if _, ok := pgCatalogRels["pg_catalog."+rel]; ok {
			return "pg_catalog." + rel
		}
	}
	return ""
}

// pgCatalogTable is catalog relation name as a table whose source is its
// rows, made from the catalog db holds; nil if there is no such relation.
func pgCatalogTable(ctx context.Context, db pgQueryer, name string) (*pgTable, error) {
	rel, ok := pgCatalogRels[name]
	if !ok {
		rel, ok = pgCatalogDefs[strings.TrimPrefix(name, "pg_catalog.")]
	}
	if !ok {
		return nil, nil
	}
	tables, err := pgAllTables(ctx, db)
	if err != nil {
		return nil, err
	}
	rows := rel.rows(&pgCatalogData{tables: tables, session: drivers.PGSessionOf(ctx)})
	return &pgTable{Name: name, Columns: rel.cols, source: pgRowsSource(rel.cols, rows)}, nil
}

// pgRowsSource is a SQLite derived table of rows, its columns named:
// values are stored as the read path stores them (booleans 0 and 1).
func pgRowsSource(cols []pgColumn, rows [][]any) string {
	var b strings.Builder
	b.WriteString("(SELECT ")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("NULL AS " + quoteIdent(c.Name))
	}
	b.WriteString(" WHERE 0")
	for i, r := range rows {
		if i == 0 {
			b.WriteString(" UNION ALL VALUES ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j, v := range r {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pgSQLiteLiteral(v))
		}
		b.WriteString(")")
	}
	b.WriteString(")")
	return b.String()
}

func pgSQLiteLiteral(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		return strconv.Itoa(boolInt(x))
	case int:
		return strconv.Itoa(x)
	case string:
		return sqlString(x)
	}
	panic(fmt.Sprintf("catalog value %T", v))
}

func pgOIDInt(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func pgClassRows(c *pgCatalogData) [][]any {
	var rows [][]any
	for _, t := range c.tables {
		rows = append(rows, []any{pgOIDInt(pgRelOID(t.Name)), t.Name, pgNSPublic, 0, pgOwnerOID, 2, "r", len(t.Columns),
			len(t.Checks), len(t.Indexes) > 0, false, true, "p", false, false, 0, 0})
		for _, ix := range t.Indexes {
			rows = append(rows, []any{pgOIDInt(pgRelOID(ix.Name)), ix.Name, pgNSPublic, 0, pgOwnerOID, 403, "i", len(ix.Columns),
				0, false, false, false, "p", false, false, 0, 0})
		}
		for _, col := range t.Columns {
			if col.Seq != "" {
				rows = append(rows, []any{pgOIDInt(pgRelOID(col.Seq)), col.Seq, pgNSPublic, 0, pgOwnerOID, 0, "S", 3,
					0, false, false, false, "p", false, false, 0, 0})
			}
		}
	}
	return rows
}

// pgAttrdefRows are the columns' defaults: adbin holds the text
// pg_get_expr prints (in PostgreSQL, a node tree it prints so).
func pgAttrdefRows(c *pgCatalogData) [][]any {
	var rows [][]any
	for _, t := range c.tables {
		for i, col := range t.Columns {
			if def := pgDefaultText(col); def != pgNull && col.Identity == "" {
				rows = append(rows, []any{pgOIDInt(pgRelOID(fmt.Sprintf("%s.%d", t.Name, i+1))), pgOIDInt(pgRelOID(t.Name)), i + 1, def})
			}
		}
	}
	return rows
}

func pgAttributeRows(c *pgCatalogData) [][]any {
	var rows [][]any
	for _, t := range c.tables {
		for i, col := range t.Columns {
			info := pgTypeInfos[col.Type.Base]
			rows = append(rows, []any{pgOIDInt(pgRelOID(t.Name)), col.Name, int(col.Type.oid()), info.len, i + 1,
				col.Type.typmod(), 0, col.NotNull, pgDefaultText(col) != pgNull && col.Identity == "", col.Identity, "",
				false, pgStorage(col.Type), info.collation})
		}
	}
	return rows
}

// pgTypeInfo is what pg_type says of a type besides its name and OID.
type pgTypeInfo struct {
	len       int
	category  string
	array     int
	collation int
}

var pgTypeInfos = map[string]pgTypeInfo{
	"int2": {2, "N", 1005, 0}, "int4": {4, "N", 1007, 0}, "int8": {8, "N", 1016, 0}, "numeric": {-1, "N", 1231, 0},
	"text": {-1, "S", 1009, 100}, "varchar": {-1, "S", 1015, 100}, "bpchar": {-1, "S", 1014, 100}, "bool": {1, "B", 1000, 0},
	"date": {4, "D", 1182, 0}, "timestamp": {8, "D", 1115, 0}, "timestamptz": {8, "D", 1185, 0}, "bytea": {-1, "U", 1001, 0}, "uuid": {16, "U", 2951, 0},
	"float4": {4, "N", 1021, 0}, "float8": {8, "N", 1022, 0}, "name": {64, "S", 1003, 950}, "oid": {4, "N", 1028, 0},
	"char": {1, "Z", 1002, 0},
}

func pgTypeRows(*pgCatalogData) [][]any {
	var rows [][]any
	for _, base := range slices.Sorted(maps.Keys(pgTypeInfos)) {
		t, info := pgType{Base: base}, pgTypeInfos[base]
		byval := info.len > 0 && info.len <= 8
		rows = append(rows, []any{int(t.oid()), base, pgNSCatalog, pgOwnerOID, info.len, byval, "b", info.category, true,
			0, 0, info.array, 0, -1, false, info.collation})
	}
	return rows
}

// typmod is the type modifier PostgreSQL keeps with a column of the type
// (atttypmod): -1 without one.
func (t pgType) typmod() int {
	switch {
	case (t.Base == "varchar" || t.Base == "bpchar") && t.Len > 0:
		return int(t.Len) + 4
	case t.Base == "numeric" && t.Prec > 0:
		return int(t.Prec<<16|t.Scale) + 4
	case (t.Base == "timestamp" || t.Base == "timestamptz") && t.Frac > 0:
		return int(t.fracDigits())
	}
	return -1
}

// attnums are the columns' numbers (pg_attribute.attnum) in t.
func (t *pgTable) attnums(cols []string) []int {
	out := make([]int, len(cols))
	for i, c := range cols {
		out[i], _ = t.column(c)
		out[i]++
	}
	return out
}

func pgIntList(nums []int, sep string) string {
	parts := make([]string, len(nums))
	for i, n := range nums {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, sep)
}

func pgIndexRows(c *pgCatalogData) [][]any {
	var rows [][]any
	for _, t := range c.tables {
		for _, ix := range t.Indexes {
			rows = append(rows, []any{pgOIDInt(pgRelOID(ix.Name)), pgOIDInt(pgRelOID(t.Name)), len(ix.Columns), len(ix.Columns),
				ix.Unique, ix.Primary, false, true, false, true, pgIntList(t.attnums(ix.Columns), " ")})
		}
	}
	return rows
}

func pgIndexesRows(c *pgCatalogData) [][]any {
	var rows [][]any
	for _, t := range c.tables {
		for _, ix := range t.Indexes {
			rows = append(rows, []any{"public", t.Name, ix.Name, nil, ix.def(t.Name)})
		}
	}
	return rows
}

// def is the index as pg_get_indexdef prints it.
func (ix pgIndex) def(table string) string {
	unique := ""
	if ix.Unique {
		unique = "UNIQUE "
	}
	return fmt.Sprintf("CREATE %sINDEX %s ON public.%s USING btree (%s)", unique, pgIdent(ix.Name), pgIdent(table),
		strings.Join(ix.Columns, ", "))
}

// pgConstraint is one table constraint as the catalog relations list it.
type pgConstraint struct {
	name, kind string // kind: p primary key, u unique, f foreign key, c check
	cols       []string
	index      string // the index a key uses
	fk         *pgForeignKey
}

func (t *pgTable) constraints() []pgConstraint {
	var out []pgConstraint
	for _, ix := range t.Indexes {
		switch {
		case ix.Primary:
			out = append(out, pgConstraint{name: ix.Name, kind: "p", cols: ix.Columns, index: ix.Name})
		case ix.Constraint:
			out = append(out, pgConstraint{name: ix.Name, kind: "u", cols: ix.Columns, index: ix.Name})
		}
	}
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		out = append(out, pgConstraint{name: fk.Name, kind: "f", cols: fk.Columns, fk: fk})
	}
	for _, name := range t.Checks {
		out = append(out, pgConstraint{name: name, kind: "c"})
	}
	return out
}

// pgFKCode is an ON DELETE/UPDATE action as pg_constraint codes it (the
// inverse of pgFKAction).
func pgFKCode(action string) string {
	for _, code := range []string{"r", "c", "n", "d"} {
		if pgFKAction(code) == action {
			return code
		}
	}
	return "a"
}

// pgTableNamed is the table called name among tables, nil if none.
func pgTableNamed(tables []*pgTable, name string) *pgTable {
	for _, t := range tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// constraintRows are the rows row makes of each constraint of each table.
func (c *pgCatalogData) constraintRows(row func(t *pgTable, k pgConstraint) [][]any) [][]any {
	var rows [][]any
	for _, t := range c.tables {
		for _, k := range t.constraints() {
			rows = append(rows, row(t, k)...)
		}
	}
	return rows
}

func pgConstraintRows(c *pgCatalogData) [][]any {
	return c.constraintRows(func(t *pgTable, k pgConstraint) [][]any {
		var conkey, confkey any
		if len(k.cols) > 0 {
			conkey = "{" + pgIntList(t.attnums(k.cols), ",") + "}"
		}
		index, confrel, upd, del, match := 0, 0, " ", " ", " "
		if k.index != "" {
			index = pgOIDInt(pgRelOID(k.index))
		}
		if k.fk != nil {
			upd, del, match = pgFKCode(k.fk.OnUpdate), pgFKCode(k.fk.OnDelete), "s"
			confrel = pgOIDInt(pgRelOID(k.fk.Parent))
			if p := pgTableNamed(c.tables, k.fk.Parent); p != nil {
				confkey = "{" + pgIntList(p.attnums(k.fk.ParentColumns), ",") + "}"
				index = pgOIDInt(pgRelOID(p.keyIndex(k.fk.ParentColumns)))
			}
		}
		return [][]any{{pgOIDInt(pgRelOID(t.Name + "." + k.name)), k.name, pgNSPublic, k.kind, false, false, true,
			pgOIDInt(pgRelOID(t.Name)), 0, index, confrel, upd, del, match, conkey, confkey}}
	})
}

// keyIndex is the unique index on exactly cols, which a foreign key
// referencing them uses.
func (t *pgTable) keyIndex(cols []string) string {
	for _, ix := range t.Indexes {
		if ix.Unique && strings.Join(ix.Columns, "\x00") == strings.Join(cols, "\x00") {
			return ix.Name
		}
	}
	return ""
}

var pgConstraintTypes = map[string]string{"p": "PRIMARY KEY", "u": "UNIQUE", "f": "FOREIGN KEY", "c": "CHECK"}

func pgTableConstraintsRows(c *pgCatalogData) [][]any {
	db := c.session.Database
	return c.constraintRows(func(t *pgTable, k pgConstraint) [][]any {
		var nullsDistinct any
		if k.kind == "u" {
			nullsDistinct = "YES"
		}
		return [][]any{{db, "public", k.name, db, "public", t.Name, pgConstraintTypes[k.kind], "NO", "NO", "YES", nullsDistinct}}
	})
}

func pgKeyColumnUsageRows(c *pgCatalogData) [][]any {
	db := c.session.Database
	return c.constraintRows(func(t *pgTable, k pgConstraint) [][]any {
		var rows [][]any
		for i, col := range k.cols {
			var pos any
			if k.fk != nil {
				pos = i + 1
			}
			rows = append(rows, []any{db, "public", k.name, db, "public", t.Name, col, i + 1, pos})
		}
		return rows
	})
}

// pgConstraintColumnUsageRows lists the columns each constraint uses: a
// foreign key's are those it references, as in PostgreSQL.
func pgConstraintColumnUsageRows(c *pgCatalogData) [][]any {
	db := c.session.Database
	return c.constraintRows(func(t *pgTable, k pgConstraint) [][]any {
		table, cols := t.Name, k.cols
		if k.fk != nil {
			table, cols = k.fk.Parent, k.fk.ParentColumns
		}
		var rows [][]any
		for _, col := range cols {
			rows = append(rows, []any{db, "public", table, col, db, "public", k.name})
		}
		return rows
	})
}

func pgColumnsRows(c *pgCatalogData) [][]any {
	var rows [][]any
	db := c.session.Database
	for _, t := range c.tables {
		for i, col := range t.Columns {
			row := []any{db, "public", t.Name, col.Name, i + 1, nil, "YES", pgDataType(col.Type)}
			if def := pgDefaultText(col); def != pgNull && col.Identity == "" {
				row[5] = def
			}
			if col.NotNull {
				row[6] = "NO"
			}
			row = append(row, col.Type.sizes()...)
			row = append(row, db, "pg_catalog", col.Type.Base)
			identity := []any{"NO", nil, nil, nil, nil, nil, "NO"}
			if col.Identity != "" {
				gen := map[string]string{"a": "ALWAYS", "d": "BY DEFAULT"}[col.Identity]
				max := strconv.FormatInt(int64(1)<<(col.Type.bits()-1)-1, 10)
				identity = []any{"YES", gen, "1", "1", max, "1", "NO"}
			}
			row = append(row, identity...)
			rows = append(rows, append(row, "NEVER", "YES"))
		}
	}
	return rows
}

// pgDataType is the type as information_schema.columns.data_type names
// it: format_type's name without modifiers.
func pgDataType(t pgType) string {
	switch t.Base {
	case "varchar":
		return "character varying"
	case "bpchar":
		return "character"
	case "numeric":
		return "numeric"
	}
	return pgType{Base: t.Base}.format()
}

// sizes are information_schema.columns' character_maximum_length,
// character_octet_length, numeric_precision, numeric_precision_radix,
// numeric_scale and datetime_precision of a column of the type.
func (t pgType) sizes() []any {
	out := []any{nil, nil, nil, nil, nil, nil}
	switch {
	case t.isText():
		if t.Len > 0 {
			out[0], out[1] = int(t.Len), int(t.Len)*4
		} else {
			out[1] = 1073741824
		}
	case t.isInt():
		out[2], out[3], out[4] = int(t.bits()), 2, 0
	case t.Base == "float4":
		out[2], out[3] = 24, 2
	case t.Base == "float8":
		out[2], out[3] = 53, 2
	case t.Base == "numeric":
		out[3] = 10
		if t.Prec > 0 {
			out[2], out[4] = int(t.Prec), int(t.Scale)
		}
	case t.Base == "date":
		out[5] = 0
	case t.Base == "timestamp", t.Base == "timestamptz":
		out[5] = int(t.fracDigits())
	}
	return out
}

// catalogFunc translates the catalog functions clients call with the
// catalog relations (ok false: name is none of them). The session's are
// read-only: a write has no session (nor should it depend on one).
func (tr *pgTrans) catalogFunc(name string, args []pgExpr) (pgExpr, bool, error) {
	out := func(sql, typ string) (pgExpr, bool, error) {
		return pgExpr{sql: sql, typ: pgType{Base: typ}, name: name}, true, nil
	}
	switch name {
	case "current_database", "current_schema", "current_user", "session_user", "current_catalog", "current_role", "user":
		if len(args) > 0 {
			return pgExpr{}, true, pgErr("42883", "function %s takes no arguments", name)
		}
		if tr.session == nil {
			return pgExpr{}, true, pgUnsupported("%s is only read on the SQLite backend, not written", name)
		}
		switch name {
		case "current_database", "current_catalog":
			return out(sqlString(tr.session.Database), "name")
		case "current_schema":
			return out(sqlString("public"), "name")
		}
		return out(sqlString(tr.session.User), "name")
	case "format_type":
		if len(args) != 2 {
			return pgExpr{}, true, pgErr("42883", "function format_type takes two arguments")
		}
		return out(fmt.Sprintf("pg_format_type(%s, %s)", args[0].sql, args[1].sql), "text")
	case "pg_get_expr":
		if len(args) < 2 || len(args) > 3 {
			return pgExpr{}, true, pgErr("42883", "function pg_get_expr takes two or three arguments")
		}
		return out(args[0].sql, "text") // pg_attrdef.adbin holds the expression's text
	case "pg_get_indexdef", "pg_get_constraintdef":
		if len(args) != 1 && !(name == "pg_get_constraintdef" && len(args) == 2) {
			return pgExpr{}, true, pgUnsupported("%s is translated with one OID argument for the SQLite backend", name)
		}
		defs, err := tr.table("pg_catalog." + name)
		if err != nil {
			return pgExpr{}, true, err
		}
		return out(fmt.Sprintf("(SELECT d.def FROM %s AS d WHERE d.oid = %s)", defs.source, args[0].sql), "text")
	case "col_description", "obj_description", "shobj_description":
		return out("NULL", "text") // blocksql keeps no comments
	}
	return pgExpr{}, false, nil
}

// pgSessionFuncs are the SQL value functions (no parentheses) that name the
// session's database, schema and user.
var pgSessionFuncs = map[pg_query.SQLValueFunctionOp]string{
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_USER: "current_user", pg_query.SQLValueFunctionOp_SVFOP_CURRENT_ROLE: "current_role",
	pg_query.SQLValueFunctionOp_SVFOP_USER: "user", pg_query.SQLValueFunctionOp_SVFOP_SESSION_USER: "session_user",
	pg_query.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG: "current_catalog", pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA: "current_schema",
}

// pgFormatType is format_type(type OID, typmod) for the types the SQLite
// backend stores, NULL for a NULL OID.
func pgFormatType(oid, typmod any) any {
	o, ok := oid.(int64)
	if !ok {
		return nil
	}
	mod, _ := typmod.(int64)
	for base, id := range pgOIDs {
		if int64(id) != o || base == "" {
			continue
		}
		t := pgType{Base: base}
		switch {
		case (base == "timestamp" || base == "timestamptz") && mod >= 0 && typmod != nil:
			t.Frac = min(mod, 6) + 1
		case mod < 4:
		case base == "varchar" || base == "bpchar":
			t.Len = mod - 4
		case base == "numeric":
			t.Prec, t.Scale = (mod-4)>>16, (mod-4)&0xffff
		}
		if (base == "varchar" || base == "bpchar") && t.Len == 0 {
			return map[string]string{"varchar": "character varying", "bpchar": "bpchar"}[base]
		}
		return t.format()
	}
	return "???"
}

// regclass is e::regclass: a relation's name (a string) becomes its OID,
// an OID the relation's name.
func (tr *pgTrans) regclass(e pgExpr) (pgExpr, error) {
	if tr.session == nil {
		return pgExpr{}, pgUnsupported("regclass is only read on the SQLite backend, not written")
	}
	if lit, ok := pgStringLiteral(e); ok {
		parts := pgQualifiedName(lit)
		if len(parts) == 2 && parts[0] == "public" {
			parts = parts[1:]
		}
		if len(parts) != 1 {
			return pgExpr{}, pgUnsupported("regclass names a relation of schema public on the SQLite backend")
		}
		return pgExpr{sql: pgRelOID(parts[0]), typ: pgType{Base: "oid"}, name: "regclass"}, nil
	}
	if !e.typ.isInt() {
		return pgExpr{}, pgUnsupported("this cast to regclass is not supported on the SQLite backend")
	}
	class, err := tr.table("pg_catalog.pg_class")
	if err != nil {
		return pgExpr{}, err
	}
	name := e.name
	if name == "?column?" || name == "" {
		name = "regclass"
	}
	return pgExpr{sql: fmt.Sprintf("coalesce((SELECT c.relname FROM %s AS c WHERE c.oid = %s), %s)", class.source, e.sql, e.sql),
		typ: pgType{Base: "name"}, name: name}, nil
}

// pgQualifiedName splits a relation name as regclass input reads it: parts
// separated by dots, unquoted ones folded to lower case.
func pgQualifiedName(s string) []string {
	var parts []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '"' && quoted && i+1 < len(s) && s[i+1] == '"':
			cur.WriteByte('"')
			i++
		case ch == '"':
			quoted = !quoted
		case ch == '.' && !quoted:
			parts = append(parts, cur.String())
			cur.Reset()
		case !quoted:
			cur.WriteString(strings.ToLower(string(ch)))
		default:
			cur.WriteByte(ch)
		}
	}
	return append(parts, cur.String())
}
