package sqlite

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// pgType is a PostgreSQL column or expression type as the SQLite backend
// of a postgres-dialect chain knows it.
type pgType struct {
	Base  string `json:"base"` // int2 int4 int8 numeric text varchar bpchar bool date timestamp timestamptz bytea float4 float8; "" unknown
	Len   int64  `json:"len,omitempty"`
	Prec  int64  `json:"prec,omitempty"`
	Scale int64  `json:"scale,omitempty"`
	// Frac is a timestamp's precision plus one (timestamp(0) is 1): the
	// fractional digits its values keep; 0 when none was given (6).
	Frac int64 `json:"frac,omitempty"`
}

// fracDigits is the fractional digits a value of a timestamp type keeps.
func (t pgType) fracDigits() int64 {
	if t.Frac == 0 {
		return 6
	}
	return t.Frac - 1
}

// OIDs of the types, as pgx and libpq decode them.
var pgOIDs = map[string]uint32{"int2": 21, "int4": 23, "int8": 20, "numeric": 1700, "text": 25, "varchar": 1043,
	"bpchar": 1042, "bool": 16, "date": 1082, "timestamp": 1114, "timestamptz": 1184, "bytea": 17,
	"float4": 700, "float8": 701, "uuid": 2950, "name": 19, "oid": 26, "char": 18,
	"int2vector": 22, "_int2": 1005, "": 25}

func (t pgType) oid() uint32 { return pgOIDs[t.Base] }

// name, oid and char are the catalog relations' types (pgcatalog_views.go),
// with int2vector and _int2 (int2[]), kept in their text and read by ANY:
// a name or char is a string, an oid an integer.
func (t pgType) isInt() bool {
	return t.Base == "int2" || t.Base == "int4" || t.Base == "int8" || t.Base == "oid"
}
func (t pgType) isFloat() bool { return t.Base == "float4" || t.Base == "float8" }
func (t pgType) isText() bool {
	return t.Base == "text" || t.Base == "varchar" || t.Base == "bpchar" || t.Base == "name" || t.Base == "char"
}
func (t pgType) bits() int64 {
	switch t.Base {
	case "int2":
		return 16
	case "int4":
		return 32
	}
	return 64
}

// promoted is the type a function over varchar returns: text (PostgreSQL
// has no varchar functions; varchar values are texts).
func (t pgType) promoted() pgType {
	if t.Base == "varchar" {
		return pgType{Base: "text"}
	}
	return t
}

// category groups the types PostgreSQL compares with each other: "n"
// numbers, "s" strings, "b" booleans, "d" dates and times, "x" bytea;
// "" is unknown (a literal, a parameter), which takes the other side's.
func (t pgType) category() string {
	switch {
	case t.isInt(), t.isFloat(), t.Base == "numeric":
		return "n"
	case t.isText():
		return "s"
	case t.Base == "bool":
		return "b"
	case t.Base == "date", t.Base == "timestamp", t.Base == "timestamptz":
		return "d"
	case t.Base == "bytea":
		return "x"
	case t.Base == "uuid":
		return "u"
	}
	return ""
}

// storage is the SQLite column declaration of the type.
func (t pgType) storage() string {
	switch {
	case t.isInt():
		return "BIGINT"
	case t.Base == "numeric":
		return "TEXT COLLATE " + decimalCollation
	case t.Base == "bool":
		return "BOOLEAN"
	case t.Base == "bytea":
		return "BLOB"
	case t.isFloat():
		return "REAL"
	}
	return "TEXT"
}

// convert wraps the SQLite expression e (of type from) in the conversion
// to t that a value written to a column of type t goes through.
func (t pgType) convert(e string, from pgType) string {
	switch {
	case t.isInt():
		num := 0
		if from.Base == "numeric" {
			num = 1
		}
		return fmt.Sprintf("pg_int(%s, %d, %d)", e, t.bits(), num)
	case t.Base == "numeric" && from.Base == "float4":
		// float4_numeric reads the real's 6 significant digits (FLT_DIG).
		return fmt.Sprintf("pg_numeric(pg_float4_digits(%s), %d, %d)", e, t.Prec, t.Scale)
	case t.Base == "numeric":
		return fmt.Sprintf("pg_numeric(%s, %d, %d)", e, t.Prec, t.Scale)
	case t.Base == "varchar":
		return fmt.Sprintf("pg_text(%s, %d, 'v')", pgTextOf(e, from), t.Len)
	case t.Base == "bpchar":
		return fmt.Sprintf("pg_text(%s, %d, 'c')", pgTextOf(e, from), t.Len)
	case t.Base == "text":
		return fmt.Sprintf("pg_text(%s, 0, 't')", pgTextOf(e, from))
	case t.Base == "bool":
		return fmt.Sprintf("pg_bool(%s)", e)
	case t.Base == "date":
		return fmt.Sprintf("pg_date(%s)", e)
	case t.Base == "timestamp":
		return fmt.Sprintf("pg_timestamp(%s, 0, %d)", e, t.fracDigits())
	case t.Base == "timestamptz":
		return fmt.Sprintf("pg_timestamp(%s, 1, %d)", e, t.fracDigits())
	case t.Base == "uuid":
		return fmt.Sprintf("pg_uuid(%s)", e)
	case t.Base == "bytea":
		// pg_bytea answers an empty bytea as an empty text (go-sqlite3
		// would make an empty []byte NULL; registerFunc): the CAST makes
		// it, as every other value, a BLOB.
		return fmt.Sprintf("CAST(pg_bytea(%s) AS BLOB)", e)
	case t.Base == "float4":
		return fmt.Sprintf("pg_float(%s, 32)", e)
	case t.Base == "float8":
		return fmt.Sprintf("pg_float(%s, 64)", e)
	}
	return e
}

