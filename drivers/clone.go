package drivers

import (
	"fmt"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"

	// The parser needs an expression driver; this one carries only values.
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
)

// parsers are pooled because a TiDB parser is not safe for concurrent use.
var parsers = sync.Pool{New: func() any { return parser.New() }}

// mysqlFlags restore a statement as MySQL text that parses back to the
// same statement.
const mysqlFlags = format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes |
	format.RestoreKeyWordUppercase | format.RestoreStringEscapeBackslash | format.RestoreStringWithoutCharset

// Clone returns a deep copy of stmt. Drivers translate by rewriting the
// AST; a read is translated in a copy so the caller's statement stays as
// it was (writes are translated in place, see Tx.Exec).
func Clone(stmt ast.StmtNode) (ast.StmtNode, error) {
	var b strings.Builder
	if err := stmt.Restore(format.NewRestoreCtx(mysqlFlags, &b)); err != nil {
		return nil, fmt.Errorf("restore statement: %w", err)
	}
	out, err := Parse(b.String())
	if err != nil {
		return nil, err
	}
	keepFieldNames(stmt, out)
	return out, nil
}

// keepFieldNames names the result columns of a cloned SELECT after the
// text the client wrote, as MySQL does ("COUNT(*)", not the restored
// "COUNT(1)"), so every backend returns the same column names.
func keepFieldNames(orig, clone ast.StmtNode) {
	a, b := firstSelect(orig), firstSelect(clone)
	if a == nil || b == nil || a.Fields == nil || b.Fields == nil || len(a.Fields.Fields) != len(b.Fields.Fields) {
		return
	}
	for i, f := range a.Fields.Fields {
		if _, col := f.Expr.(*ast.ColumnNameExpr); col || f.WildCard != nil || f.AsName.O != "" {
			continue
		}
		if text := strings.TrimSpace(f.Text()); text != "" && len(text) <= 256 {
			b.Fields.Fields[i].AsName = ast.NewCIStr(text)
		}
	}
}

func firstSelect(stmt ast.Node) *ast.SelectStmt {
	switch s := stmt.(type) {
	case *ast.SelectStmt:
		return s
	case *ast.SetOprStmt:
		if s.SelectList != nil && len(s.SelectList.Selects) > 0 {
			return firstSelect(s.SelectList.Selects[0])
		}
	}
	return nil
}

// Parse parses exactly one MySQL statement.
func Parse(sql string) (ast.StmtNode, error) {
	p := parsers.Get().(*parser.Parser)
	defer parsers.Put(p)
	stmts, _, err := p.Parse(sql, "", "")
	if err != nil {
		return nil, Errorf(ErParse, "42000", "%v", err)
	}
	if len(stmts) != 1 {
		return nil, Errorf(ErParse, "42000", "expected one statement, got %d", len(stmts))
	}
	return stmts[0], nil
}
