package sqlite

import (
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/blocksql/blocksql/drivers"
)

// ALTER TABLE … ALTER [COLUMN] c [SET DATA] TYPE t [USING e] on SQLite,
// with PostgreSQL's semantics. Each row's new value is c (or e) through the
// conversion an INSERT of that type goes through (pgType.convert), which
// refuses what PostgreSQL's assignment cast refuses, with its SQLSTATE.
// Where the new type is stored as the old one is (an integer of another
// width, varchar(n) and text, one numeric scale and another, date and
// timestamp) the rows are updated in place; otherwise the table is rebuilt
// from its own SQLite text with the column's storage changed (SQLite cannot
// change a column's type): a copy keeps every row, its rowid and order.
// Either way the row capture records nothing, as PostgreSQL's rewrite fires
// no row trigger, and the indexes holding the column are made again after
// the rows, so a narrowing that makes two keys equal fails with 23505 as
// PostgreSQL's index rebuild does.

// alterType plans one ALTER COLUMN … TYPE of table t (the catalog copy
// the plan saves). It is refused alone in its statement, for a serial or
// identity column, for a column a foreign key uses unless it stays an
// integer or a string, for a table with CHECK constraints unless the
// column keeps its storage, and for a rebuild of a table a foreign key
// references: those PostgreSQL applies but this backend would apply
// differently.
func (w *pgWriter) alterType(t *pgTable, cmd *pg_query.AlterTableCmd, plan *pgPlan) error {
	i, col := t.column(cmd.Name)
	if col == nil {
		return pgErr("42703", "column %q of relation %q does not exist", cmd.Name, t.Name)
	}
	def := cmd.Def.GetColumnDef()
	if def == nil || def.CollClause != nil {
		return pgUnsupported("ALTER COLUMN … TYPE … COLLATE is not supported on the SQLite backend")
	}
	to, serial, err := pgTypeOf(def.TypeName)
	if err != nil {
		return err
	}
	if serial != "" {
		return pgErr("42704", "type %q does not exist", strings.ToLower(def.TypeName.Names[len(def.TypeName.Names)-1].GetString_().GetSval()))
	}
	from := col.Type
	value, err := w.newValue(t, col, to, def.RawDefault)
	if err != nil {
		return err
	}
	if err := w.typeChangeSupported(t, col, to); err != nil {
		return err
	}
	if col.Default != "" {
		if !pgAssignable(pgShownType(col.Shown, from), to) {
			return pgErr("42804", "default for column %q cannot be cast automatically to type %s", col.Name, pgTypeName(to))
		}
		if col.Default, err = w.convertedDefault(col.Default, from, to); err != nil {
			return err
		}
	}
	t.Columns[i].Type = to
	if from.storage() != to.storage() {
		sqls, err := w.rebuildWith(t, col.Name, to, value)
		if err != nil {
			return err
		}
		plan.sql = append(plan.sql, sqls...)
	} else {
		var drop, create []string
		if !w.inForeignKey(t, col.Name) {
			// The indexes of a column a foreign key uses stay: SQLite's
			// foreign key checks look keys up while the rows change.
			drop, create = pgIndexesOf(t, col.Name)
		}
		plan.sql = append(plan.sql, drop...)
		plan.sql = append(plan.sql, fmt.Sprintf("UPDATE %s SET %s = %s", quoteIdent(t.Name), quoteIdent(col.Name), value))
		plan.sql = append(plan.sql, create...)
	}
	plan.uncaptured = true
	plan.reword = func(e *drivers.Error) { pgAlterTypeWording(e, t.Name, col.Name) }
	return nil
}

