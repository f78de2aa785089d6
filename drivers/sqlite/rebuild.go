package sqlite

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/mysql"

	"github.com/blocksql/blocksql/drivers"
)

// SQLite can add, drop and rename columns only in limited ways and cannot
// change one at all, so ALTER TABLE rebuilds the table inside the block's
// transaction from its edited definition (see tabledefs.go): create the
// new table, copy the rows, drop the old one, rename, recreate the indexes.

// physIndex is an index as it exists in the SQLite file.
type physIndex struct {
	table   string
	name    string // MySQL name, without the table prefix
	unique  bool
	columns []string
}

func (ix physIndex) sql() string {
	kw := "CREATE INDEX "
	if ix.unique {
		kw = "CREATE UNIQUE INDEX "
	}
	return kw + quoteIdent(physicalIndex(ix.table, ix.name)) + " ON " + quoteIdent(ix.table) + " (" + quoteList(ix.columns) + ")"
}

// indexes lists the table's explicit indexes in creation order (MySQL
// checks unique keys in that order).
func (l *execLog) indexes(ctx context.Context, phys string) ([]physIndex, error) {
	rows, err := l.query(ctx, `SELECT m.name, il."unique" FROM sqlite_master m
		JOIN pragma_index_list(?) il ON il.name = m.name
		WHERE m.type = 'index' AND m.tbl_name = ? AND il.origin = 'c' ORDER BY m.rowid`, phys, phys)
	if err != nil {
		return nil, err
	}
	var out []physIndex
	for rows.Next() {
		var name string
		var unique bool
		if err := rows.Scan(&name, &unique); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, physIndex{table: phys, name: unescapeName(strings.TrimPrefix(name, phys+".")), unique: unique})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].columns, err = l.indexColumns(ctx, physicalIndex(phys, out[i].name)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (l *execLog) indexColumns(ctx context.Context, physName string) ([]string, error) {
	return drivers.ScanStrings(l.query(ctx, "SELECT name FROM pragma_index_info(?) ORDER BY seqno", physName))
}

// rebuildPlan says how to fill the rebuilt table: copy maps a new column
// to the SQL expression over the old row that fills it, renamed and
// dropped say what happens to index columns.
type rebuildPlan struct {
	copy    [][2]string
	renamed map[string]string
	dropped map[string]bool
}

func newPlan(def *tableDef) *rebuildPlan {
	p := &rebuildPlan{renamed: map[string]string{}, dropped: map[string]bool{}}
	for _, c := range def.columns() {
		p.copy = append(p.copy, [2]string{c, quoteIdent(c)})
	}
	return p
}

// rebuild replaces the table by one made from def. The temporary name has
// two unescaped dots, so it is no user table's (see physical).
func (l *execLog) rebuild(ctx context.Context, def *tableDef, p *rebuildPlan) error {
	idx, err := l.indexes(ctx, def.phys)
	if err != nil {
		return err
	}
	txt, err := def.text()
	if err != nil {
		return err
	}
	tmpName := def.phys + ".rebuild"
	create, _, err := def.createSQL(tmpName)
	if err != nil {
		return err
	}
	tmp := quoteIdent(tmpName)
	if _, err := l.exec(ctx, create); err != nil {
		return err
	}
	// Read afresh, not from the cache: an earlier clause of the same ALTER
	// TABLE rebuilt the table, and the cache forgets only after it.
	old, err := l.loadTableInfo(ctx, def.phys)
	if err != nil {
		return err
	}
	neu, err := l.loadTableInfo(ctx, tmpName)
	if err != nil {
		return err
	}
	var to, from []string
	for _, c := range p.copy {
		to, from = append(to, quoteIdent(c[0])), append(from, def.copiedValue(c[0], c[1], old, neu))
	}
	if len(to) > 0 {
		q := "INSERT INTO " + tmp + " (" + strings.Join(to, ", ") + ") SELECT " + strings.Join(from, ", ") + " FROM " + quoteIdent(def.phys)
		if _, err := l.exec(ctx, q); err != nil {
			return copyError(mapError(err, l), func(col string) bool {
				o, ok := columnInfo(old, col)
				return !ok || columnType(o.typ).kind == kString && !strings.HasPrefix(strings.ToUpper(o.typ), "JSON")
			})
		}
	}
	if _, err := l.exec(ctx, "DROP TABLE "+quoteIdent(def.phys)); err != nil {
		return err
	}
	if err := l.renameTo(ctx, tmp, quoteIdent(def.phys)); err != nil {
		return err
	}
	if err := l.saveTableDef(ctx, def.phys, txt); err != nil {
		return err
	}
	return l.recreateIndexes(ctx, idx, p)
}

// renameTo renames a table the way MySQL does: views that name it are left
// alone (they see the rebuilt table under its old name, or break when it
// is renamed away). SQLite's modern RENAME rewrites and checks every view,
// and fails while any view names a missing table; the legacy one does not.
func (l *execLog) renameTo(ctx context.Context, tmp, name string) error {
	if _, err := l.tx.ExecContext(ctx, "PRAGMA legacy_alter_table = ON"); err != nil {
		return err
	}
	_, err := l.exec(ctx, "ALTER TABLE "+tmp+" RENAME TO "+name)
	if _, perr := l.tx.ExecContext(ctx, "PRAGMA legacy_alter_table = OFF"); err == nil {
		err = perr
	}
	return err
}

// recreateIndexes restores the indexes with renamed columns; like MySQL,
// a dropped column leaves the index, and an index with no column left goes.
func (l *execLog) recreateIndexes(ctx context.Context, idx []physIndex, p *rebuildPlan) error {
	for _, ix := range idx {
		var cols []string
		for _, c := range ix.columns {
			if p.dropped[strings.ToLower(c)] {
				continue
			}
			if n, ok := p.renamed[strings.ToLower(c)]; ok {
				c = n
			}
			cols = append(cols, c)
		}
		if len(cols) == 0 {
			continue
		}
		ix.columns = cols
		if _, err := l.exec(ctx, ix.sql()); err != nil {
			return err
		}
	}
	return nil
}

// copiedValue is v (a column of the table before, as old describes it, or
// a new column's first value) copied into column name, converted where the
// copy must convert it as MariaDB's does: into an ENUM or SET column,
// strictly ('B' becomes the member 'b', 2 the second member, a value no
// member fails with 1265, which the ENUM's CHECK would not catch for the empty string),
// except that an ENUM's empty string (INSERT IGNORE's error value) stays itself in
// an ENUM.
//
// A column whose type changed (neu describes the table after) is converted
// as an INSERT stores a value in it, as MariaDB's copy does: a DECIMAL(6,3)
// made DECIMAL(6,1) keeps 1.2 of 1.235, a DOUBLE made INT rounds.
func (def *tableDef) copiedValue(name, v string, old, neu []colInfo) string {
	i := def.columnIndex(name)
	if i < 0 {
		return v
	}
	c := colInfo{name: name}
	switch tp := def.cols[i].Tp; tp.GetType() {
	case mysql.TypeEnum:
		c.enum = tp.GetElems()
	case mysql.TypeSet:
		c.set = tp.GetElems()
	default:
		n, ok := columnInfo(neu, name)
		if !ok {
			return v
		}
		for _, o := range old {
			if quoteIdent(o.name) == v && !strings.EqualFold(o.typ, n.typ) {
				return coerce(neu)(name, convertedCopy(o, n, v))
			}
		}
		return v
	}
	out := memberCoercion(c, v, false)
	for _, o := range old {
		if c.enum != nil && o.enum != nil && quoteIdent(o.name) == v {
			return "(CASE WHEN " + v + " = '' THEN '' ELSE " + out + " END)"
		}
	}
	return out
}

// convertedCopy is v, a value of column o, read as MariaDB reads it for
// column n of another type, before n's own conversion: a number column
// takes a DECIMAL rounded half away from zero (SQLite holds it as text),
// a date or time as its digits (20240102), an ENUM or SET member as its
// number, and text only when it is wholly a number of n's kind (spaces
// around it allowed; an integer has no point or exponent): '1.5' made INT,
// '1.5abc' made DECIMAL, fail with 1292 "Truncated incorrect INTEGER
// value: '1.5'", as MariaDB's copy does (an integer beyond 64 signed bits
// too, into any integer column), and a DOUBLE, or a DECIMAL made a signed
// integer, beyond that range fails with 1916; a text column takes a FLOAT
// with its 6 digits.
func convertedCopy(o, n colInfo, v string) string {
	from, to := columnType(o.typ), columnType(n.typ)
	numeric := to.kind == kInt || to.kind == kDecimal || to.kind == kDouble
	switch {
	case from.kind == kDecimal && to.kind == kInt && unsignedInt(n):
		return "dec_round(" + v + ", 0)"
	case from.kind == kDecimal && to.kind == kInt:
		return "mysql_dec_int_strict(dec_round(" + v + ", 0))"
	case numeric && temporalNumbered(from):
		kind := from.name
		if kind == "TIMESTAMP" {
			kind = "DATETIME"
		}
		return "mysql_temporal_number(" + v + ", '" + kind + "', " + strconv.Itoa(from.scale) + ")"
	case numeric && (o.enum != nil || o.set != nil):
		if txt, err := restore(memberNumber(v, o.enum, o.set)); err == nil {
			return txt
		}
	case from.kind == kDouble && to.kind == kInt:
		return "mysql_double_int_strict(" + v + ")"
	case numeric && from.kind == kString:
		as := map[kind]string{kInt: "INTEGER", kDecimal: "DECIMAL", kDouble: "DOUBLE"}[to.kind]
		return "mysql_num_strict(" + v + ", '" + as + "')"
	case from.isFloat() && to.kind == kString:
		return "mysql_float_text(" + v + ")"
	}
	return v
}

// copyError reports a value that no longer fits as MySQL's ALTER TABLE
// does: "Data truncated" (1265) rather than the "Data too long" of an
// INSERT where the column held text before (fromText), a NULL in a column
// made NOT NULL with 1265 too (not 1048), and a value that is no number
// in a column made numeric with 1292, "Truncated incorrect INTEGER value"
// (not 1366).
func copyError(err error, fromText func(col string) bool) error {
	var de *drivers.Error
	if !errors.As(err, &de) {
		return err
	}
	switch de.Code {
	case drivers.ErDataTooLong:
		if m := tooLongColumn.FindStringSubmatch(de.Message); m != nil && !fromText(m[1]) {
			return err
		}
		msg := strings.Replace(de.Message, "Data too long", "Data truncated", 1)
		return drivers.Errorf(drivers.ErWarnDataTruncated, "01000", "%s", msg)
	case drivers.ErBadNull:
		col := strings.TrimSuffix(strings.TrimPrefix(de.Message, "Column '"), "' cannot be null")
		return drivers.Errorf(drivers.ErWarnDataTruncated, "01000", "Data truncated for column '%s'", col)
	case drivers.ErTruncatedWrong:
		if m := incorrectValue.FindStringSubmatch(de.Message); m != nil {
			return drivers.Errorf(drivers.ErTruncatedWrongDate, "22007", "Truncated incorrect %s value%s", strings.ToUpper(m[1]), m[2])
		}
	}
	return err
}

// tooLongColumn reads the column of a 1406 message.
var tooLongColumn = regexp.MustCompile(`for column '([^']*)'`)

// incorrectValue reads an INSERT's 1366 message: the type, and what
// follows it (the value, the column).
var incorrectValue = regexp.MustCompile(`^Incorrect (\w+) value(.*)$`)
