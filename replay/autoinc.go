package replay

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/drivers"
)

// insertFill makes an INSERT/REPLACE carry every value a database would
// otherwise invent: AUTO_INCREMENT ids (assigned from the engine's counter,
// identically on every backend) and DEFAULT CURRENT_TIMESTAMP (the block
// time). It returns the id to report as the last insert id.
type insertFill struct {
	table     *TableDef
	blockTime time.Time
	next      uint64 // the table's counter, advanced as ids are used
	lastID    uint64
	// explicit is the last id given explicitly: MariaDB reports the last
	// row's when a statement generates none.
	explicit uint64
	// lookup finds a table read by INSERT ... SELECT (autoinc_select.go).
	lookup func(db, name string) *TableDef
	// selectIDs is set when the database numbers selected rows.
	selectIDs bool
	// start, when set, is the first id to generate: the id an interactive
	// transaction's client was already told (see validate.go).
	start uint64
	// first is the first id generated, 0 if none.
	first uint64
	// generated lists the ids generated, in row order; lastRow is the
	// last row's id, generated or given. INSERT IGNORE and ON DUPLICATE
	// KEY UPDATE report from them (insertID).
	generated []uint64
	lastRow   uint64
	// explicit ids given in the rows, and genNext the counter after the
	// generated ids alone: a row of INSERT IGNORE or ON DUPLICATE KEY
	// UPDATE that is not inserted does not move the counter with its
	// given id (storedNext).
	explicitIDs []uint64
	genNext     uint64
	// overflow names the AUTO_INCREMENT column when the first id past
	// its type's range is one the engine generated ("-" when it was given).
	overflow string
	// skipped counts the rows INSERT IGNORE left out for a generated id
	// past the range.
	skipped int
}

// outOfRange turns the database's 1264 for a generated id past the
// column's range into MariaDB's answer, 167: the rows before it were
// checked first, as MariaDB checks them in order (INSERT IGNORE clips the
// id and skips the row instead).
func (f *insertFill) outOfRange(err error) error {
	var e *drivers.Error
	if f.overflow == "" || f.overflow == "-" || !errors.As(err, &e) || e.Code != drivers.ErWarnDataOutOfRange ||
		!strings.Contains(e.Message, "column '"+f.overflow+"'") {
		return err
	}
	return drivers.Errorf(ErAutoIncOutOfRange, "22003", "%s", e.Message)
}

func (f *insertFill) apply(ins *ast.InsertStmt) error {
	auto := f.table.AutoIncColumn()
	nows := f.defaultNowColumns()
	if ins.Select != nil {
		if auto == nil && len(nows) == 0 {
			return nil
		}
		return f.fillSelect(ins, auto, nows)
	}
	if auto == nil && len(nows) == 0 {
		return f.fillDefaults(ins)
	}
	if err := f.explicitColumns(ins); err != nil {
		return err
	}
	if auto != nil {
		if err := f.fillAuto(ins, auto.Name); err != nil {
			return err
		}
	}
	var now ast.ExprNode
	if len(nows) > 0 {
		now = stringExpr(blockDatetime(f.blockTime))
	}
	for _, c := range nows {
		i := ensureColumn(ins, c)
		for _, row := range ins.Lists {
			if _, ok := row[i].(*ast.DefaultExpr); ok || row[i] == nil {
				row[i] = now
			}
		}
	}
	return f.fillDefaults(ins)
}

// fillDefaults writes each DEFAULT left in the rows (not the
// AUTO_INCREMENT column's, not a DEFAULT CURRENT_TIMESTAMP one's, filled
// before) as its column's default from the catalog: NULL for a column
// without one, MariaDB's 1364 for a NOT NULL column without one. SQLite
// has no DEFAULT in VALUES. A default the engine cannot write as a
// literal every backend reads alike (a BIT's, a binary or JSON column's,
// one holding a quote) is refused before the chain.
func (f *insertFill) fillDefaults(ins *ast.InsertStmt) error {
	has := false
	for _, row := range ins.Lists {
		for _, e := range row {
			if _, ok := e.(*ast.DefaultExpr); ok {
				has = true
			}
		}
	}
	if !has {
		return nil
	}
	if err := f.explicitColumns(ins); err != nil {
		return err
	}
	for _, row := range ins.Lists {
		for i, e := range row {
			if _, ok := e.(*ast.DefaultExpr); !ok || i >= len(ins.Columns) {
				continue
			}
			c := f.table.Column(ins.Columns[i].Name.O)
			if c == nil {
				continue // the database reports the unknown column
			}
			v, err := defaultLiteral(c)
			if err != nil {
				return err
			}
			row[i] = v
		}
	}
	return nil
}