// newValue is the SQLite expression of a row's new value: the column, or
// the USING expression over the row, through the assignment cast to the
// new type, which must exist (42804 otherwise, as PostgreSQL says it).
func (w *pgWriter) newValue(t *pgTable, col *pgColumn, to pgType, using *pg_query.Node) (string, error) {
	if using == nil {
		if !pgAssignable(col.Type, to) {
			return "", pgErr("42804", "column %q cannot be cast automatically to type %s", col.Name, pgTypeName(to))
		}
		return to.convert(quoteIdent(t.Name)+"."+quoteIdent(col.Name), col.Type), nil
	}
	saved := w.scopes
	w.scopes = [][]pgRange{{{alias: t.Name, cols: t.Columns}}}
	e, err := w.expr(using)
	w.scopes = saved
	if err != nil {
		return "", err
	}
	if e.sql == "NULL" {
		return "NULL", nil
	}
	if e.typ.Base == "" {
		e = w.typed(e, to)
	}
	if !pgAssignable(e.typ, to) {
		return "", pgErr("42804", "result of USING clause for column %q cannot be cast automatically to type %s", col.Name, pgTypeName(to))
	}
	return to.convert(e.sql, e.typ), nil
}

// pgAssignable reports an assignment cast from one type to the other, as
// PostgreSQL's pg_cast has it among the types a column can have here:
// between numbers, from anything to a string, between strings, between
// dates and timestamps, and from a type to itself (a length or scale).
func pgAssignable(from, to pgType) bool {
	switch {
	case from.Base == to.Base, to.isText():
		return true
	case from.category() == "n" && to.category() == "n":
		return true
	case from.category() == "d" && to.category() == "d":
		return true
	}
	return false
}

// pgAlterTypes are the types ALTER COLUMN … TYPE converts from and to
// on the SQLite backend.
var pgAlterTypes = map[string]bool{"int2": true, "int4": true, "int8": true, "numeric": true, "float4": true, "float8": true,
	"text": true, "varchar": true, "bool": true, "date": true, "timestamp": true}

// typeChangeSupported refuses (0A000) what this backend would apply
// otherwise than PostgreSQL does; see alterType.
func (w *pgWriter) typeChangeSupported(t *pgTable, col *pgColumn, to pgType) error {
	from := col.Type
	switch {
	case !pgAlterTypes[from.Base] || !pgAlterTypes[to.Base]:
		return pgUnsupported("ALTER COLUMN … TYPE converts between smallint, integer, bigint, numeric, real, double precision, " +
			"text, varchar, boolean, date and timestamp on the SQLite backend")
	case col.Seq != "":
		return pgUnsupported("ALTER COLUMN … TYPE of a serial or identity column is not supported on the SQLite backend")
	case w.inForeignKey(t, col.Name) && !(from.isInt() && to.isInt() || from.isText() && to.isText()):
		return pgUnsupported("ALTER COLUMN … TYPE of a column a foreign key uses converts only between integer types or between " +
			"text and varchar on the SQLite backend")
	case len(t.Checks) > 0 && (from.storage() != to.storage() || from.category() != to.category()):
		return pgUnsupported("ALTER COLUMN … TYPE of a table with CHECK constraints converts only to a type stored alike " +
			"(another integer width, numeric scale, string length, float width, or between date and timestamp) on the SQLite backend")
	case from.storage() != to.storage() && w.referenced(t):
		return pgUnsupported("ALTER COLUMN … TYPE from %s to %s rewrites the table on the SQLite backend, which it cannot do "+
			"for a table a foreign key references", pgTypeName(from), pgTypeName(to))
	}
	return nil
}

// inForeignKey reports a foreign key of any table naming column name of
// t, on either side.
func (w *pgWriter) inForeignKey(t *pgTable, name string) bool {
	if slices.ContainsFunc(t.ForeignKeys, func(fk pgForeignKey) bool { return slices.Contains(fk.Columns, name) }) {
		return true
	}
	for _, other := range w.others() {
		for _, fk := range other.ForeignKeys {
			if fk.Parent == t.Name && slices.Contains(fk.ParentColumns, name) {
				return true
			}
		}
	}
	return false
}