// convertExplicit is convert for an explicit cast (CAST(e AS t), e::t):
// a string too long for varchar(n) or char(n) is cut to n characters,
// where an assignment fails with 22001.
func (t pgType) convertExplicit(e string, from pgType) string {
	if (t.Base == "varchar" || t.Base == "bpchar") && t.Len > 0 {
		kind := map[string]string{"varchar": "V", "bpchar": "C"}[t.Base]
		return fmt.Sprintf("pg_text(%s, %d, '%s')", pgTextOf(e, from), t.Len, kind)
	}
	return t.convert(e, from)
}

// convertValue is convert done in Go, for a value at hand (a literal or a
// parameter): the same functions, without a round trip through SQLite.
func (t pgType) convertValue(v any, from pgType) (any, error) {
	switch {
	case t.isInt():
		return pgInt(v, t.bits(), int64(boolInt(from.Base == "numeric")))
	case t.Base == "numeric":
		return pgNumeric(v, t.Prec, t.Scale)
	case t.isText():
		if from.Base == "bool" {
			v = map[any]any{int64(0): "false", int64(1): "true"}[v]
		}
		kind := map[string]string{"varchar": "v", "bpchar": "c", "text": "t"}[t.Base]
		return pgText(v, t.Len, kind)
	case t.Base == "bool":
		return pgBool(v)
	case t.Base == "date":
		return pgDate(v)
	case t.Base == "timestamp":
		return pgTimestamp(v, 0, t.fracDigits())
	case t.Base == "timestamptz":
		return pgTimestamp(v, 1, t.fracDigits())
	case t.Base == "uuid":
		return pgUUID(v)
	case t.Base == "bytea":
		return pgBytea(v)
	case t.Base == "float4":
		return pgFloat(v, 32)
	case t.Base == "float8":
		return pgFloat(v, 64)
	}
	return v, nil
}

// pgTextOf is e cast to text: a boolean is 'true' or 'false' (booltext),
// other values their output text.
func pgTextOf(e string, t pgType) string {
	if t.Base == "bool" {
		return fmt.Sprintf("(CASE WHEN %s THEN 'true' WHEN NOT %s THEN 'false' END)", e, e)
	}
	return pgOutExpr(e, t)
}

// pgOutExpr is e as PostgreSQL's text output of a value of type t.
func pgOutExpr(e string, t pgType) string {
	switch {
	case t.Base == "bool":
		return fmt.Sprintf("pg_out(%s, 'b')", e)
	case t.Base == "bytea":
		return fmt.Sprintf("pg_out(%s, 'x')", e)
	case t.Base == "float8":
		return fmt.Sprintf("pg_out(%s, 'f')", e)
	case t.Base == "float4":
		return fmt.Sprintf("pg_out(%s, 'r')", e)
	}
	return e
}

// pgColumn is one column of a postgres-dialect table.
type pgColumn struct {
	Name    string `json:"name"`
	Type    pgType `json:"type"`
	NotNull bool   `json:"not_null,omitempty"`
	// NotNullTriggers says triggers keep NotNull (set after CREATE).
	NotNullTriggers bool `json:"not_null_triggers,omitempty"`
	// Seq is the sequence a serial or identity column takes its values
	// from when none is given; Identity is "a" (ALWAYS) or "d" (BY DEFAULT).
	Seq      string `json:"seq,omitempty"`
	Identity string `json:"identity,omitempty"`
	// Default is the SQLite literal of a constant default; Shown is how
	// PostgreSQL prints it.
	Default string `json:"default,omitempty"`
	Shown   string `json:"shown,omitempty"`
	// Declared says the SQLite column may still carry a DEFAULT the
	// catalog dropped (SQLite cannot change a column's DEFAULT): a row
	// that leaves the column out is written NULL explicitly.
	Declared bool `json:"declared_default,omitempty"`
}

// omitted is what the engine writes into column c for a row that leaves
// it out, and whether it writes anything (SQLite's own DEFAULT is never
// used: the catalog's is the default).
func (c *pgColumn) omitted() (string, bool) {
	switch {
	case c.Default != "":
		return c.Default, true
	case c.Declared:
		return "NULL", true
	}
	return "", false
}

