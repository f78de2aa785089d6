package replay

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/drivers"
)

func (s *schema) alterTable(x *ast.AlterTableStmt) error {
	t, err := s.mustTable(x.Table)
	if err != nil {
		return err
	}
	n := t.copy()
	for _, spec := range x.Specs {
		if spec.Tp == ast.AlterTableRenameTable {
			delete(s.tables, tableKey(n.DB, n.Name))
			if err := s.mustDB(spec.NewTable.Schema.O); err != nil {
				return err
			}
			if s.exists(spec.NewTable.Schema.O, spec.NewTable.Name.O) {
				return drivers.Errorf(drivers.ErTableExists, "42S01", "Table '%s' already exists", spec.NewTable.Name.O)
			}
			n.DB, n.Name = spec.NewTable.Schema.O, spec.NewTable.Name.O
			continue
		}
		if err := n.alter(spec); err != nil {
			return err
		}
	}
	if n.AutoIncColumn() != nil && n.AutoIncrement == 0 {
		n.AutoIncrement = 1
	}
	s.put(n)
	return nil
}

func (t *TableDef) alter(spec *ast.AlterTableSpec) error {
	switch spec.Tp {
	case ast.AlterTableAddColumns:
		for _, c := range spec.NewColumns {
			if err := t.addColumn(c, spec.Position); err != nil {
				return err
			}
		}
		for _, c := range spec.NewConstraints {
			if err := t.addConstraint(c); err != nil {
				return err
			}
		}
	case ast.AlterTableAddConstraint:
		return t.addConstraint(spec.Constraint)
	case ast.AlterTableDropColumn:
		return t.dropColumn(spec.OldColumnName.Name.O, spec.IfExists)
	case ast.AlterTableDropIndex:
		if !t.dropIndex(spec.Name) && !spec.IfExists {
			return drivers.Errorf(drivers.ErCantDropKey, "42000", "Can't DROP INDEX `%s`; check that it exists", spec.Name)
		}
	case ast.AlterTableDropPrimaryKey:
		if len(t.PrimaryKey) == 0 {
			return drivers.Errorf(drivers.ErCantDropKey, "42000", "Can't DROP INDEX `PRIMARY`; check that it exists")
		}
		t.PrimaryKey = nil
	case ast.AlterTableModifyColumn, ast.AlterTableChangeColumn:
		old := spec.NewColumns[0].Name.Name.O
		if spec.OldColumnName != nil {
			old = spec.OldColumnName.Name.O
		}
		return t.replaceColumn(old, spec.NewColumns[0], spec.Position)
	case ast.AlterTableRenameColumn:
		return t.renameColumn(spec.OldColumnName.Name.O, spec.NewColumnName.Name.O)
	case ast.AlterTableRenameIndex:
		i := t.indexNamed(spec.FromKey.O)
		if i < 0 {
			return drivers.Errorf(1176, "42000", "Key '%s' doesn't exist in table '%s'", spec.FromKey.O, t.Name)
		}
		t.Indexes[i].Name = spec.ToKey.O
	case ast.AlterTableOption:
		// AUTO_INCREMENT = n moves the counter up to n; InnoDB also moves
		// it down to n when every id at or above n is gone, which the
		// catalog, holding no rows, cannot tell: it stays.
		if t.AutoIncColumn() != nil {
			t.AutoIncrement = max(t.AutoIncrement, autoIncOption(spec.Options, 0))
		}
	case ast.AlterTableLock, ast.AlterTableAlgorithm, ast.AlterTableForce,
		ast.AlterTableEnableKeys, ast.AlterTableDisableKeys: // InnoDB ignores these too (dumps send them)
	default:
		return drivers.Errorf(drivers.ErNotSupported, "42000", "blocksql: this ALTER TABLE clause is not supported")
	}
	return nil
}

func (t *TableDef) dropColumn(name string, ifExists bool) error {
	i := t.columnIndex(name)
	if i < 0 {
		if ifExists {
			return nil
		}
		return drivers.Errorf(drivers.ErCantDropField, "42000", "Can't DROP COLUMN `%s`; check that it exists", name)
	}
	t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
	t.PrimaryKey = without(t.PrimaryKey, name)
	kept := t.Indexes[:0]
	for _, ix := range t.Indexes {
		if ix.Columns = without(ix.Columns, name); len(ix.Columns) > 0 {
			kept = append(kept, ix)
		}
	}
	t.Indexes = kept
	return nil
}

