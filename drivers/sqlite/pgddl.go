package sqlite

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// PostgreSQL's DDL on SQLite: each table is a plain rowid table whose
// columns have the storage of their type (pgType.storage); its primary key
// and unique constraints are unique indexes named as PostgreSQL names them
// (t_pkey, t_a_key), the primary key's columns NOT NULL. The PostgreSQL
// types, sequences and defaults are the engine's own record (pgTable).

func (w *pgWriter) createTable(s *pg_query.CreateStmt) (*pgPlan, error) {
	rv := s.Relation
	switch {
	case rv.Schemaname != "" && rv.Schemaname != "public":
		return nil, pgUnsupported("schema %s is not available on the SQLite backend", rv.Schemaname)
	case len(s.InhRelations) > 0 || s.Partspec != nil || s.Partbound != nil || s.OfTypename != nil:
		return nil, pgUnsupported("inheritance, partitions and typed tables are not supported on the SQLite backend")
	}
	if err := pgCheckName(rv.Relname); err != nil {
		return nil, err
	}
	if old, err := w.tables(rv.Relname); err != nil {
		return nil, err
	} else if old != nil {
		if s.IfNotExists {
			return &pgPlan{}, nil
		}
		return nil, pgErr("42P07", "relation %q already exists", rv.Relname)
	}
	t := &pgTable{Name: rv.Relname}
	plan := &pgPlan{}
	var defs []string
	// Constraints are taken once every column is known: a column's
	// REFERENCES or CHECK may name the others.
	var constraints []*pg_query.Constraint
	for _, elt := range s.TableElts {
		switch x := elt.Node.(type) {
		case *pg_query.Node_ColumnDef:
			def, err := w.column(t, plan, x.ColumnDef, &constraints)
			if err != nil {
				return nil, err
			}
			defs = append(defs, def)
		case *pg_query.Node_Constraint:
			constraints = append(constraints, x.Constraint)
		default:
			return nil, pgUnsupported("this table element is not supported on the SQLite backend")
		}
	}
	if len(t.Columns) == 0 {
		return nil, pgUnsupported("a table without columns is not supported on the SQLite backend")
	}
	var tail []string
	for _, c := range constraints {
		text, err := w.tableConstraint(t, c)
		if err != nil {
			return nil, err
		}
		if text != "" {
			tail = append(tail, text)
		}
	}
	for i := range t.Indexes {
		if t.Indexes[i].Primary {
			for _, c := range t.Indexes[i].Columns {
				_, col := t.column(c)
				col.NotNull = true
			}
		}
	}
	for i, c := range t.Columns {
		if c.NotNull {
			defs[i] += " NOT NULL"
		}
	}
	plan.sql = append(plan.sql, fmt.Sprintf("CREATE TABLE %s (%s)", quoteIdent(t.Name), strings.Join(append(defs, tail...), ", ")))
	for _, ix := range t.Indexes {
		plan.sql = append(plan.sql, ix.create(t.Name))
	}
	plan.save = append(plan.save, t)
	return plan, nil
}

func pgCheckName(name string) error {
	if len(name) > 63 {
		return pgUnsupported("names longer than 63 bytes are not supported on the SQLite backend")
	}
	if strings.HasPrefix(name, "blocksql.") || strings.HasPrefix(strings.ToLower(name), "sqlite_") {
		return pgErr("42939", "name %q is reserved", name)
	}
	return nil
}

func (ix pgIndex) create(table string) string {
	cols := make([]string, len(ix.Columns))
	for i, c := range ix.Columns {
		cols[i] = quoteIdent(c)
	}
	unique := ""
	if ix.Unique {
		unique = "UNIQUE "
	}
	return fmt.Sprintf("CREATE %sINDEX %s ON %s (%s)", unique, quoteIdent(ix.Name), quoteIdent(table), strings.Join(cols, ", "))
}

