package sqlite

import (
	"context"
	"slices"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
)

func (l *execLog) alterTable(ctx context.Context, s *ast.AlterTableStmt) error {
	t := s.Table
	for _, spec := range s.Specs {
		next, err := l.alterSpec(ctx, t, spec)
		if err != nil {
			return err
		}
		t = next
	}
	return nil
}

// alterSpec applies one ALTER TABLE clause and returns the table's name
// afterwards (RENAME TO changes it for the clauses that follow).
func (l *execLog) alterSpec(ctx context.Context, t *ast.TableName, spec *ast.AlterTableSpec) (*ast.TableName, error) {
	switch spec.Tp {
	case ast.AlterTableOption:
		if _, set, _ := tableCollation(spec.Options); set {
			return t, l.alterCollation(ctx, t, spec.Options)
		}
		return t, nil
	case ast.AlterTableLock, ast.AlterTableAlgorithm, ast.AlterTableForce,
		ast.AlterTableEnableKeys, ast.AlterTableDisableKeys: // InnoDB ignores these too (dumps send them)
		return t, nil
	case ast.AlterTableRenameTable:
		return spec.NewTable, l.renameTable(ctx, t, spec.NewTable)
	case ast.AlterTableAddConstraint:
		return t, l.addConstraint(ctx, t, spec.Constraint)
	case ast.AlterTableDropIndex:
		_, err := l.exec(ctx, "DROP INDEX "+indexIdent(t, spec.Name))
		return t, err
	case ast.AlterTableRenameIndex:
		return t, l.renameIndex(ctx, t, spec.FromKey.O, spec.ToKey.O)
	}
	def, err := l.loadTableDef(ctx, t)
	if err != nil {
		return t, err
	}
	p := newPlan(def)
	switch spec.Tp {
	case ast.AlterTableAddColumns:
		err = addColumns(def, p, spec)
	case ast.AlterTableDropColumn:
		err = dropColumn(def, p, spec.OldColumnName.Name.O)
	case ast.AlterTableModifyColumn, ast.AlterTableChangeColumn:
		old := spec.NewColumns[0].Name.Name.O
		if spec.OldColumnName != nil {
			old = spec.OldColumnName.Name.O
		}
		err = changeColumn(def, p, old, spec.NewColumns[0], spec.Position)
	case ast.AlterTableRenameColumn:
		err = renameColumn(def, p, spec.OldColumnName.Name.O, spec.NewColumnName.Name.O)
	case ast.AlterTableDropPrimaryKey:
		if !def.dropPrimaryKey() {
			err = drivers.Errorf(drivers.ErCantDropKey, "42000", "Can't DROP INDEX `PRIMARY`; check that it exists")
		}
	default:
		return t, notSupported("this ALTER TABLE clause")
	}
	if err != nil {
		return t, err
	}
	return t, l.rebuild(ctx, def, p)
}

func (l *execLog) addConstraint(ctx context.Context, t *ast.TableName, c *ast.Constraint) error {
	switch c.Tp {
	case ast.ConstraintForeignKey:
		return nil
	case ast.ConstraintPrimaryKey:
		def, err := l.loadTableDef(ctx, t)
		if err != nil {
			return err
		}
		if def.primaryKey() != nil {
			return drivers.Errorf(drivers.ErMultiplePK, "42000", "Multiple primary key defined")
		}
		def.cons = append(def.cons, c)
		return l.rebuild(ctx, def, newPlan(def))
	case ast.ConstraintCheck:
		return notSupported("ADD CHECK")
	}
	existing, err := l.indexes(ctx, physical(t.Schema.O, t.Name.O))
	if err != nil {
		return err
	}
	taken := map[string]bool{}
	for _, ix := range existing {
		taken[strings.ToLower(ix.name)] = true
	}
	ix := constraintIndex(c)
	if c.Name == "" {
		ix.name = uniqueName(taken, ix.name)
	}
	return l.createIndexDef(ctx, t, ix)
}

func (l *execLog) renameIndex(ctx context.Context, t *ast.TableName, from, to string) error {
	idx, err := l.indexes(ctx, physical(t.Schema.O, t.Name.O))
	if err != nil {
		return err
	}
	for _, ix := range idx {
		if strings.EqualFold(ix.name, from) {
			if _, err := l.exec(ctx, "DROP INDEX "+indexIdent(t, ix.name)); err != nil {
				return err
			}
			ix.name = to
			_, err := l.exec(ctx, ix.sql())
			return err
		}
	}
	return drivers.Errorf(drivers.ErCantDropKey, "42000", "Key '%s' doesn't exist in table '%s'", from, t.Name.O)
}

// alterCollation applies ALTER TABLE … COLLATE= (the default of columns
// added or redefined later) or CONVERT TO … COLLATE (every text column's
// now) to table t.
func (l *execLog) alterCollation(ctx context.Context, t *ast.TableName, opts []*ast.TableOption) error {
	def, err := l.loadTableDef(ctx, t)
	if err != nil {
		return err
	}
	coll, _, convert := tableCollation(opts)
	if def.setTableCollation(coll, convert) {
		return l.rebuild(ctx, def, newPlan(def))
	}
	txt, err := def.text()
	if err != nil {
		return err
	}
	return l.saveTableDef(ctx, def.phys, txt)
}

