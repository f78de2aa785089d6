package drivers

import (
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// CheckSupported refuses, with ErNotSupported, the statements and clauses
// that not every backend applies the same way, and with MariaDB's error
// the ones another backend would take that MariaDB refuses (a table
// without columns). Drivers call it before executing a write so all
// backends fail such a statement identically; the proxy can call it to
// refuse the statement before it reaches the chain.
func CheckSupported(stmt ast.StmtNode) error {
	switch s := stmt.(type) {
	case *ast.InsertStmt:
		return checkInsert(s)
	case *ast.UpdateStmt:
		if s.MultipleTable || s.TableRefs == nil || s.TableRefs.TableRefs.Right != nil {
			return notSupported("multi-table UPDATE")
		}
		return CheckAssignments(s.List)
	case *ast.DeleteStmt:
		if s.IsMultiTable {
			return notSupported("multi-table DELETE")
		}
	case *ast.CreateTableStmt:
		if s.ReferTable != nil || s.Select != nil {
			return notSupported("CREATE TABLE ... LIKE / AS SELECT")
		}
		if len(s.Cols) == 0 {
			return Errorf(ErTableMustHaveColumns, "42000", "A table must have at least 1 column")
		}
		if s.TemporaryKeyword != ast.TemporaryNone {
			return notSupported("temporary tables")
		}
		for _, c := range s.Constraints {
			if !sharedConstraint[c.Tp] {
				return notSupported("this kind of index or constraint")
			}
		}
	case *ast.AlterTableStmt:
		return checkAlter(s)
	case *ast.CreateIndexStmt:
		if s.KeyType != ast.IndexKeyTypeNone && s.KeyType != ast.IndexKeyTypeUnique {
			return notSupported("FULLTEXT/SPATIAL indexes")
		}
	case *ast.CreateDatabaseStmt, *ast.DropDatabaseStmt, *ast.TruncateTableStmt,
		*ast.RenameTableStmt, *ast.DropIndexStmt, *ast.DropTableStmt, *ast.CreateViewStmt:
	default:
		return notSupported("this statement as a write")
	}
	return nil
}

func notSupported(what string) *Error {
	return Errorf(ErNotSupported, "42000", "blocksql does not support %s", what)
}

// checkInsert refuses DEFAULT in VALUES: the apply engine writes each one
// as its column's default before a driver sees the statement (replay's
// insertFill.fillDefaults), so a driver never has to.
func checkInsert(s *ast.InsertStmt) error {
	for _, row := range s.Lists {
		for _, e := range row {
			if _, ok := e.(*ast.DefaultExpr); ok {
				return notSupported("DEFAULT in VALUES")
			}
		}
	}
	return CheckAssignments(s.OnDuplicate)
}

// CheckAssignments refuses SET c = DEFAULT (an UPDATE's, an ON DUPLICATE
// KEY UPDATE's), which SQLite cannot parse: the apply engine writes each
// one as its column's default before a driver sees it (replay's
// txApply.setDefaults), so a driver never has to.
func CheckAssignments(list []*ast.Assignment) error {
	for _, a := range list {
		if _, ok := a.Expr.(*ast.DefaultExpr); ok {
			return notSupported("DEFAULT as the value of " + a.Column.Name.O)
		}
	}
	return nil
}

// alterSupported are the ALTER TABLE clauses every backend applies.
var alterSupported = map[ast.AlterTableType]bool{
	ast.AlterTableOption: true, ast.AlterTableLock: true, ast.AlterTableAlgorithm: true, ast.AlterTableForce: true,
	ast.AlterTableRenameTable: true, ast.AlterTableAddConstraint: true, ast.AlterTableDropIndex: true,
	ast.AlterTableRenameIndex: true, ast.AlterTableAddColumns: true, ast.AlterTableDropColumn: true,
	ast.AlterTableModifyColumn: true, ast.AlterTableChangeColumn: true, ast.AlterTableRenameColumn: true,
	ast.AlterTableDropPrimaryKey: true, ast.AlterTableEnableKeys: true, ast.AlterTableDisableKeys: true,
}

// sharedConstraint are the CREATE TABLE constraints every backend applies
// (foreign keys are accepted and enforced by none).
var sharedConstraint = map[ast.ConstraintType]bool{
	ast.ConstraintPrimaryKey: true, ast.ConstraintKey: true, ast.ConstraintIndex: true,
	ast.ConstraintUniq: true, ast.ConstraintUniqKey: true, ast.ConstraintUniqIndex: true,
	ast.ConstraintForeignKey: true, ast.ConstraintCheck: true,
}

func checkAlter(s *ast.AlterTableStmt) error {
	for _, spec := range s.Specs {
		if !alterSupported[spec.Tp] {
			return notSupported("this ALTER TABLE clause")
		}
		if spec.Tp == ast.AlterTableAddConstraint && spec.Constraint != nil {
			switch spec.Constraint.Tp {
			case ast.ConstraintCheck, ast.ConstraintFulltext, ast.ConstraintVector, ast.ConstraintColumnar:
				return notSupported("this ALTER TABLE ADD constraint")
			}
		}
	}
	return nil
}