// column adds a column definition to t and returns its SQLite text.
func (w *pgWriter) column(t *pgTable, plan *pgPlan, cd *pg_query.ColumnDef, constraints *[]*pg_query.Constraint) (string, error) {
	if _, c := t.column(cd.Colname); c != nil {
		return "", pgErr("42701", "column %q specified more than once", cd.Colname)
	}
	if cd.CollClause != nil || cd.Generated != "" {
		return "", pgUnsupported("COLLATE and generated columns are not supported on the SQLite backend")
	}
	typ, serial, err := pgTypeOf(cd.TypeName)
	if err != nil {
		return "", err
	}
	col := pgColumn{Name: cd.Colname, Type: typ, NotNull: cd.IsNotNull}
	if serial != "" {
		col.Seq, col.NotNull = t.Name+"_"+cd.Colname+"_seq", true
	}
	for _, cn := range cd.Constraints {
		c := cn.GetConstraint()
		switch c.Contype {
		case pg_query.ConstrType_CONSTR_NOTNULL:
			col.NotNull = true
		case pg_query.ConstrType_CONSTR_NULL:
		case pg_query.ConstrType_CONSTR_DEFAULT:
			if col.Seq != "" {
				return "", pgErr("42601", "multiple default values specified for column %q", cd.Colname)
			}
			if col.Default, err = w.constDefault(&col, c.RawExpr); err != nil {
				return "", err
			}
		case pg_query.ConstrType_CONSTR_IDENTITY:
			if !typ.isInt() {
				return "", pgErr("42611", "identity column type must be smallint, integer, or bigint")
			}
			col.Seq, col.Identity, col.NotNull = t.Name+"_"+cd.Colname+"_seq", c.GeneratedWhen, true
			if len(c.Options) > 0 {
				return "", pgUnsupported("identity options are not supported on the SQLite backend")
			}
		case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
			c.Keys = []*pg_query.Node{pg_query.MakeStrNode(cd.Colname)}
			*constraints = append(*constraints, c)
		case pg_query.ConstrType_CONSTR_FOREIGN:
			c.FkAttrs = []*pg_query.Node{pg_query.MakeStrNode(cd.Colname)}
			*constraints = append(*constraints, c)
		case pg_query.ConstrType_CONSTR_CHECK:
			if c.Conname == "" {
				c.Conname = w.freeName(t, t.Name+"_"+cd.Colname, "check", false)
			}
			*constraints = append(*constraints, c)
		default:
			return "", pgUnsupported("%s constraints are not supported on the SQLite backend", strings.TrimPrefix(c.Contype.String(), "CONSTR_"))
		}
	}
	if col.Seq != "" {
		// PostgreSQL keeps a sequence's name when its table or column is
		// renamed, so the name may be taken: it takes the next free one.
		col.Seq = w.freeName(t, t.Name+"_"+cd.Colname, "seq", true)
		if err := pgCheckName(col.Seq); err != nil {
			return "", err
		}
		plan.seqs = append(plan.seqs, pgSeqDef{Name: col.Seq, Min: 1, Max: pgIntMax(typ)})
	}
	t.Columns = append(t.Columns, col)
	def := quoteIdent(col.Name) + " " + typ.storage()
	if col.Default != "" {
		def += " DEFAULT " + col.Default
	}
	return def, nil
}

func pgIntMax(t pgType) int64 {
	switch t.Base {
	case "int2":
		return math.MaxInt16
	case "int4":
		return math.MaxInt32
	}
	return math.MaxInt64
}

// constDefault is a column default as an SQLite literal, converted now:
// only constants (and the block time, which the engine has pinned) are
// supported.
func (w *pgWriter) constDefault(col *pgColumn, n *pg_query.Node) (string, error) {
	saved := w.scopes
	w.scopes = nil
	e, err := w.expr(n)
	w.scopes = saved
	if err != nil {
		return "", pgUnsupported("DEFAULT must be a constant on the SQLite backend")
	}
	if e.sql == "NULL" {
		return "", nil
	}
	v, err := w.eval(col.Type.convert(e.sql, e.typ), nil)
	if err != nil {
		return "", err
	}
	col.Shown = pgShownDefault(col.Type, n, v)
	if v == nil {
		return "", nil // NULL, or a dry run that computes nothing
	}
	if lit, ok := pgSQLLiteral(v); ok {
		return lit, nil
	}
	return "", pgUnsupported("DEFAULT must be a constant on the SQLite backend")
}

// pgSQLLiteral is a value SQLite computed as an SQLite literal; false for
// NULL and values of other kinds.
func pgSQLLiteral(v any) (string, bool) {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case []byte:
		return fmt.Sprintf("x'%x'", x), true
	case string:
		return sqlString(x), true
	}
	return "", false
}