func addColumns(def *tableDef, p *rebuildPlan, spec *ast.AlterTableSpec) error {
	for _, c := range spec.NewColumns {
		c = def.inherit(c)
		name := c.Name.Name.O
		if def.columnIndex(name) >= 0 {
			return drivers.Errorf(drivers.ErDupFieldName, "42S21", "Duplicate column name '%s'", name)
		}
		if def.primaryKey() != nil && hasPrimaryKeyOption(c) {
			return drivers.Errorf(drivers.ErMultiplePK, "42000", "Multiple primary key defined")
		}
		c = def.liftPrimaryKey(c)
		if err := insertColumn(def, c, spec.Position); err != nil {
			return err
		}
		if d := implicitDefault(c); d != "" {
			p.copy = append(p.copy, [2]string{name, d})
		}
	}
	return nil
}

// implicitDefault is the value MySQL gives existing rows for a new NOT
// NULL column without DEFAULT ("" when the declared default applies).
func implicitDefault(c *ast.ColumnDef) string {
	notNull := false
	for _, o := range c.Options {
		switch o.Tp {
		case ast.ColumnOptionDefaultValue, ast.ColumnOptionGenerated:
			return ""
		case ast.ColumnOptionNotNull, ast.ColumnOptionPrimaryKey:
			notNull = true
		}
	}
	if !notNull {
		return ""
	}
	switch c.Tp.GetType() {
	case mysql.TypeEnum:
		if elems := c.Tp.GetElems(); len(elems) > 0 {
			return sqlString(elems[0]) // its first member, as MariaDB
		}
	case mysql.TypeDate:
		return "'0000-00-00'"
	case mysql.TypeDatetime, mysql.TypeTimestamp:
		return "'" + zeroDatetime(int64(max(c.Tp.GetDecimal(), 0))) + "'"
	}
	if isTextType(c.Tp) || c.Tp.GetType() == mysql.TypeBlob || c.Tp.GetType() == mysql.TypeVarchar {
		return "''"
	}
	return "0"
}

// insertColumn places a column where FIRST / AFTER c says, else after
// the last column.
func insertColumn(def *tableDef, c *ast.ColumnDef, pos *ast.ColumnPosition) error {
	at := len(def.cols)
	if pos != nil {
		switch pos.Tp {
		case ast.ColumnPositionFirst:
			at = 0
		case ast.ColumnPositionAfter:
			i := def.columnIndex(pos.RelativeColumn.Name.O)
			if i < 0 {
				return drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in '%s'", pos.RelativeColumn.Name.O, def.phys)
			}
			at = i + 1
		}
	}
	def.cols = slices.Insert(def.cols, at, c)
	return nil
}

func dropColumn(def *tableDef, p *rebuildPlan, name string) error {
	i := def.columnIndex(name)
	if i < 0 {
		return drivers.Errorf(drivers.ErCantDropField, "42000", "Can't DROP COLUMN `%s`; check that it exists", name)
	}
	def.cols = slices.Delete(def.cols, i, i+1)
	def.dropRefs(name)
	p.dropped[strings.ToLower(name)] = true
	p.copy = slices.DeleteFunc(p.copy, func(c [2]string) bool { return strings.EqualFold(c[0], name) })
	return nil
}

func changeColumn(def *tableDef, p *rebuildPlan, old string, c *ast.ColumnDef, pos *ast.ColumnPosition) error {
	i := def.columnIndex(old)
	if i < 0 {
		return drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in '%s'", old, def.phys)
	}
	if def.primaryKey() != nil && hasPrimaryKeyOption(c) {
		return drivers.Errorf(drivers.ErMultiplePK, "42000", "Multiple primary key defined")
	}
	c = def.liftPrimaryKey(def.inherit(c))
	def.cols[i] = c
	if pos != nil && pos.Tp != ast.ColumnPositionNone {
		def.cols = slices.Delete(def.cols, i, i+1)
		if err := insertColumn(def, c, pos); err != nil {
			return err
		}
	}
	return renamePlan(def, p, old, c.Name.Name.O)
}

func hasPrimaryKeyOption(c *ast.ColumnDef) bool {
	for _, o := range c.Options {
		if o.Tp == ast.ColumnOptionPrimaryKey {
			return true
		}
	}
	return false
}

func renameColumn(def *tableDef, p *rebuildPlan, old, name string) error {
	i := def.columnIndex(old)
	if i < 0 {
		return drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in '%s'", old, def.phys)
	}
	c := *def.cols[i]
	c.Name = &ast.ColumnName{Name: ast.NewCIStr(name)}
	def.cols[i] = &c
	return renamePlan(def, p, old, name)
}

// renamePlan records a column rename for the copy, the indexes, the key
// and the CHECK constraints.
func renamePlan(def *tableDef, p *rebuildPlan, old, name string) error {
	if strings.EqualFold(old, name) {
		return nil
	}
	if n := len(def.columns()); n != len(dedupFold(def.columns())) {
		return drivers.Errorf(drivers.ErDupFieldName, "42S21", "Duplicate column name '%s'", name)
	}
	p.renamed[strings.ToLower(old)] = name
	for k := range p.copy {
		if strings.EqualFold(p.copy[k][0], old) {
			p.copy[k][0] = name
		}
	}
	def.renameRefs(old, name)
	return nil
}

func dedupFold(names []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[strings.ToLower(n)] = true
	}
	return m
}