// referenced reports a foreign key, of t itself or another table, that
// references t.
func (w *pgWriter) referenced(t *pgTable) bool {
	for _, other := range append(w.others(), t) {
		if slices.ContainsFunc(other.ForeignKeys, func(fk pgForeignKey) bool { return fk.Parent == t.Name }) {
			return true
		}
	}
	return false
}

func (w *pgWriter) others() []*pgTable {
	if w.allTables == nil {
		return nil
	}
	return w.allTables()
}

// pgShownType is the type of a column's default as PostgreSQL keeps it:
// the constant written, without the casts to the column's types made
// since, which ALTER COLUMN … TYPE strips before casting it to the new
// type (5 for a column made text is still an integer). shown is the
// default as PostgreSQL prints it (pgShownDefault), which gives it.
func pgShownType(shown string, col pgType) pgType {
	if i := strings.LastIndex(shown, "::"); i >= 0 && !strings.HasSuffix(shown, "'") {
		name := shown[i+2:]
		for _, p := range []struct{ prefix, base string }{{"character varying", "varchar"}, {"character", "bpchar"}, {"bpchar", "bpchar"},
			{"timestamp", "timestamp"}, {"double precision", "float8"}, {"real", "float4"}, {"smallint", "int2"}, {"integer", "int4"},
			{"bigint", "int8"}, {"numeric", "numeric"}, {"text", "text"}, {"boolean", "bool"}, {"date", "date"}, {"bytea", "bytea"}, {"uuid", "uuid"}} {
			if strings.HasPrefix(name, p.prefix) {
				if p.base == "timestamp" && strings.Contains(name, " with time zone") {
					return pgType{Base: "timestamptz"}
				}
				return pgType{Base: p.base}
			}
		}
		return col
	}
	switch {
	case shown == "true" || shown == "false":
		return pgType{Base: "bool"}
	case shown == "" || strings.HasPrefix(shown, "'"):
		return col
	case strings.ContainsAny(shown, ".eE"):
		return pgType{Base: "numeric"}
	}
	return pgType{Base: "int4"}
}

// convertedDefault is a column's default made one of the new type. As
// PostgreSQL keeps the default cast to the new type and evaluates it at
// each INSERT, a default the new type refuses (40000 made smallint) stays
// the conversion, which fails each INSERT that takes it, not the ALTER.
func (w *pgWriter) convertedDefault(literal string, from, to pgType) (string, error) {
	conv := to.convert(literal, from)
	v, err := w.eval(conv, nil)
	if err != nil {
		return conv, nil
	}
	if lit, ok := pgSQLLiteral(v); ok {
		return lit, nil
	}
	return conv, nil
}

// pgIndexesOf are the statements that drop t's indexes holding column
// name and make them again.
func pgIndexesOf(t *pgTable, name string) (dropSQL, create []string) {
	for _, ix := range t.Indexes {
		if slices.Contains(ix.Columns, name) {
			dropSQL = append(dropSQL, "DROP INDEX "+quoteIdent(ix.Name))
			create = append(create, ix.create(t.Name))
		}
	}
	return dropSQL, create
}

// pgRebuildName is the table a rebuild copies into: a blocksql name, which
// no user table can have (pgCheckName).
const pgRebuildName = "blocksql.rebuild"