// pgShownDefault is a constant default as PostgreSQL's pg_get_expr prints
// it (psql's \d): the literal with its own type — a negative or bigint
// number quoted and cast, a string cast to the column's type (dates,
// timestamps and bytea in their output form).
func pgShownDefault(t pgType, n *pg_query.Node, v any) string {
	cast := func(s, typ string) string { return sqlString(s) + "::" + typ }
	c := n.GetAConst()
	switch {
	case c != nil && c.GetIval() != nil:
		if i := c.GetIval().Ival; i < 0 {
			return cast(strconv.Itoa(int(i)), "integer")
		}
		return strconv.Itoa(int(c.GetIval().Ival))
	case c != nil && c.GetFval() != nil:
		f := c.GetFval().Fval
		if _, err := strconv.ParseInt(f, 10, 64); err == nil {
			return cast(f, "bigint")
		}
		if strings.HasPrefix(f, "-") {
			return cast(f, "numeric")
		}
		return f
	case c != nil && c.GetBoolval() != nil:
		return strconv.FormatBool(c.GetBoolval().Boolval)
	case c != nil && c.GetSval() != nil && t.isText():
		return cast(c.GetSval().Sval, map[string]string{"text": "text", "varchar": "character varying", "bpchar": "bpchar"}[t.Base])
	case c != nil && c.GetSval() != nil && v != nil:
		// A string read as the column's type is printed as PostgreSQL's
		// ruleutils prints a constant of it: before the column's typmod
		// applies, bare where the text reads back as the same type.
		switch t.Base {
		case "bool":
			return strconv.FormatBool(asString(pgOut(v, "b")) == "t")
		case "int4":
			if text := asString(v); !strings.HasPrefix(text, "-") {
				return text
			}
		case "numeric":
			if n, err := pgNumeric(c.GetSval().Sval, 0, 0); err == nil {
				text := asString(n)
				if text[0] >= '0' && text[0] <= '9' && strings.ContainsAny(text, ".eE") {
					return text
				}
				return cast(text, "numeric")
			}
		}
	}
	if v == nil {
		return ""
	}
	return cast(asString(pgOut(v, map[string]string{"bytea": "x", "bool": "b"}[t.Base])), t.format())
}

// tableConstraint adds a constraint to t: a key becomes one of its
// indexes; a CHECK or FOREIGN KEY is returned as SQLite table-constraint
// text.
func (w *pgWriter) tableConstraint(t *pgTable, c *pg_query.Constraint) (string, error) {
	switch c.Contype {
	case pg_query.ConstrType_CONSTR_PRIMARY, pg_query.ConstrType_CONSTR_UNIQUE:
		return "", w.keyConstraint(t, c)
	case pg_query.ConstrType_CONSTR_CHECK:
		return w.checkConstraint(t, c)
	case pg_query.ConstrType_CONSTR_FOREIGN:
		return w.foreignKey(t, c)
	}
	return "", pgUnsupported("%s constraints are not supported on the SQLite backend", strings.TrimPrefix(c.Contype.String(), "CONSTR_"))
}

func (w *pgWriter) keyConstraint(t *pgTable, c *pg_query.Constraint) error {
	if c.NullsNotDistinct || len(c.Including) > 0 || c.Deferrable {
		return pgUnsupported("this unique constraint option is not supported on the SQLite backend")
	}
	ix := pgIndex{Name: c.Conname, Unique: true, Primary: c.Contype == pg_query.ConstrType_CONSTR_PRIMARY, Constraint: true}
	for _, k := range c.Keys {
		name := k.GetString_().GetSval()
		if _, col := t.column(name); col == nil {
			return pgErr("42703", "column %q named in key does not exist", name)
		}
		ix.Columns = append(ix.Columns, name)
	}
	for _, old := range t.Indexes {
		if ix.Primary && old.Primary {
			return pgErr("42P16", "multiple primary keys for table %q are not allowed", t.Name)
		}
	}
	if ix.Name == "" {
		if ix.Primary {
			ix.Name = w.freeName(t, t.Name, "pkey", true)
		} else {
			ix.Name = w.freeName(t, t.Name+"_"+strings.Join(ix.Columns, "_"), "key", true)
		}
	}
	t.Indexes = append(t.Indexes, ix)
	return nil
}

