package replay

import (
	"strings"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// maxIdentifier is MySQL's limit on a name, in characters.
const maxIdentifier = 64

// checkNames refuses the names MariaDB refuses, before the statement is on
// the chain, so that every backend fails it the same way (SQLite accepts
// any name): a database or table name that is too long or ends in a space
// (1102, 1103), a column name ending in a space (1166), and any other
// name that is too long (1059).
func checkNames(stmt ast.StmtNode) error {
	v := &nameChecker{}
	stmt.Accept(v)
	return v.err
}

type nameChecker struct{ err error }

func (v *nameChecker) Enter(n ast.Node) (ast.Node, bool) {
	if v.err != nil {
		return n, true
	}
	switch x := n.(type) {
	case *ast.TableName:
		v.database(x.Schema.O)
		v.table(x.Name.O)
	case *ast.CreateDatabaseStmt:
		v.database(x.Name.O)
	case *ast.DropDatabaseStmt:
		v.database(x.Name.O)
	case *ast.ColumnDef:
		v.column(x.Name.Name.O)
	case *ast.Constraint:
		v.identifier(x.Name)
	case *ast.CreateIndexStmt:
		v.identifier(x.IndexName)
	case *ast.AlterTableSpec:
		if x.NewColumnName != nil {
			v.column(x.NewColumnName.Name.O)
		}
	}
	return n, false
}

func (v *nameChecker) Leave(n ast.Node) (ast.Node, bool) { return n, v.err == nil }

func (v *nameChecker) database(name string) {
	if name != "" && (tooLong(name) || strings.HasSuffix(name, " ")) {
		v.fail(drivers.Errorf(drivers.ErWrongDBName, "42000", "Incorrect database name '%s'", name))
	}
}

func (v *nameChecker) table(name string) {
	if tooLong(name) || strings.HasSuffix(name, " ") {
		v.fail(drivers.Errorf(drivers.ErWrongTableName, "42000", "Incorrect table name '%s'", name))
	}
}

func (v *nameChecker) column(name string) {
	v.identifier(name)
	if strings.HasSuffix(name, " ") {
		v.fail(drivers.Errorf(drivers.ErWrongColumnName, "42000", "Incorrect column name '%s'", name))
	}
}

func (v *nameChecker) identifier(name string) {
	if tooLong(name) {
		v.fail(drivers.Errorf(drivers.ErTooLongIdent, "42000", "Identifier name '%s' is too long", name))
	}
}

func (v *nameChecker) fail(err error) {
	if v.err == nil {
		v.err = err
	}
}

func tooLong(name string) bool { return utf8.RuneCountInString(name) > maxIdentifier }