// rebuildWith are the statements that rebuild t with column name stored
// as type to holds it and filled with value: the new table from t's
// SQLite text, its NOT NULL triggers (renamed with it), the rows copied
// in rowid order, the old table dropped, the new one renamed, the indexes
// made again. A dry run (Describe) reads no text and plans nothing.
func (w *pgWriter) rebuildWith(t *pgTable, name string, to pgType, value string) ([]string, error) {
	v, err := w.eval("(SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1)", []any{t.Name})
	if err != nil || v == nil {
		return nil, err
	}
	create, err := pgRetyped(asString(v), name, to.storage())
	if err != nil {
		return nil, err
	}
	sqls := []string{create}
	for _, c := range t.Columns {
		if c.NotNullTriggers {
			sqls = append(append(sqls, pgDropNotNullTriggers(t.Name, c.Name)...), pgNotNullTriggersOn(pgRebuildName, t.Name, c.Name)...)
		}
	}
	cols := make([]string, len(t.Columns))
	vals := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i], vals[i] = quoteIdent(c.Name), quoteIdent(t.Name)+"."+quoteIdent(c.Name)
		if c.Name == name {
			vals[i] = value
		}
	}
	sqls = append(sqls,
		fmt.Sprintf("INSERT INTO %s (_rowid_, %s) SELECT _rowid_, %s FROM %s ORDER BY _rowid_", quoteIdent(pgRebuildName),
			strings.Join(cols, ", "), strings.Join(vals, ", "), quoteIdent(t.Name)),
		"DROP TABLE "+quoteIdent(t.Name),
		fmt.Sprintf("ALTER TABLE %s RENAME TO %s", quoteIdent(pgRebuildName), quoteIdent(t.Name)))
	for _, ix := range t.Indexes {
		sqls = append(sqls, ix.create(t.Name))
	}
	return sqls, nil
}

// pgRetyped is a table's CREATE TABLE text made pgRebuildName's, with
// column name declared as storage: the column's definition is the
// element of the list that begins with its quoted name (SQLite keeps the
// text as written, renames and added columns edited in place).
func pgRetyped(create, name, storage string) (string, error) {
	open := strings.IndexByte(create, '(')
	end := strings.LastIndexByte(create, ')')
	if open < 0 || end < open {
		return "", fmt.Errorf("alter type: unexpected table text %q", create)
	}
	elems := pgSplitTop(create[open+1 : end])
	head := quoteIdent(name) + " "
	for i, e := range elems {
		trimmed := strings.TrimSpace(e)
		if !strings.HasPrefix(trimmed, head) {
			continue
		}
		rest := strings.TrimSpace(trimmed[len(head):])
		for _, old := range []string{"TEXT COLLATE " + decimalCollation, "BIGINT", "BOOLEAN", "BLOB", "REAL", "TEXT"} {
			if strings.HasPrefix(rest, old) {
				elems[i] = head + storage + rest[len(old):]
				return fmt.Sprintf("CREATE TABLE %s (%s)", quoteIdent(pgRebuildName), strings.Join(elems, ",")), nil
			}
		}
	}
	return "", fmt.Errorf("alter type: column %q not found in %q", name, create)
}

// pgSplitTop splits a list at its commas outside parentheses, quotes and
// identifiers.
func pgSplitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0 // a doubled quote closes and opens again
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '[':
			quote = ']'
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// pgAlterTypeWording words a constraint the rows fail as PostgreSQL's
// rewrite of table for column words it: the column's NULL, a CHECK the
// new values fail, a unique index it cannot make again.
func pgAlterTypeWording(e *drivers.Error, table, column string) {
	switch e.State {
	case "23502":
		e.Message = fmt.Sprintf("column %q of relation %q contains null values", column, table)
	case "23514":
		if name, ok := pgQuotedAfter(e.Message, "check constraint "); ok {
			e.Message = fmt.Sprintf("check constraint %q of relation %q is violated by some row", name, table)
		}
	case "23505":
		if name, ok := pgQuotedAfter(e.Message, "unique constraint "); ok {
			e.Message = fmt.Sprintf("could not create unique index %q", name)
		}
	}
}

// pgQuotedAfter reads the double-quoted name that follows prefix in msg.
func pgQuotedAfter(msg, prefix string) (string, bool) {
	i := strings.Index(msg, prefix+`"`)
	if i < 0 {
		return "", false
	}
	name, _, ok := strings.Cut(msg[i+len(prefix)+1:], `"`)
	return name, ok
}

// pgTypeName is a type as PostgreSQL's messages name it (format_type_be:
// without its length, precision or scale).
func pgTypeName(t pgType) string {
	switch t.Base {
	case "varchar":
		return "character varying"
	case "bpchar":
		return "character"
	}
	return pgType{Base: t.Base}.format()
}