// checkConstraint is CHECK (expr) over the stored values, translated as
// any expression is (numerics compared as numbers, booleans as 0/1).
func (w *pgWriter) checkConstraint(t *pgTable, c *pg_query.Constraint) (string, error) {
	if c.IsNoInherit || c.SkipValidation {
		return "", pgUnsupported("CHECK ... NO INHERIT / NOT VALID is not supported on the SQLite backend")
	}
	saved := w.scopes
	w.scopes = [][]pgRange{{{alias: t.Name, cols: t.Columns}}}
	e, err := w.expr(c.RawExpr)
	w.scopes = saved
	if err != nil {
		return "", err
	}
	if e.typ.Base != "bool" {
		return "", pgErr("42804", "argument of CHECK must be type boolean, not type %s", e.typ.Base)
	}
	name := c.Conname
	if name == "" {
		base := t.Name
		if cols := pgColumnsIn(c.RawExpr); len(cols) > 0 {
			base = t.Name + "_" + cols[0]
		}
		name = w.freeName(t, base, "check", false)
	}
	t.Checks = append(t.Checks, name)
	return fmt.Sprintf("CONSTRAINT %s CHECK (%s)", quoteIdent(name), e.sql), nil
}

// pgColumnsIn are the column names an expression references, in order.
func pgColumnsIn(n *pg_query.Node) []string {
	var out []string
	pgVisit(n.ProtoReflect(), func(m protoreflect.Message) {
		if cr, ok := m.Interface().(*pg_query.ColumnRef); ok {
			if f := cr.Fields[len(cr.Fields)-1].GetString_(); f != nil {
				out = append(out, f.Sval)
			}
		}
	})
	return out
}

// foreignKey is FOREIGN KEY (cols) REFERENCES parent (cols): SQLite
// enforces it at the end of each statement, as PostgreSQL does a key that
// is not deferrable, with the same ON DELETE / ON UPDATE actions.
func (w *pgWriter) foreignKey(t *pgTable, c *pg_query.Constraint) (string, error) {
	if c.Deferrable || c.SkipValidation || c.FkMatchtype == "f" || c.FkMatchtype == "p" || len(c.FkDelSetCols) > 0 {
		return "", pgUnsupported("DEFERRABLE, NOT VALID and MATCH FULL foreign keys are not supported on the SQLite backend")
	}
	fk := pgForeignKey{Name: c.Conname, Parent: c.Pktable.GetRelname(), OnDelete: pgFKAction(c.FkDelAction), OnUpdate: pgFKAction(c.FkUpdAction)}
	for _, a := range c.FkAttrs {
		fk.Columns = append(fk.Columns, a.GetString_().GetSval())
	}
	for _, a := range c.PkAttrs {
		fk.ParentColumns = append(fk.ParentColumns, a.GetString_().GetSval())
	}
	parent := t
	if fk.Parent != t.Name {
		p, err := w.table(fk.Parent)
		if err != nil {
			return "", err
		}
		parent = p
	}
	if len(fk.ParentColumns) == 0 {
		for _, ix := range parent.Indexes {
			if ix.Primary {
				fk.ParentColumns = ix.Columns
			}
		}
		if len(fk.ParentColumns) == 0 {
			return "", pgErr("42830", "there is no primary key for referenced table %q", parent.Name)
		}
	}
	if len(fk.ParentColumns) != len(fk.Columns) {
		return "", pgErr("42830", "number of referencing and referenced columns for foreign key disagree")
	}
	if !slices.ContainsFunc(parent.Indexes, func(ix pgIndex) bool { return ix.Unique && slices.Equal(ix.Columns, fk.ParentColumns) }) {
		return "", pgErr("42830", "there is no unique constraint matching given keys for referenced table %q", parent.Name)
	}
	for i, name := range fk.Columns {
		_, col := t.column(name)
		_, pcol := parent.column(fk.ParentColumns[i])
		if col == nil || pcol == nil {
			return "", pgErr("42703", "column %q referenced in foreign key constraint does not exist", name)
		}
		if col.Type.Base != pcol.Type.Base && !(col.Type.isInt() && pcol.Type.isInt()) {
			return "", pgErr("42804", "foreign key constraint cannot be implemented: key columns %q and %q are of incompatible types", name, pcol.Name)
		}
	}
	if fk.Name == "" {
		fk.Name = w.freeName(t, t.Name+"_"+strings.Join(fk.Columns, "_"), "fkey", false)
	}
	t.ForeignKeys = append(t.ForeignKeys, fk)
	quote := func(names []string) string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = quoteIdent(n)
		}
		return strings.Join(out, ", ")
	}
	return fmt.Sprintf("CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s) ON DELETE %s ON UPDATE %s", quoteIdent(fk.Name),
		quote(fk.Columns), quoteIdent(parent.Name), quote(fk.ParentColumns), fk.OnDelete, fk.OnUpdate), nil
}

