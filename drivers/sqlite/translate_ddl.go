package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// index is one index to create next to a table.
type index struct {
	name    string
	unique  bool
	columns []string
}

func notSupported(format string, args ...any) error {
	return drivers.Errorf(drivers.ErNotSupported, "42000", "blocksql on SQLite does not support "+format, args...)
}

func (l *execLog) createTable(ctx context.Context, s *ast.CreateTableStmt) error {
	if s.ReferTable != nil || s.Select != nil {
		return notSupported("CREATE TABLE ... LIKE / AS SELECT")
	}
	phys := physical(s.Table.Schema.O, s.Table.Name.O)
	coll, set, _ := tableCollation(s.Options)
	if !set {
		var err error
		if coll, err = l.databaseDefaultCollation(ctx, s.Table.Schema.O); err != nil {
			return err
		}
	}
	d := newTableDef(phys, s.Cols, s.Constraints, coll)
	for i, c := range s.Cols {
		s.Cols[i] = d.inherit(c)
	}
	def, err := d.text()
	if err != nil {
		return err
	}
	elems, idx, err := tableElems(s.Cols, s.Constraints)
	if err != nil {
		return err
	}
	if err := l.requireDatabase(ctx, s.Table); err != nil {
		return err
	}
	if s.IfNotExists {
		if ok, err := l.tableExists(ctx, phys); err != nil || ok {
			return err
		}
	}
	q := "CREATE TABLE " + tableIdent(s.Table) + " (\n  " + strings.Join(elems, ",\n  ") + "\n)"
	if _, err := l.exec(ctx, q); err != nil {
		return err
	}
	if err := l.saveTableDef(ctx, phys, def); err != nil {
		return err
	}
	return l.createIndexes(ctx, s.Table, idx)
}

// tableElems renders columns and table constraints, and returns the
// indexes MySQL declares inline (KEY, UNIQUE) to create separately.
func tableElems(cols []*ast.ColumnDef, cons []*ast.Constraint) ([]string, []index, error) {
	pk := primaryKey(cols, cons)
	for _, name := range pk {
		if column(cols, name) == nil {
			// The engine's catalog refuses it first; the driver must not
			// crash on it either.
			return nil, nil, drivers.Errorf(1072, "42000", "Key column '%s' doesn't exist in table", name)
		}
	}
	rowid := len(pk) == 1 && isIntType(column(cols, pk[0]).Tp)
	var elems []string
	var idx []index
	taken := map[string]bool{}
	for _, c := range cols {
		name := c.Name.Name.O
		isPK := contains(pk, name)
		sql, err := columnSQL(c, rowid && isPK, isPK)
		if err != nil {
			return nil, nil, err
		}
		elems = append(elems, sql)
		for _, o := range c.Options {
			if o.Tp == ast.ColumnOptionUniqKey {
				idx = append(idx, index{name: uniqueName(taken, name), unique: true, columns: []string{name}})
			}
		}
	}
	if len(pk) > 0 && !rowid {
		elems = append(elems, "PRIMARY KEY ("+quoteList(pk)+")")
	}
	more, moreIdx, err := constraintElems(cons, taken)
	if err != nil {
		return nil, nil, err
	}
	return append(elems, more...), append(idx, moreIdx...), nil
}

// constraintElems renders table-level CHECKs and collects KEY/UNIQUE
// definitions as separate indexes.
func constraintElems(cons []*ast.Constraint, taken map[string]bool) ([]string, []index, error) {
	var elems []string
	var idx []index
	checks := 0
	for _, c := range cons {
		switch c.Tp {
		case ast.ConstraintKey, ast.ConstraintIndex, ast.ConstraintUniq, ast.ConstraintUniqKey, ast.ConstraintUniqIndex:
			ix := constraintIndex(c)
			ix.name = uniqueName(taken, ix.name)
			idx = append(idx, ix)
		case ast.ConstraintCheck:
			chk, err := translateSQL(c.Expr)
			if err != nil {
				return nil, nil, err
			}
			name := c.Name
			if name == "" {
				// MariaDB's name for the n-th unnamed table check.
				checks++
				name = fmt.Sprintf("CONSTRAINT_%d", checks)
			}
			elems = append(elems, "CONSTRAINT "+quoteIdent(chkUser+name)+" CHECK ("+chk+")")
		case ast.ConstraintPrimaryKey, ast.ConstraintForeignKey:
			// PRIMARY KEY handled by tableElems; foreign keys are enforced by no backend.
		default:
			return nil, nil, notSupported("this kind of constraint")
		}
	}
	return elems, idx, nil
}

func primaryKey(cols []*ast.ColumnDef, cons []*ast.Constraint) []string {
	for _, c := range cons {
		if c.Tp == ast.ConstraintPrimaryKey {
			return keyColumns(c.Keys)
		}
	}
	for _, c := range cols {
		for _, o := range c.Options {
			if o.Tp == ast.ColumnOptionPrimaryKey {
				return []string{c.Name.Name.O}
			}
		}
	}
	return nil
}

func constraintIndex(c *ast.Constraint) index {
	cols := keyColumns(c.Keys)
	name := c.Name
	if name == "" {
		name = cols[0]
	}
	unique := c.Tp == ast.ConstraintUniq || c.Tp == ast.ConstraintUniqKey || c.Tp == ast.ConstraintUniqIndex
	return index{name: name, unique: unique, columns: cols}
}

