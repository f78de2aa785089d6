package drivers

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"

	// The parser needs an expression driver; this one carries only values.
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
)

// parsers are pooled because a TiDB parser is not safe for concurrent use.
var parsers = sync.Pool{New: func() any { return parser.New() }}

// NameFields names the result columns of a SELECT after the text the
// client wrote, as MySQL does ("COUNT(*)", not the restored "COUNT(1)"),
// so every backend returns the same column names. Drivers call it before
// translating a read in place. A name of the ORDER BY that MariaDB reads
// as a literal of the list is dropped first (DropLiteralOrder): the names
// given here would no longer be the literal's.
func NameFields(stmt ast.StmtNode) {
	DropLiteralOrder(stmt)
	sel := FirstSelect(stmt)
	if sel == nil || sel.Fields == nil {
		return
	}
	for _, f := range sel.Fields.Fields {
		if _, col := f.Expr.(*ast.ColumnNameExpr); col || f.WildCard != nil || f.AsName.O != "" {
			continue
		}
		if text := strings.TrimSpace(f.Text()); text != "" && len(text) <= 256 {
			f.AsName = ast.NewCIStr(text)
		}
	}
}

// FirstSelect is the SELECT whose fields name a statement's result
// columns: the statement itself, or a UNION's first SELECT.
func FirstSelect(stmt ast.Node) *ast.SelectStmt {
	switch s := stmt.(type) {
	case *ast.SelectStmt:
		return s
	case *ast.SetOprStmt:
		if s.SelectList != nil && len(s.SelectList.Selects) > 0 {
			return FirstSelect(s.SelectList.Selects[0])
		}
	}
	return nil
}

// Parse parses exactly one MySQL statement.
func Parse(sql string) (ast.StmtNode, error) {
	p := parsers.Get().(*parser.Parser)
	defer parsers.Put(p)
	stmts, err := ParseSQL(p, sql)
	if err != nil {
		return nil, Errorf(ErParse, "42000", "%v", err)
	}
	if len(stmts) != 1 {
		return nil, Errorf(ErParse, "42000", "expected one statement, got %d", len(stmts))
	}
	Parenthesize(stmts[0])
	return stmts[0], nil
}

// ParseSQL is p.ParseSQL, with a panic of the parser turned into a syntax
// error: the TiDB parser panics on some literals (a decimal number of more
// digits than its test driver holds), which must not close the client's
// connection.
func ParseSQL(p *parser.Parser, sql string) (stmts []ast.StmtNode, err error) {
	defer func() {
		if r := recover(); r != nil {
			stmts, err = nil, errors.New("You have an error in your SQL syntax: a literal blocksql cannot read (a number of more than 81 digits?)")
		}
	}()
	stmts, _, err = p.ParseSQL(sql)
	if err != nil {
		return nil, err
	}
	for _, stmt := range stmts {
		var m notMariaDB
		if stmt.Accept(&m); m.why != "" {
			return nil, fmt.Errorf("You have an error in your SQL syntax: %s", m.why)
		}
	}
	return stmts, nil
}

// notMariaDB finds the forms the TiDB parser reads but MariaDB refuses as
// a syntax error (MySQL 8's TABLE t and VALUES ROW(...), a user variable
// without a name): a read or a write holding one fails alike on every
// backend.
type notMariaDB struct{ why string }

func (v *notMariaDB) Enter(n ast.Node) (ast.Node, bool) {
	switch n := n.(type) {
	case *ast.SelectStmt:
		switch n.Kind {
		case ast.SelectStmtKindTable:
			v.why = "TABLE is MySQL 8 syntax that MariaDB has not; write SELECT instead"
		case ast.SelectStmtKindValues:
			v.why = "VALUES ROW(...) is MySQL 8 syntax that MariaDB has not; write SELECT instead"
		}
	case *ast.VariableExpr:
		if !n.IsSystem && n.Name == "" {
			v.why = "a user variable needs a name"
		}
	}
	return n, v.why != ""
}

func (v *notMariaDB) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// ValueCount is the number of values in an INSERT's VALUES rows.
func ValueCount(rows [][]ast.ExprNode) int {
	n := 0
	for _, r := range rows {
		n += len(r)
	}
	return n
}