func pgFKAction(a string) string {
	switch a {
	case "r":
		return "RESTRICT"
	case "c":
		return "CASCADE"
	case "n":
		return "SET NULL"
	case "d":
		return "SET DEFAULT"
	}
	return "NO ACTION"
}

// referencedBy names a foreign key of another table that references t.
func (w *pgWriter) referencedBy(t *pgTable) string {
	if w.allTables == nil {
		return ""
	}
	for _, other := range w.allTables() {
		for _, fk := range other.ForeignKeys {
			if fk.Parent == t.Name && other.Name != t.Name {
				return fk.Name + " on table " + other.Name
			}
		}
	}
	return ""
}

// freeName is PostgreSQL's choice of a name for a sequence, an index or a
// constraint of table t: base_suffix, or base_suffix1, 2, … while that is
// the name of a constraint of any table or one this statement chose, or,
// for a relation (a sequence or an index), of a table, index or sequence.
// Names stay when their table is renamed (pgrename.go), so a table made
// again under the old name finds them taken, as in PostgreSQL.
func (w *pgWriter) freeName(t *pgTable, base, suffix string, relation bool) string {
	taken := func(n string) bool {
		return w.chosen[n] || relation && w.relationExists(n) || w.constraintExists(t, n)
	}
	name := base + "_" + suffix
	for i := 1; taken(name); i++ {
		name = base + "_" + suffix + strconv.Itoa(i)
	}
	if w.chosen == nil {
		w.chosen = map[string]bool{}
	}
	w.chosen[name] = true
	return name
}

// constraintExists reports a key, CHECK or foreign key named name, of t
// (being made or changed) or of any other table.
func (w *pgWriter) constraintExists(t *pgTable, name string) bool {
	tables := []*pgTable{t}
	if w.allTables != nil {
		tables = append(tables, w.allTables()...)
	}
	for _, tb := range tables {
		if slices.Contains(tb.Checks, name) || slices.ContainsFunc(tb.Indexes, func(ix pgIndex) bool { return ix.Name == name }) ||
			slices.ContainsFunc(tb.ForeignKeys, func(fk pgForeignKey) bool { return fk.Name == name }) {
			return true
		}
	}
	return false
}

func (w *pgWriter) createIndex(s *pg_query.IndexStmt) (*pgPlan, error) {
	if s.WhereClause != nil || len(s.IndexIncludingParams) > 0 || s.AccessMethod != "btree" && s.AccessMethod != "" || s.Concurrent {
		return nil, pgUnsupported("partial, covering, concurrent and non-btree indexes are not supported on the SQLite backend")
	}
	t, err := w.table(s.Relation.Relname)
	if err != nil {
		return nil, err
	}
	ix := pgIndex{Name: s.Idxname, Unique: s.Unique}
	for _, p := range s.IndexParams {
		ie := p.GetIndexElem()
		if ie.Name == "" {
			return nil, pgUnsupported("indexes on expressions are not supported on the SQLite backend")
		}
		if _, c := t.column(ie.Name); c == nil {
			return nil, pgErr("42703", "column %q does not exist", ie.Name)
		}
		ix.Columns = append(ix.Columns, ie.Name)
	}
	if ix.Name == "" {
		ix.Name = w.freeName(t, t.Name+"_"+strings.Join(ix.Columns, "_"), "idx", true)
	}
	if err := pgCheckName(ix.Name); err != nil {
		return nil, err
	}
	for _, old := range t.Indexes {
		if old.Name == ix.Name && s.IfNotExists {
			return &pgPlan{}, nil
		}
	}
	if other, _ := w.tables(ix.Name); other != nil || w.indexExists(ix.Name) {
		if s.IfNotExists {
			return &pgPlan{}, nil
		}
		return nil, pgErr("42P07", "relation %q already exists", ix.Name)
	}
	t2 := *t
	t2.Indexes = append(append([]pgIndex{}, t.Indexes...), ix)
	return &pgPlan{sql: []string{ix.create(t.Name)}, save: []*pgTable{&t2}}, nil
}

// indexExists reports an index of any table named name.
func (w *pgWriter) indexExists(name string) bool {
	t, _ := w.indexTable(name)
	return t != nil
}