func (t *TableDef) replaceColumn(old string, c *ast.ColumnDef, pos *ast.ColumnPosition) error {
	i := t.columnIndex(old)
	if i < 0 {
		return drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in '%s'", old, t.Name)
	}
	saved := t.Columns[i]
	if timeToDate(saved.Type, c) {
		return drivers.Errorf(drivers.ErNotSupported, "42000",
			"blocksql: a TIME column made a DATE, DATETIME or TIMESTAMP takes the date of the day the node converts it, which differs between nodes; add a new column and set it from the TIME instead")
	}
	t.Columns = append(t.Columns[:i], t.Columns[i+1:]...)
	if pos == nil || pos.Tp == ast.ColumnPositionNone {
		pos = positionAt(t.Columns, i)
	}
	if err := t.addColumn(c, pos); err != nil {
		t.insertColumn(saved, positionAt(t.Columns, i))
		return err
	}
	t.renameRefs(old, c.Name.Name.O)
	return nil
}

// timeToDate tells whether column c replaces a TIME column of type old
// with a type holding a date: MariaDB dates each value today.
func timeToDate(old string, c *ast.ColumnDef) bool {
	if base, _ := splitType(old); base != "time" {
		return false
	}
	switch c.Tp.GetType() {
	case mysql.TypeDate, mysql.TypeDatetime, mysql.TypeTimestamp, mysql.TypeNewDate:
		return true
	}
	return false
}

func positionAt(cols []ColumnDef, i int) *ast.ColumnPosition {
	if i == 0 {
		return &ast.ColumnPosition{Tp: ast.ColumnPositionFirst}
	}
	return &ast.ColumnPosition{Tp: ast.ColumnPositionAfter, RelativeColumn: &ast.ColumnName{Name: ast.NewCIStr(cols[i-1].Name)}}
}

func (t *TableDef) renameColumn(old, name string) error {
	i := t.columnIndex(old)
	if i < 0 {
		return drivers.Errorf(drivers.ErBadField, "42S22", "Unknown column '%s' in '%s'", old, t.Name)
	}
	if !strings.EqualFold(old, name) && t.Column(name) != nil {
		return drivers.Errorf(drivers.ErDupFieldName, "42S21", "Duplicate column name '%s'", name)
	}
	t.Columns[i].Name = name
	t.renameRefs(old, name)
	return nil
}

func (t *TableDef) renameRefs(old, name string) {
	for i, c := range t.PrimaryKey {
		if strings.EqualFold(c, old) {
			t.PrimaryKey[i] = name
		}
	}
	for i := range t.Indexes {
		cols := append([]string(nil), t.Indexes[i].Columns...)
		for j, c := range cols {
			if strings.EqualFold(c, old) {
				cols[j] = name
			}
		}
		t.Indexes[i].Columns = cols
	}
}

func (t *TableDef) columnIndex(name string) int {
	for i, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return i
		}
	}
	return -1
}

func without(list []string, name string) []string {
	var out []string
	for _, v := range list {
		if !strings.EqualFold(v, name) {
			out = append(out, v)
		}
	}
	return out
}

// showCreate renders the definition the way SHOW CREATE TABLE prints it.
func showCreate(t *TableDef) string {
	var lines []string
	for _, c := range t.Columns {
		lines = append(lines, "  "+columnSQL(c))
	}
	if len(t.PrimaryKey) > 0 {
		lines = append(lines, "  PRIMARY KEY ("+quoteList(t.PrimaryKey)+")")
	}
	for _, ix := range t.Indexes {
		kind := "KEY"
		if ix.Unique {
			kind = "UNIQUE KEY"
		}
		lines = append(lines, fmt.Sprintf("  %s `%s` (%s)", kind, ix.Name, quoteList(ix.Columns)))
	}
	opts := ") ENGINE=InnoDB"
	if t.AutoIncrement > 1 {
		opts += fmt.Sprintf(" AUTO_INCREMENT=%d", t.AutoIncrement)
	}
	return fmt.Sprintf("CREATE TABLE `%s` (\n%s\n%s DEFAULT CHARSET=utf8mb4", t.Name, strings.Join(lines, ",\n"), opts)
}

func columnSQL(c ColumnDef) string {
	// A YEAR declared without a width is kept as year(-1) (the parser's
	// unspecified length), which no parser takes back.
	s := "`" + c.Name + "` " + strings.Replace(c.Type, "(-1)", "", 1)
	if c.Unsigned && !strings.Contains(c.Type, "unsigned") {
		s += " unsigned"
	}
	if !c.Nullable {
		s += " NOT NULL"
	}
	switch {
	case c.AutoInc:
		s += " AUTO_INCREMENT"
	case c.Default != nil && c.DefaultNow:
		s += " DEFAULT " + *c.Default
	case c.Default != nil:
		s += " DEFAULT '" + strings.ReplaceAll(*c.Default, "'", "''") + "'"
	case c.Nullable:
		s += " DEFAULT NULL"
	}
	if c.OnUpdateNow {
		s += " ON UPDATE current_timestamp()"
	}
	return s
}

func quoteList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = "`" + c + "`"
	}
	return strings.Join(q, ",")
}
