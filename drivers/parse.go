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
// translating a read in place.
func NameFields(stmt ast.StmtNode) {
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
		var m8 mysql8Only
		if stmt.Accept(&m8); m8.syntax != "" {
			return nil, fmt.Errorf("You have an error in your SQL syntax: %s is MySQL 8 syntax that MariaDB has not; "+
				"write SELECT instead", m8.syntax)
		}
	}
	return stmts, nil
}

// mysql8Only finds the MySQL 8 query forms the TiDB parser reads but
// MariaDB refuses as a syntax error (TABLE t, VALUES ROW(...)): a read
// or a write holding one fails alike on every backend.
type mysql8Only struct{ syntax string }

func (v *mysql8Only) Enter(n ast.Node) (ast.Node, bool) {
	if s, ok := n.(*ast.SelectStmt); ok {
		switch s.Kind {
		case ast.SelectStmtKindTable:
			v.syntax = "TABLE"
		case ast.SelectStmtKindValues:
			v.syntax = "VALUES ROW(...)"
		}
	}
	return n, v.syntax != ""
}

func (v *mysql8Only) Leave(n ast.Node) (ast.Node, bool) { return n, true }