// defaultLiteral is column c's default as a literal.
func defaultLiteral(c *ColumnDef) (ast.ExprNode, error) {
	if c.Default == nil {
		if !c.Nullable {
			return nil, drivers.Errorf(1364, "HY000", "Field '%s' doesn't have a default value", c.Name)
		}
		return ast.NewValueExpr(nil, "", ""), nil
	}
	base, _ := splitType(c.Type)
	dflt := *c.Default
	switch {
	case strings.ContainsAny(dflt, "'\\"):
	case intBits[base] > 0 || base == "bigint" || base == "decimal" || base == "float" || base == "double":
		switch strings.ToUpper(dflt) {
		case "TRUE": // a BOOLEAN's DEFAULT TRUE
			dflt = "1"
		case "FALSE":
			dflt = "0"
		}
		if _, err := strconv.ParseFloat(dflt, 64); err == nil {
			return stringExpr(dflt), nil
		}
	case strings.Contains(base, "char") || strings.Contains(base, "text") || base == "enum" || base == "set" ||
		base == "date" || base == "datetime" || base == "timestamp" || base == "time" || base == "year":
		return stringExpr(dflt), nil
	}
	return nil, drivers.Errorf(drivers.ErNotSupported, "42000", "blocksql: DEFAULT in VALUES for column %s, whose default the engine cannot write for every backend; leave the column out", c.Name)
}

func (f *insertFill) defaultNowColumns() []string {
	var out []string
	for _, c := range f.table.Columns {
		if c.DefaultNow {
			out = append(out, c.Name)
		}
	}
	return out
}

// explicitColumns gives an INSERT without a column list the table's
// columns, so values can be found and added by name.
func (f *insertFill) explicitColumns(ins *ast.InsertStmt) error {
	if len(ins.Columns) == 0 && allEmpty(ins.Lists) {
		return nil // INSERT ... () VALUES (): every column takes its default
	}
	if len(ins.Columns) == 0 {
		for _, c := range f.table.Columns {
			ins.Columns = append(ins.Columns, &ast.ColumnName{Name: ast.NewCIStr(c.Name)})
		}
	}
	for i, row := range ins.Lists {
		if len(row) != len(ins.Columns) {
			return drivers.Errorf(drivers.ErWrongValueCount, "21S01", "Column count doesn't match value count at row %d", i+1)
		}
	}
	return nil
}

// ensureColumn returns the position of column name in the INSERT, adding
// it (with nil values to be filled) when absent.
func ensureColumn(ins *ast.InsertStmt, name string) int {
	for i, c := range ins.Columns {
		if strings.EqualFold(c.Name.O, name) {
			return i
		}
	}
	ins.Columns = append(ins.Columns, &ast.ColumnName{Name: ast.NewCIStr(name)})
	for i := range ins.Lists {
		ins.Lists[i] = append(ins.Lists[i], nil)
	}
	return len(ins.Columns) - 1
}

func (f *insertFill) fillAuto(ins *ast.InsertStmt, col string) error {
	f.genNext = f.next
	i := ensureColumn(ins, col)
	limit := autoMax(f.table.Column(col).Type)
	kept := ins.Lists[:0:0]
	for _, row := range ins.Lists {
		v, generate, err := autoValue(row[i])
		if err != nil {
			return err
		}
		if generate {
			if f.first == 0 && f.start != 0 {
				f.next = f.start
			}
			v = f.next
			if v > limit && ins.IgnoreErr {
				// MariaDB's warning 167: INSERT IGNORE leaves out a row
				// whose generated id is past the range, and the counter
				// stays just past it. The row held the largest id when it
				// was left out: the insert id when it is the last row.
				f.next, f.skipped = limit+1, f.skipped+1
				f.lastRow = limit
				continue
			}
			if v > limit && f.overflow == "" {
				f.overflow = col
			}
			if f.first == 0 {
				f.first = v
			}
			if f.lastID == 0 {
				f.lastID = v
			}
			f.generated = append(f.generated, v)
			f.genNext = v + 1
			row[i] = ast.NewValueExpr(v, "", "")
		} else {
			if v > limit && f.overflow == "" {
				f.overflow = "-" // a given id: its own 1264
			}
			// INSERT IGNORE stores an id past the range as the
			// largest the column holds, and reports that one (any
			// other INSERT fails).
			v = min(v, limit)
			f.explicit = v
			f.explicitIDs = append(f.explicitIDs, v)
		}
		f.lastRow = v
		if v >= f.next {
			f.next = v + 1
		}
		kept = append(kept, row)
	}
	ins.Lists = kept
	if f.lastID == 0 {
		f.lastID = f.explicit
	}
	return nil
}