// indexTable is the table that has index name.
func (w *pgWriter) indexTable(name string) (*pgTable, int) {
	if w.allTables == nil {
		return nil, -1
	}
	for _, t := range w.allTables() {
		for i, ix := range t.Indexes {
			if ix.Name == name {
				return t, i
			}
		}
	}
	return nil, -1
}

func (w *pgWriter) drop(s *pg_query.DropStmt) (*pgPlan, error) {
	if s.Behavior == pg_query.DropBehavior_DROP_CASCADE {
		return nil, pgUnsupported("DROP ... CASCADE is not supported on the SQLite backend")
	}
	plan := &pgPlan{}
	for _, obj := range s.Objects {
		var names []string
		for _, item := range obj.GetList().GetItems() {
			names = append(names, item.GetString_().GetSval())
		}
		if len(names) == 2 && names[0] == "public" {
			names = names[1:]
		}
		if len(names) != 1 {
			return nil, pgUnsupported("DROP of a schema-qualified name is not supported on the SQLite backend")
		}
		switch s.RemoveType {
		case pg_query.ObjectType_OBJECT_TABLE:
			t, err := w.tables(names[0])
			if err != nil {
				return nil, err
			}
			if t == nil {
				if s.MissingOk {
					continue
				}
				return nil, pgErr("42P01", "table %q does not exist", names[0])
			}
			if by := w.referencedBy(t); by != "" {
				return nil, pgErr("2BP01", "cannot drop table %s because other objects depend on it: constraint %s", t.Name, by)
			}
			plan.sql = append(plan.sql, "DROP TABLE "+quoteIdent(t.Name))
			plan.drop = append(plan.drop, t.Name)
			for _, c := range t.Columns {
				if c.Seq != "" {
					plan.dropSeqs = append(plan.dropSeqs, c.Seq)
				}
			}
		case pg_query.ObjectType_OBJECT_INDEX:
			t, i := w.indexTable(names[0])
			if t == nil {
				if s.MissingOk {
					continue
				}
				return nil, pgErr("42704", "index %q does not exist", names[0])
			}
			if ix := t.Indexes[i]; ix.Primary || ix.Constraint {
				return nil, pgErr("2BP01", "cannot drop index %s because constraint %s on table %s requires it", names[0], names[0], t.Name)
			}
			t2 := *t
			t2.Indexes = append(append([]pgIndex{}, t.Indexes[:i]...), t.Indexes[i+1:]...)
			plan.sql = append(plan.sql, "DROP INDEX "+quoteIdent(names[0]))
			plan.save = append(plan.save, &t2)
		default:
			return nil, pgUnsupported("DROP %s is not supported on the SQLite backend", strings.TrimPrefix(s.RemoveType.String(), "OBJECT_"))
		}
	}
	return plan, nil
}

