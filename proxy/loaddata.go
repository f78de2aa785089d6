package proxy

import (
	"context"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	"github.com/blocksql/blocksql/consensus"
	"github.com/blocksql/blocksql/drivers"
)

// MaxLoadDataBytes bounds the file of one LOAD DATA LOCAL INFILE: its
// rows become one chain transaction, where they take more room than in
// the file (quotes, separators), so half a transaction is the limit.
const MaxLoadDataBytes = consensus.MaxTxBytes / 2

// LocalFileReader asks the client for the bytes of a file it names in
// LOAD DATA LOCAL INFILE, reading at most limit bytes; a frontend that
// speaks a protocol able to do so sets it with SetLocalFileReader.
type LocalFileReader func(name string, limit int) ([]byte, error)

// SetLocalFileReader enables LOAD DATA LOCAL INFILE for this session.
func (s *Session) SetLocalFileReader(r LocalFileReader) { s.localFiles = r }

// loadData runs LOAD DATA LOCAL INFILE: the client sends the file, the
// session parses it with the statement's FIELDS, LINES, IGNORE, column
// list and SET clauses and submits its rows as one INSERT (IGNORE,
// REPLACE) in one chain transaction. The operation log records the LOAD
// DATA text as the statement and the INSERT, rows included, as applied.
func (s *Session) loadData(ctx context.Context, stmt *ast.LoadDataStmt, sql string) (*Result, error) {
	if stmt.FileLocRef != ast.FileLocClient {
		return nil, unsupported(stmt)
	}
	if s.localFiles == nil {
		return nil, drivers.Errorf(1148, "42000", "The used command is not allowed with this MySQL version: LOAD DATA LOCAL needs a client that sends files")
	}
	if s.readOnly() {
		return nil, drivers.Errorf(1792, "25006", "Cannot execute statement in a READ ONLY transaction")
	}
	data, err := s.localFiles(stmt.Path, MaxLoadDataBytes)
	if err != nil {
		return nil, err
	}
	rows := newLoadFormat(stmt).split(string(data))
	if stmt.IgnoreLines != nil {
		rows = rows[min(int(*stmt.IgnoreLines), len(rows)):]
	}
	if len(rows) == 0 {
		return &Result{}, nil
	}
	text, err := s.loadInsert(stmt, rows)
	if err != nil {
		return nil, err
	}
	insert, err := s.parseOne(text)
	if err != nil {
		return nil, err
	}
	return s.write(ctx, insert, sql, nil)
}

// loadInsert writes the INSERT that loads rows into the statement's table.
func (s *Session) loadInsert(stmt *ast.LoadDataStmt, rows [][]*string) (string, error) {
	targets, err := s.loadTargets(stmt)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(loadVerb(stmt.OnDuplicate))
	b.WriteString(quoteTableName(stmt.Table))
	b.WriteString(" (")
	for i, t := range targets {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(t.column))
	}
	b.WriteString(") VALUES ")
	for r, row := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		writeLoadRow(&b, targets, row)
	}
	return b.String(), nil
}

func loadVerb(dup ast.OnDuplicateKeyHandlingType) string {
	switch dup {
	case ast.OnDuplicateKeyHandlingReplace:
		return "REPLACE INTO "
	case ast.OnDuplicateKeyHandlingIgnore:
		return "INSERT IGNORE INTO "
	}
	return "INSERT INTO "
}

// loadTarget is one column the INSERT sets: from an input field, or from
// a SET expression (template) whose @variables are bound to input fields.
type loadTarget struct {
	column   string
	field    int
	template string
	vars     []varBinding
}

// varBinding is one @variable in a SET expression's template: the marker
// standing for it and the input field that gives its value (-1: none).
type varBinding struct {
	marker string
	field  int
}