// givesIDsBack tells whether ins, filled, is an INSERT IGNORE or an INSERT
// … ON DUPLICATE KEY UPDATE of several rows that all take generated ids
// (none given, none past the column's range), which the engine applies row
// by row so that a row ignored or turned into an update by a duplicate key
// gives its id to the next one, as MariaDB does (txApply.insertRowByRow).
// Rows with given ids keep every row's planned id (the deviation
// insert-ignore-id-skip).
func (f *insertFill) givesIDsBack(ins *ast.InsertStmt) bool {
	return f != nil && (ins.IgnoreErr || len(ins.OnDuplicate) > 0) && !ins.IsReplace && ins.Select == nil &&
		len(ins.Lists) > 1 && len(f.generated) == len(ins.Lists) && len(f.explicitIDs) == 0 &&
		f.overflow == "" && f.skipped == 0 && insertTarget(ins).Name.O != "" && ins.Table.TableRefs.Right == nil
}

// autoValue reads the value given for an AUTO_INCREMENT column: NULL, 0,
// DEFAULT or nothing means "generate one".
func autoValue(e ast.ExprNode) (uint64, bool, error) {
	if e == nil {
		return 0, true, nil
	}
	if _, ok := e.(*ast.DefaultExpr); ok {
		return 0, true, nil
	}
	v, ok := e.(ast.ValueExpr)
	if !ok {
		return 0, false, drivers.Errorf(drivers.ErNotSupported, "42000",
			"blocksql: an AUTO_INCREMENT column takes a literal, NULL or DEFAULT, not an expression")
	}
	switch x := v.GetValue().(type) {
	case nil:
		return 0, true, nil
	case int64:
		if x < 0 {
			return 0, false, drivers.Errorf(1264, "22003", "Out of range value for AUTO_INCREMENT column")
		}
		return uint64(x), x == 0, nil
	case uint64:
		return x, x == 0, nil
	case string:
		n, err := strconv.ParseUint(strings.TrimSpace(x), 10, 64)
		if err != nil {
			return 0, false, drivers.Errorf(drivers.ErTruncatedWrong, "22007", "Incorrect integer value: '%s' for AUTO_INCREMENT column", x)
		}
		return n, n == 0, nil
	}
	return 0, false, drivers.Errorf(drivers.ErNotSupported, "42000", "blocksql: unsupported value for an AUTO_INCREMENT column")
}

// ErAutoIncOutOfRange is the error number MariaDB answers when the next
// AUTO_INCREMENT id exceeds its column's type (a storage engine error
// number, passed through as it is).
const ErAutoIncOutOfRange = 167

// autoMax is the largest value an integer column of MySQL type typ holds.
// intBits are the integer types narrower than BIGINT.
var intBits = map[string]uint{"tinyint": 8, "smallint": 16, "mediumint": 24, "int": 32, "integer": 32}

func autoMax(typ string) uint64 {
	base, _ := splitType(typ)
	bits, ok := intBits[base]
	if !ok {
		bits = 64
	}
	if !strings.Contains(strings.ToLower(typ), "unsigned") {
		bits--
	}
	if bits == 64 {
		return math.MaxUint64
	}
	return 1<<bits - 1
}

func allEmpty(rows [][]ast.ExprNode) bool {
	for _, r := range rows {
		if len(r) != 0 {
			return false
		}
	}
	return len(rows) > 0
}