// pgTable is a postgres-dialect table: the engine's own record of its
// PostgreSQL types, which SQLite's declarations do not keep.
type pgTable struct {
	Name    string     `json:"name"`
	Columns []pgColumn `json:"columns"`
	// Indexes are its indexes and unique constraints, by name.
	Indexes     []pgIndex      `json:"indexes,omitempty"`
	ForeignKeys []pgForeignKey `json:"foreign_keys,omitempty"`
	Checks      []string       `json:"checks,omitempty"` // CHECK constraint names
	// source is the SQLite derived table a catalog relation reads (see
	// pgcatalog_views.go); "" for a stored table.
	source string
}

type pgForeignKey struct {
	Name          string   `json:"name"`
	Columns       []string `json:"columns"`
	Parent        string   `json:"parent"`
	ParentColumns []string `json:"parent_columns"`
	OnDelete      string   `json:"on_delete,omitempty"`
	OnUpdate      string   `json:"on_update,omitempty"`
}

type pgIndex struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns"`
	Unique  bool     `json:"unique,omitempty"`
	Primary bool     `json:"primary,omitempty"`
	// Constraint says a table constraint made it (not CREATE INDEX).
	Constraint bool `json:"constraint,omitempty"`
}

func (t *pgTable) column(name string) (int, *pgColumn) {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return i, &t.Columns[i]
		}
	}
	return -1, nil
}

// pgTypeOf reads a column type, refusing those the SQLite backend does
// not store exactly.
func pgTypeOf(tn *pg_query.TypeName) (pgType, string, error) {
	if tn == nil || len(tn.Names) == 0 {
		return pgType{}, "", pgUnsupported("a column without a type")
	}
	if len(tn.ArrayBounds) > 0 {
		return pgType{}, "", pgUnsupported("array columns are not supported on the SQLite backend")
	}
	name := strings.ToLower(tn.Names[len(tn.Names)-1].GetString_().GetSval())
	mods := make([]int64, 0, len(tn.Typmods))
	for _, m := range tn.Typmods {
		c := m.GetAConst()
		if c == nil || c.GetIval() == nil {
			return pgType{}, "", pgUnsupported("type modifiers of %s must be integers", name)
		}
		mods = append(mods, int64(c.GetIval().Ival))
	}
	serial := ""
	switch name {
	case "serial", "serial4":
		name, serial = "int4", "serial"
	case "bigserial", "serial8":
		name, serial = "int8", "serial"
	case "smallserial", "serial2":
		name, serial = "int2", "serial"
	case "integer", "int":
		name = "int4"
	case "smallint":
		name = "int2"
	case "bigint":
		name = "int8"
	case "boolean":
		name = "bool"
	case "decimal":
		name = "numeric"
	case "character varying":
		name = "varchar"
	case "character", "char":
		name = "bpchar"
	case "double precision":
		name = "float8"
	case "real":
		name = "float4"
	}
	t := pgType{Base: name}
	switch name {
	case "int2", "int4", "int8", "text", "bool", "date", "bytea", "float4", "float8", "uuid":
		if len(mods) > 0 {
			return t, "", pgUnsupported("type %s takes no modifier", name)
		}
	case "varchar", "bpchar":
		if len(mods) > 1 {
			return t, "", pgUnsupported("type %s takes one length", name)
		}
		if len(mods) == 1 {
			t.Len = mods[0]
		} else if name == "bpchar" {
			t.Len = 1
		}
	case "numeric":
		if len(mods) > 2 || len(mods) >= 1 && (mods[0] < 1 || mods[0] > 1000) {
			return t, "", pgUnsupported("numeric precision must be between 1 and 1000")
		}
		if len(mods) >= 1 {
			t.Prec = mods[0]
		}
		if len(mods) == 2 {
			t.Scale = mods[1]
			if t.Scale < 0 || t.Scale > t.Prec {
				return t, "", pgUnsupported("numeric scale must be between 0 and the precision")
			}
		}
	case "timestamp", "timestamptz":
		if len(mods) > 1 {
			return t, "", pgErr("42601", "invalid type modifier")
		}
		if len(mods) == 1 {
			p := mods[0]
			if p < 0 {
				return t, "", pgErr("22023", "TIMESTAMP(%d)%s precision must not be negative", p, map[string]string{
					"timestamp": "", "timestamptz": " WITH TIME ZONE"}[name])
			}
			// PostgreSQL reduces a larger precision to 6, with a warning.
			t.Frac = min(p, 6) + 1
		}
	default:
		return t, "", pgUnsupported("type %s is not supported on the SQLite backend", name)
	}
	return t, serial, nil
}

// pgUnsupported is a 0A000 refusal saying what the SQLite backend cannot
// do exactly.
func pgUnsupported(format string, args ...any) error {
	return pgErr("0A000", "blocksql: "+format, args...)
}