// loadTargets maps the input fields and SET clauses to table columns. A
// statement without a column list reads the table's columns in order.
func (s *Session) loadTargets(stmt *ast.LoadDataStmt) ([]loadTarget, error) {
	var targets []loadTarget
	names := stmt.ColumnsAndUserVars
	if len(names) == 0 {
		cols, err := s.tableColumns(stmt.Table)
		if err != nil {
			return nil, err
		}
		for i, c := range cols {
			targets = append(targets, loadTarget{column: c, field: i})
		}
	}
	fieldOf := map[string]int{}
	for i, n := range names {
		if n.ColumnName != nil {
			targets = append(targets, loadTarget{column: n.ColumnName.Name.O, field: i})
		} else if n.UserVar != nil {
			fieldOf[strings.ToLower(n.UserVar.Name)] = i
		}
	}
	for n, a := range stmt.ColumnAssignments {
		t, err := setTarget(n, a, fieldOf)
		if err != nil {
			return nil, err
		}
		targets = append(targets, t)
	}
	if len(targets) == 0 {
		return nil, drivers.Errorf(drivers.ErParse, "42000", "LOAD DATA sets no column")
	}
	return targets, nil
}

// setTarget restores a SET expression once with a marker for each
// @variable; each row replaces the markers with its values.
func setTarget(n int, a *ast.Assignment, fieldOf map[string]int) (loadTarget, error) {
	t := loadTarget{column: a.Column.Name.O, field: -1}
	c := &varCollector{}
	a.Expr.Accept(c)
	for i, v := range c.vars {
		field, ok := fieldOf[strings.ToLower(v.Name)]
		if !ok {
			field = -1
		}
		v.Name = fmt.Sprintf("blocksql_load_%d_%d", n, i)
		t.vars = append(t.vars, varBinding{marker: "@`" + v.Name + "`", field: field})
	}
	var b strings.Builder
	flags := format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes | format.RestoreStringEscapeBackslash
	if err := a.Expr.Restore(format.NewRestoreCtx(flags, &b)); err != nil {
		return t, drivers.Errorf(drivers.ErParse, "42000", "LOAD DATA SET %s: %v", t.column, err)
	}
	t.template = b.String()
	return t, nil
}

// varCollector finds the user variables of an expression.
type varCollector struct{ vars []*ast.VariableExpr }

func (c *varCollector) Enter(n ast.Node) (ast.Node, bool) {
	if v, ok := n.(*ast.VariableExpr); ok && !v.IsSystem {
		c.vars = append(c.vars, v)
	}
	return n, false
}

func (c *varCollector) Leave(n ast.Node) (ast.Node, bool) { return n, true }

func (s *Session) tableColumns(t *ast.TableName) ([]string, error) {
	db := t.Schema.O
	if db == "" {
		db = s.currentDB
	}
	def, ok := s.db.Catalog().Table(db, t.Name.O)
	if !ok {
		return nil, drivers.Errorf(1146, "42S02", "Table '%s.%s' doesn't exist", db, t.Name.O)
	}
	cols := make([]string, len(def.Columns))
	for i, c := range def.Columns {
		cols[i] = c.Name
	}
	return cols, nil
}

// writeLoadRow writes one VALUES tuple. Missing fields take the column's
// DEFAULT, as in MySQL.
func writeLoadRow(b *strings.Builder, targets []loadTarget, row []*string) {
	b.WriteByte('(')
	for i, t := range targets {
		if i > 0 {
			b.WriteString(", ")
		}
		switch {
		case t.template != "":
			b.WriteString(fillTemplate(t, row))
		case t.field < len(row):
			b.WriteString(sqlLiteral(row[t.field]))
		default:
			b.WriteString("DEFAULT")
		}
	}
	b.WriteByte(')')
}

func fillTemplate(t loadTarget, row []*string) string {
	out := t.template
	for _, v := range t.vars {
		val := "NULL"
		if v.field >= 0 && v.field < len(row) {
			val = sqlLiteral(row[v.field])
		}
		out = strings.ReplaceAll(out, v.marker, val)
	}
	return out
}

func sqlLiteral(v *string) string {
	if v == nil {
		return "NULL"
	}
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\x00", `\0`)
	return "'" + r.Replace(*v) + "'"
}

func quoteIdent(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }

func quoteTableName(t *ast.TableName) string {
	if t.Schema.O != "" {
		return quoteIdent(t.Schema.O) + "." + quoteIdent(t.Name.O)
	}
	return quoteIdent(t.Name.O)
}
