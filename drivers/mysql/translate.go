package mysql

import (
	"errors"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	gomysql "github.com/go-sql-driver/mysql"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// restoreFlags write MySQL text; backslashes are escaped because the
// server reads them as escapes (NO_BACKSLASH_ESCAPES is not set).
const restoreFlags = format.RestoreStringSingleQuotes | format.RestoreNameBackQuotes |
	format.RestoreKeyWordUppercase | format.RestoreStringEscapeBackslash | format.RestoreStringWithoutCharset

// translate maps logical databases to physical ones in stmt, in place,
// and restores it.
func (d *Driver) translate(stmt ast.StmtNode) (string, error) {
	stmt.Accept(&renamer{prefix: d.prefix})
	stripUnshared(stmt)
	q, err := restore(stmt)
	if err != nil {
		return "", err
	}
	return withoutEnforced(stmt, q)
}

func restore(n ast.Node) (string, error) {
	q, err := drivers.Restore(n, restoreFlags)
	if err != nil {
		return "", fmt.Errorf("restore for mysql: %w", err)
	}
	return q, nil
}

// withoutEnforced drops the ENFORCED the TiDB restorer writes after a
// CHECK, which MariaDB does not accept. Each check's own restored text
// is matched exactly, so nothing else in the statement is touched.
func withoutEnforced(stmt ast.StmtNode, q string) (string, error) {
	for _, e := range checkExprs(stmt) {
		txt, err := restore(e)
		if err != nil {
			return "", err
		}
		q = strings.ReplaceAll(q, "CHECK("+txt+") ENFORCED", "CHECK("+txt+")")
	}
	return q, nil
}

func checkExprs(stmt ast.StmtNode) []ast.ExprNode {
	cols, cons := drivers.DefinitionsOf(stmt)
	var out []ast.ExprNode
	for _, c := range cols {
		for _, o := range c.Options {
			if o.Tp == ast.ColumnOptionCheck {
				out = append(out, o.Expr)
			}
		}
	}
	for _, c := range cons {
		if c.Tp == ast.ConstraintCheck {
			out = append(out, c.Expr)
		}
	}
	return out
}

// renamer prefixes every database name.
type renamer struct{ prefix string }

func (r *renamer) Enter(n ast.Node) (ast.Node, bool) {
	switch n := n.(type) {
	case *ast.TableName:
		if n.Schema.O != "" {
			n.Schema = ast.NewCIStr(r.prefix + n.Schema.O)
		}
	case *ast.ColumnName:
		if n.Schema.O != "" {
			n.Schema = ast.NewCIStr(r.prefix + n.Schema.O)
		}
	case *ast.FuncCallExpr:
		// The parser names INSERT(s, pos, n, new) insert_func, which it
		// would write back as such.
		if n.FnName.L == ast.InsertFunc {
			n.FnName = ast.NewCIStr("INSERT")
		}
		// CHAR(n, ...) is char_func with its USING charset appended, NULL
		// without one; MariaDB knows no char_func.
		if k := len(n.Args); n.FnName.L == ast.CharFunc && k > 0 {
			if v, ok := n.Args[k-1].(*test_driver.ValueExpr); ok && v.Kind() == test_driver.KindNull {
				n.FnName, n.Args = ast.NewCIStr("CHAR"), n.Args[:k-1]
			}
		}
	case *ast.SelectField:
		// Accept does not visit a field's wildcard.
		if n.WildCard != nil && n.WildCard.Schema.O != "" {
			n.WildCard.Schema = ast.NewCIStr(r.prefix + n.WildCard.Schema.O)
		}
	case *ast.CreateDatabaseStmt:
		n.Name = ast.NewCIStr(r.prefix + n.Name.O)
	case *ast.DropDatabaseStmt:
		n.Name = ast.NewCIStr(r.prefix + n.Name.O)
	case *ast.AlterDatabaseStmt:
		n.Name = ast.NewCIStr(r.prefix + n.Name.O)
	}
	return n, false
}

func (r *renamer) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// stripUnshared removes what the SQLite backend does not apply, so both
// hold the same rows: foreign keys (not enforced on SQLite) and ON UPDATE
// CURRENT_TIMESTAMP (a clock read; the apply engine writes time explicitly).
func stripUnshared(stmt ast.StmtNode) {
	switch s := stmt.(type) {
	case *ast.CreateTableStmt:
		s.Constraints = withoutForeignKeys(s.Constraints)
		stripColumnOptions(s.Cols)
	case *ast.AlterTableStmt:
		var specs []*ast.AlterTableSpec
		for _, spec := range s.Specs {
			if spec.Tp == ast.AlterTableAddConstraint && spec.Constraint != nil && spec.Constraint.Tp == ast.ConstraintForeignKey {
				continue
			}
			stripColumnOptions(spec.NewColumns)
			specs = append(specs, spec)
		}
		if len(specs) == 0 {
			// Keep a valid statement that changes nothing.
			specs = []*ast.AlterTableSpec{{Tp: ast.AlterTableForce}}
		}
		s.Specs = specs
	}
}

func withoutForeignKeys(cons []*ast.Constraint) []*ast.Constraint {
	var out []*ast.Constraint
	for _, c := range cons {
		if c.Tp != ast.ConstraintForeignKey {
			out = append(out, c)
		}
	}
	return out
}

func stripColumnOptions(cols []*ast.ColumnDef) {
	for _, c := range cols {
		var opts []*ast.ColumnOption
		for _, o := range c.Options {
			if o.Tp != ast.ColumnOptionReference && o.Tp != ast.ColumnOptionOnUpdate {
				opts = append(opts, o)
			}
		}
		c.Options = opts
	}
}

// infrastructure are server errors that say nothing about the statement:
// the node halts on them instead of recording them as an outcome.
var infrastructure = map[uint16]bool{
	1021: true, // disk full
	1030: true, // got error from storage engine
	1040: true, // too many connections
	1053: true, // server shutdown
	1114: true, // table is full
	1205: true, // lock wait timeout
	1213: true, // deadlock
	2006: true, // server has gone away
	2013: true, // lost connection
}

// mapError returns server errors as *drivers.Error with logical names.
func (d *Driver) mapError(err error) error {
	var me *gomysql.MySQLError
	if !errors.As(err, &me) || infrastructure[me.Number] {
		return err
	}
	msg := me.Message
	if d.prefix != "" {
		msg = strings.ReplaceAll(msg, d.prefix, "")
	}
	return &drivers.Error{Code: me.Number, State: string(me.SQLState[:]), Message: msg}
}
