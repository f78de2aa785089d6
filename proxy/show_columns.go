package proxy

import (
	"context"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

var (
	columnsColumns     = []string{"Field", "Type", "Null", "Key", "Default", "Extra"}
	fullColumnsColumns = []string{"Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges", "Comment"}
)

// showColumns answers SHOW [FULL] COLUMNS, DESCRIBE and DESC.
func (s *Session) showColumns(ctx context.Context, sh *ast.ShowStmt) (*Result, error) {
	db, err := s.showDB(sh)
	if err != nil {
		return nil, err
	}
	var cols []replay.ColumnDef
	var t *replay.TableDef
	if strings.EqualFold(db, drivers.Schema) {
		cols, err = s.internalColumns(ctx, sh.Table.Name.O)
	} else {
		t, err = s.table(sh)
		if t != nil {
			cols = t.Columns
		}
	}
	if err != nil {
		return nil, err
	}
	rows := make([][]any, 0, len(cols))
	for _, c := range cols {
		if sh.Column != nil && !strings.EqualFold(sh.Column.Name.O, c.Name) {
			continue
		}
		rows = append(rows, columnRow(t, c, sh.Full))
	}
	if sh.Full {
		return textResult(fullColumnsColumns, rows), nil
	}
	return textResult(columnsColumns, rows), nil
}

func columnRow(t *replay.TableDef, c replay.ColumnDef, full bool) []any {
	typ := c.Type
	if c.Unsigned && !strings.Contains(strings.ToLower(typ), "unsigned") {
		typ += " unsigned"
	}
	null := "NO"
	if c.Nullable {
		null = "YES"
	}
	var def any
	if c.Default != nil {
		def = *c.Default
	}
	extra := ""
	if c.AutoInc {
		extra = "auto_increment"
	}
	if c.OnUpdateNow {
		extra = "on update current_timestamp()"
	}
	key := columnKey(t, c.Name)
	if !full {
		return []any{c.Name, typ, null, key, def, extra}
	}
	return []any{c.Name, typ, collationOf(typ), null, key, def, extra, "select,insert,update,references", ""}
}

// collationOf is NULL for non-text columns, as in MySQL.
func collationOf(typ string) any {
	base, _, _ := splitType(typ)
	info, ok := declaredTypes[base]
	if !ok || info.binary {
		return nil
	}
	return defaultCollate
}

// columnKey is DESCRIBE's Key: PRI, UNI for a one-column unique key, MUL
// for the first column of any other key.
func columnKey(t *replay.TableDef, col string) string {
	if t == nil {
		return ""
	}
	if containsFold(t.PrimaryKey, col) {
		return "PRI"
	}
	for _, ix := range t.Indexes {
		if ix.Unique && len(ix.Columns) == 1 && strings.EqualFold(ix.Columns[0], col) {
			return "UNI"
		}
	}
	for _, ix := range t.Indexes {
		if len(ix.Columns) > 0 && strings.EqualFold(ix.Columns[0], col) {
			return "MUL"
		}
	}
	return ""
}

// internalColumns describes an operation log table from the local
// database: those tables are not in the user catalog.
func (s *Session) internalColumns(ctx context.Context, table string) ([]replay.ColumnDef, error) {
	if !containsFold(internalTables, table) {
		return nil, drivers.Errorf(drivers.ErNoSuchTable, "42S02", "Table '%s.%s' doesn't exist", drivers.Schema, table)
	}
	stmt, err := s.parseOne("SELECT * FROM `" + drivers.Schema + "`.`" + strings.ToLower(table) + "` LIMIT 0")
	if err != nil {
		return nil, err
	}
	res, err := s.query(ctx, stmt)
	if err != nil {
		return nil, err
	}
	cols := make([]replay.ColumnDef, len(res.Columns))
	for i, c := range res.Columns {
		cols[i] = replay.ColumnDef{Name: c.Name, Type: typeName(c), Nullable: true}
	}
	return cols, nil
}

// typeName prints a result column's type the way SHOW COLUMNS does.
func typeName(c Column) string {
	switch c.Type {
	case mysql.TypeLonglong:
		return "bigint(20)"
	case mysql.TypeLong:
		return "int(11)"
	case mysql.TypeDouble:
		return "double"
	case mysql.TypeDatetime, mysql.TypeTimestamp:
		return "datetime"
	case mysql.TypeBlob:
		if c.Binary {
			return "blob"
		}
		return "text"
	}
	return "varchar(255)"
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

var indexColumns = []string{"Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name", "Collation",
	"Cardinality", "Sub_part", "Packed", "Null", "Index_type", "Comment", "Index_comment", "Visible", "Expression"}

// showIndex lists the primary key and the other keys, one row per column.
func (s *Session) showIndex(_ context.Context, sh *ast.ShowStmt) (*Result, error) {
	t, err := s.table(sh)
	if err != nil {
		return nil, err
	}
	var rows [][]any
	add := func(unique bool, name string, cols []string) {
		for i, c := range cols {
			rows = append(rows, indexRow(t, unique, name, i+1, c))
		}
	}
	if len(t.PrimaryKey) > 0 {
		add(true, "PRIMARY", t.PrimaryKey)
	}
	for _, ix := range t.Indexes {
		add(ix.Unique, ix.Name, ix.Columns)
	}
	return textResult(indexColumns, rows), nil
}

func indexRow(t *replay.TableDef, unique bool, name string, seq int, col string) []any {
	nonUnique, null := int64(1), ""
	if unique {
		nonUnique = 0
	}
	if c := t.Column(col); c != nil && c.Nullable {
		null = "YES"
	}
	return []any{t.Name, nonUnique, name, int64(seq), col, "A", int64(0), nil, nil, null, "BTREE", "", "", "YES", nil}
}