func (w *pgWriter) alter(s *pg_query.AlterTableStmt) (*pgPlan, error) {
	if s.Objtype != pg_query.ObjectType_OBJECT_TABLE {
		return nil, pgUnsupported("only ALTER TABLE is supported on the SQLite backend")
	}
	t, err := w.tables(s.Relation.Relname)
	if err != nil {
		return nil, err
	}
	if t == nil {
		if s.MissingOk {
			return &pgPlan{}, nil
		}
		return nil, pgErr("42P01", "relation %q does not exist", s.Relation.Relname)
	}
	t2 := *t
	t2.Columns = append([]pgColumn{}, t.Columns...)
	plan := &pgPlan{}
	for _, cmdNode := range s.Cmds {
		cmd := cmdNode.GetAlterTableCmd()
		switch cmd.Subtype {
		case pg_query.AlterTableType_AT_AddColumn:
			cd := cmd.Def.GetColumnDef()
			if _, c := t2.column(cd.Colname); c != nil {
				if cmd.MissingOk {
					continue
				}
				return nil, pgErr("42701", "column %q of relation %q already exists", cd.Colname, t.Name)
			}
			var constraints []*pg_query.Constraint
			def, err := w.column(&t2, plan, cd, &constraints)
			if err != nil {
				return nil, err
			}
			col := t2.Columns[len(t2.Columns)-1]
			if col.Seq != "" || len(constraints) > 0 || col.NotNull && col.Default == "" {
				return nil, pgUnsupported("ADD COLUMN with a serial type, a constraint, or NOT NULL without a default is not supported on the SQLite backend")
			}
			if col.NotNull {
				def += " NOT NULL"
			}
			plan.sql = append(plan.sql, fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s", quoteIdent(t.Name), def))
		case pg_query.AlterTableType_AT_ColumnDefault, pg_query.AlterTableType_AT_SetNotNull, pg_query.AlterTableType_AT_DropNotNull:
			sqls, err := w.alterColumn(&t2, cmd)
			if err != nil {
				return nil, err
			}
			plan.sql = append(plan.sql, sqls...)
		case pg_query.AlterTableType_AT_AddConstraint:
			sqls, err := w.addKey(&t2, cmd.Def.GetConstraint())
			if err != nil {
				return nil, err
			}
			plan.sql = append(plan.sql, sqls...)
		case pg_query.AlterTableType_AT_DropColumn:
			i, c := t2.column(cmd.Name)
			if c == nil {
				if cmd.MissingOk {
					continue
				}
				return nil, pgErr("42703", "column %q of relation %q does not exist", cmd.Name, t.Name)
			}
			uses := slices.ContainsFunc(t2.Indexes, func(ix pgIndex) bool { return slices.Contains(ix.Columns, cmd.Name) }) ||
				slices.ContainsFunc(t2.ForeignKeys, func(fk pgForeignKey) bool { return slices.Contains(fk.Columns, cmd.Name) }) ||
				len(t2.Checks) > 0 || w.referencedBy(t) != ""
			if uses {
				return nil, pgUnsupported("dropping a column of a table with CHECK or foreign key constraints, or one an index or key uses, is not supported on the SQLite backend")
			}
			if c.Seq != "" {
				plan.dropSeqs = append(plan.dropSeqs, c.Seq)
			}
			t2.Columns = append(t2.Columns[:i:i], t2.Columns[i+1:]...)
			plan.sql = append(plan.sql, fmt.Sprintf("ALTER TABLE %s DROP COLUMN %s", quoteIdent(t.Name), quoteIdent(cmd.Name)))
		case pg_query.AlterTableType_AT_AlterColumnType:
			if len(s.Cmds) > 1 {
				return nil, pgUnsupported("ALTER COLUMN … TYPE is supported alone in its ALTER TABLE on the SQLite backend: " +
					"send one ALTER TABLE per change")
			}
			if err := w.alterType(&t2, cmd, plan); err != nil {
				return nil, err
			}
		default:
			return nil, pgUnsupported("this ALTER TABLE action is not supported on the SQLite backend")
		}
	}
	plan.save = append(plan.save, &t2)
	return plan, nil
}

// addKey is ALTER TABLE ADD PRIMARY KEY / UNIQUE: a unique index, and for
// a primary key NOT NULL on its columns, which fails (23502) if a NULL is
// there already and is kept afterwards by triggers (SQLite cannot add
// NOT NULL to a column).
func (w *pgWriter) addKey(t *pgTable, c *pg_query.Constraint) ([]string, error) {
	if c == nil || c.Contype != pg_query.ConstrType_CONSTR_PRIMARY && c.Contype != pg_query.ConstrType_CONSTR_UNIQUE {
		return nil, pgUnsupported("ALTER TABLE ADD CONSTRAINT takes PRIMARY KEY or UNIQUE on the SQLite backend")
	}
	if err := w.keyConstraint(t, c); err != nil {
		return nil, err
	}
	ix := t.Indexes[len(t.Indexes)-1]
	sqls := []string{ix.create(t.Name)}
	if !ix.Primary {
		return sqls, nil
	}
	for _, name := range ix.Columns {
		_, col := t.column(name)
		if col.NotNull {
			continue
		}
		more, err := w.setNotNull(t, col)
		if err != nil {
			return nil, err
		}
		sqls = append(sqls, more...)
	}
	return sqls, nil
}

// setNotNull makes an existing column NOT NULL: it fails (23502) if a NULL
// is there, and triggers refuse NULLs from then on (SQLite cannot add NOT
// NULL to a column).
func (w *pgWriter) setNotNull(t *pgTable, col *pgColumn) ([]string, error) {
	nulls, err := w.eval(fmt.Sprintf("(SELECT count(*) FROM %s WHERE %s IS NULL)", quoteIdent(t.Name), quoteIdent(col.Name)), nil)
	if err != nil {
		return nil, err
	}
	if n, _ := nulls.(int64); n > 0 {
		return nil, pgErr("23502", "column %q of relation %q contains null values", col.Name, t.Name)
	}
	col.NotNull, col.NotNullTriggers = true, true
	return pgNotNullTriggers(t.Name, col.Name), nil
}

// pgNotNullTriggers create the triggers that keep column NOT NULL; their
// names and message hold the table's and the column's names.
func pgNotNullTriggers(table, column string) []string {
	return pgNotNullTriggersOn(table, table, column)
}

// pgNotNullTriggersOn create them on SQLite table phys, which SQLite's
// RENAME makes table's (a rebuild's copy, pgaltertype.go).
func pgNotNullTriggersOn(phys, table, column string) []string {
	raise := fmt.Sprintf("SELECT RAISE(ABORT, '%s23502: null value in column \"%s\" of relation \"%s\" violates not-null constraint')",
		pgStatePrefix, strings.ReplaceAll(column, "'", "''"), strings.ReplaceAll(table, "'", "''"))
	var sqls []string
	for _, ev := range []string{"INSERT", "UPDATE OF " + quoteIdent(column)} {
		sqls = append(sqls, fmt.Sprintf("CREATE TRIGGER %s BEFORE %s ON %s WHEN NEW.%s IS NULL BEGIN %s; END",
			pgNotNullTrigger(table, column, strings.Fields(ev)[0]), ev, quoteIdent(phys), quoteIdent(column), raise))
	}
	return sqls
}

// pgDropNotNullTriggers drop what pgNotNullTriggers created.
func pgDropNotNullTriggers(table, column string) []string {
	return []string{"DROP TRIGGER " + pgNotNullTrigger(table, column, "INSERT"), "DROP TRIGGER " + pgNotNullTrigger(table, column, "UPDATE")}
}

func pgNotNullTrigger(table, column, event string) string {
	return quoteIdent(fmt.Sprintf("%s_%s_not_null_%s", table, column, event))
}

// alterColumn is ALTER COLUMN SET/DROP DEFAULT (the catalog's: the engine
// writes defaults itself) and SET/DROP NOT NULL (DROP only where SET made
// it: a column declared NOT NULL keeps it in SQLite's table).
func (w *pgWriter) alterColumn(t *pgTable, cmd *pg_query.AlterTableCmd) ([]string, error) {
	_, col := t.column(cmd.Name)
	if col == nil {
		return nil, pgErr("42703", "column %q of relation %q does not exist", cmd.Name, t.Name)
	}
	switch cmd.Subtype {
	case pg_query.AlterTableType_AT_ColumnDefault:
		if col.Seq != "" {
			return nil, pgUnsupported("changing the default of a serial or identity column is not supported on the SQLite backend")
		}
		col.Declared = col.Declared || col.Default != ""
		col.Default, col.Shown = "", ""
		if cmd.Def != nil {
			d, err := w.constDefault(col, cmd.Def)
			if err != nil {
				return nil, err
			}
			col.Default = d
		}
		return nil, nil
	case pg_query.AlterTableType_AT_SetNotNull:
		if col.NotNull {
			return nil, nil
		}
		return w.setNotNull(t, col)
	}
	if !col.NotNull {
		return nil, nil
	}
	if slices.ContainsFunc(t.Indexes, func(ix pgIndex) bool { return ix.Primary && slices.Contains(ix.Columns, col.Name) }) {
		return nil, pgErr("42P16", "column %q is in a primary key", col.Name)
	}
	if !col.NotNullTriggers {
		return nil, pgUnsupported("DROP NOT NULL of a column declared NOT NULL is not supported on the SQLite backend")
	}
	col.NotNull, col.NotNullTriggers = false, false
	return pgDropNotNullTriggers(t.Name, col.Name), nil
}

func (w *pgWriter) truncate(s *pg_query.TruncateStmt) (*pgPlan, error) {
	if s.Behavior == pg_query.DropBehavior_DROP_CASCADE {
		return nil, pgUnsupported("TRUNCATE ... CASCADE is not supported on the SQLite backend")
	}
	plan := &pgPlan{}
	for _, r := range s.Relations {
		t, err := w.table(r.GetRangeVar().Relname)
		if err != nil {
			return nil, err
		}
		if by := w.referencedBy(t); by != "" {
			return nil, pgErr("0A000", "cannot truncate a table referenced in a foreign key constraint (%s)", by)
		}
		plan.sql = append(plan.sql, "DELETE FROM "+quoteIdent(t.Name))
		if s.RestartSeqs {
			for _, c := range t.Columns {
				if c.Seq != "" {
					plan.reset = append(plan.reset, c.Seq)
				}
			}
		}
	}
	return plan, nil
}