func keyColumns(keys []*ast.IndexPartSpecification) []string {
	var out []string
	for _, k := range keys {
		if k.Column != nil {
			out = append(out, k.Column.Name.O)
		}
	}
	return out
}

// uniqueName names an unnamed key the way MySQL does: after its first
// column, then col_2, col_3 ...
func uniqueName(taken map[string]bool, name string) string {
	n := name
	for i := 2; taken[strings.ToLower(n)]; i++ {
		n = fmt.Sprintf("%s_%d", name, i)
	}
	taken[strings.ToLower(n)] = true
	return n
}

func column(cols []*ast.ColumnDef, name string) *ast.ColumnDef {
	for _, c := range cols {
		if strings.EqualFold(c.Name.Name.O, name) {
			return c
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

func (l *execLog) createIndexes(ctx context.Context, t *ast.TableName, idx []index) error {
	for _, ix := range idx {
		if err := l.createIndexDef(ctx, t, ix); err != nil {
			return err
		}
	}
	return nil
}

func (l *execLog) createIndexDef(ctx context.Context, t *ast.TableName, ix index) error {
	kw := "CREATE INDEX "
	if ix.unique {
		kw = "CREATE UNIQUE INDEX "
	}
	_, err := l.exec(ctx, kw+indexIdent(t, ix.name)+" ON "+tableIdent(t)+" ("+quoteList(ix.columns)+")")
	return err
}

func (l *execLog) createIndex(ctx context.Context, s *ast.CreateIndexStmt) error {
	unique := s.KeyType == ast.IndexKeyTypeUnique
	if s.KeyType != ast.IndexKeyTypeNone && !unique {
		return notSupported("FULLTEXT/SPATIAL indexes")
	}
	return l.createIndexDef(ctx, s.Table, index{name: s.IndexName, unique: unique, columns: keyColumns(s.IndexPartSpecifications)})
}

func (l *execLog) dropIndex(ctx context.Context, s *ast.DropIndexStmt) error {
	q := "DROP INDEX "
	if s.IfExists {
		q += "IF EXISTS "
	}
	_, err := l.exec(ctx, q+indexIdent(s.Table, s.IndexName))
	return err
}

func (l *execLog) tableExists(ctx context.Context, phys string) (bool, error) {
	return l.exists(ctx, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", phys)
}

// dropTable drops the tables only if all of them exist (or IF EXISTS is
// given). MariaDB drops the ones that exist before reporting the others,
// and cannot undo that; both backends instead fail without dropping
// anything (see the mysql driver), so they keep the same tables.
func (l *execLog) dropTable(ctx context.Context, s *ast.DropTableStmt) error {
	var missing []string
	var present []*ast.TableName
	for _, t := range s.Tables {
		ok, err := l.tableExists(ctx, physical(t.Schema.O, t.Name.O))
		if err != nil {
			return err
		}
		if ok {
			present = append(present, t)
		} else {
			missing = append(missing, t.Schema.O+"."+t.Name.O)
		}
	}
	if len(missing) > 0 && !s.IfExists {
		return drivers.Errorf(drivers.ErBadTable, "42S02", "Unknown table '%s'", strings.Join(missing, ","))
	}
	for _, t := range present {
		if _, err := l.exec(ctx, "DROP TABLE "+tableIdent(t)); err != nil {
			return err
		}
		if err := l.forgetTableDefs(ctx, physical(t.Schema.O, t.Name.O)); err != nil {
			return err
		}
	}
	return nil
}

func (l *execLog) tablesOf(ctx context.Context, db string) ([]string, error) {
	return l.objectsOf(ctx, "table", db)
}

// objectsOf lists the physical names of database db's objects of a type
// ("table", "view").
func (l *execLog) objectsOf(ctx context.Context, typ, db string) ([]string, error) {
	return drivers.ScanStrings(l.query(ctx, "SELECT name FROM sqlite_master WHERE type = ?2 AND substr(name, 1, length(?1)) = ?1 ORDER BY name",
		tablePrefix(db), typ))
}

func (l *execLog) renameTables(ctx context.Context, s *ast.RenameTableStmt) error {
	for _, tt := range s.TableToTables {
		if err := l.renameTable(ctx, tt.OldTable, tt.NewTable); err != nil {
			return err
		}
	}
	return nil
}

// renameTable renames the table and its indexes, whose physical names
// carry the table name.
func (l *execLog) renameTable(ctx context.Context, from, to *ast.TableName) error {
	if err := l.requireDatabase(ctx, to); err != nil {
		return err
	}
	if ok, err := l.tableExists(ctx, physical(to.Schema.O, to.Name.O)); err != nil {
		return err
	} else if ok {
		return drivers.Errorf(drivers.ErTableExists, "42S01", "Table '%s' already exists", to.Name.O)
	}
	idx, err := l.indexes(ctx, physical(from.Schema.O, from.Name.O))
	if err != nil {
		return err
	}
	if err := l.renameTo(ctx, tableIdent(from), tableIdent(to)); err != nil {
		return err
	}
	if err := l.renameTableDef(ctx, physical(from.Schema.O, from.Name.O), physical(to.Schema.O, to.Name.O)); err != nil {
		return err
	}
	for _, ix := range idx {
		if _, err := l.exec(ctx, "DROP INDEX "+quoteIdent(physicalIndex(ix.table, ix.name))); err != nil {
			return err
		}
		ix.table = physical(to.Schema.O, to.Name.O)
		if _, err := l.exec(ctx, ix.sql()); err != nil {
			return err
		}
	}
	return nil
}
