package replay

import (
	"context"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// Row capture through the driver (drivers.RowHook, SQLite's pre-update
// hook): the database hands the engine every row it changes, so no
// trigger runs and nothing is written per row while the block applies. The
// engine keeps the changes in memory, drops those of a transaction it
// rolls back, encodes them for the AppHash exactly as it encodes the rows
// triggers capture (encodeChange: same fields, same value encoding by
// column type), and with row history on writes them to row_changes in a
// few multi-row INSERTs at the end of the block, with the same JSON the
// triggers write.

// hookChange is one captured change and the statement that made it.
type hookChange struct {
	tx, stmt int
	drivers.RowChange
}

var rowChangesTable = newOplogTable("row_changes", "table_name, pk, op, row_before, row_after, height, tx_hash, stmt_index")

// rowHook returns dtx's hook when capture goes through it.
func rowHook(dtx drivers.Tx) drivers.RowHook {
	if h, ok := dtx.(drivers.RowHook); ok && h.RowHookActive() {
		return h
	}
	return nil
}

// take moves the changes the driver holds into the block, as statement
// (tx, stmt)'s.
func (br *blockRows) take(ctx context.Context, tx, stmt int) error {
	got, err := br.hook.TakeRowChanges(ctx)
	if err != nil {
		return err
	}
	for _, c := range got {
		br.changes = append(br.changes, hookChange{tx: tx, stmt: stmt, RowChange: c})
	}
	return nil
}

// mark and rollbackTo follow the block's savepoints: the changes of a
// rolled back transaction are dropped.
func (br *blockRows) mark() int { return len(br.changes) }

func (br *blockRows) rollbackTo(m int) {
	if br.hook != nil {
		br.changes = br.changes[:m]
	}
}

// hookEntries encodes the block's changes; an update that changed no
// value is dropped, as the triggers skip it.
func (br *blockRows) hookEntries() []rowEntry {
	out := make([]rowEntry, 0, len(br.changes))
	for i := range br.changes {
		c := &br.changes[i]
		if c.Op == drivers.OpUpdate && sameValues(c.Before, c.After) {
			continue
		}
		en := encodeHookChange(br.defs[stmtTable{c.tx, c.stmt, c.Table}], &c.RowChange)
		en.tx, en.stmt, en.src = c.tx, c.stmt, i
		out = append(out, en)
	}
	return out
}

func sameValues(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func sameValue(a, b any) bool {
	switch x := a.(type) {
	case []byte:
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	case nil:
		return b == nil
	}
	return a == b
}

// encodeHookChange encodes a change as encodeChange encodes the same
// change captured by a trigger.
func encodeHookChange(t *TableDef, c *drivers.RowChange) rowEntry {
	img := c.After
	if c.Op == drivers.OpDelete {
		img = c.Before
	}
	key, keyDesc := hookKey(t, c.Columns, img)
	var enc []byte
	enc = appendField(enc, []byte(c.Table))
	enc = appendField(enc, []byte(c.Op))
	enc = appendField(enc, key)
	enc = appendField(enc, hookImage(t, c.Columns, c.Before))
	enc = appendField(enc, hookImage(t, c.Columns, c.After))
	return rowEntry{enc: enc, desc: c.Table + " " + keyDesc + " (" + c.Op + ")"}
}

func hookKey(t *TableDef, cols []string, img []any) ([]byte, string) {
	if t == nil || len(t.PrimaryKey) == 0 {
		return nil, "(row without a primary key)"
	}
	var enc []byte
	desc := make([]string, 0, len(t.PrimaryKey))
	for _, name := range t.PrimaryKey {
		c := t.Column(name)
		cv := hookValue(c, valueOf(cols, img, name))
		enc = appendField(enc, cv)
		desc = append(desc, name+"="+describeValue(cv))
	}
	return enc, strings.Join(desc, ",")
}

// valueOf is column name's value in img.
func valueOf(cols []string, img []any, name string) any {
	for i, n := range cols {
		if strings.EqualFold(n, name) && i < len(img) {
			return img[i]
		}
	}
	return nil
}

// hookImage encodes a row as encodeImage encodes its JSON: the table's
// columns in order, then any other names sorted. nil if there is no row.
func hookImage(t *TableDef, cols []string, img []any) []byte {
	if img == nil {
		return nil
	}
	enc := []byte{}
	done := make([]bool, len(cols))
	if t != nil {
		for i := range t.Columns {
			c := &t.Columns[i]
			for j, n := range cols {
				if n == c.Name && j < len(img) {
					enc = appendField(appendField(enc, []byte(c.Name)), hookValue(c, img[j]))
					done[j] = true
					break
				}
			}
		}
	}
	var rest []int
	for j := range cols {
		if !done[j] && j < len(img) {
			rest = append(rest, j)
		}
	}
	sort.Slice(rest, func(a, b int) bool { return cols[rest[a]] < cols[rest[b]] })
	for _, j := range rest {
		enc = appendField(appendField(enc, []byte(cols[j])), hookValue(nil, img[j]))
	}
	return enc
}

// hookValue encodes a value as jsonValue encodes the value a trigger
// wrote for it: binary columns as upper-case hex, the rest by type.
func hookValue(c *ColumnDef, v any) []byte {
	if v == nil {
		return nil
	}
	if c == nil {
		switch x := v.(type) {
		case int64:
			return []byte(strconv.FormatFloat(float64(x), 'g', -1, 64))
		case float64:
			return []byte(strconv.FormatFloat(x, 'g', -1, 64))
		}
		return []byte(asString(v))
	}
	if captureColumn(*c).Kind == drivers.KindBinary {
		return canonicalValue(*c, upperHex(v))
	}
	return canonicalValue(*c, v)
}

func upperHex(v any) string {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	default:
		b = []byte(asString(v))
	}
	return strings.ToUpper(hex.EncodeToString(b))
}

// writeHistory writes the block's changes (entries, which name them) to
// row_changes, in the order the database made them.
func (br *blockRows) writeHistory(ctx context.Context, dtx drivers.Tx, drv drivers.Driver, height int64, hashes [][32]byte, entries []rowEntry) error {
	idx := make([]int, len(entries))
	for i, en := range entries {
		idx[i] = en.src
	}
	sort.Ints(idx)
	kinds := map[*TableDef]map[string]drivers.CaptureColumn{}
	args := make([]any, 0, len(idx)*rowChangesTable.n)
	for _, i := range idx {
		c := &br.changes[i]
		t := br.defs[stmtTable{c.tx, c.stmt, c.Table}]
		k := kindsOf(kinds, t)
		img := c.After
		if c.Op == drivers.OpDelete {
			img = c.Before
		}
		args = append(args, c.Table, jsonKey(t, k, c.Columns, img), c.Op, jsonImage(k, c.Columns, c.Before),
			jsonImage(k, c.Columns, c.After), height, hex.EncodeToString(hashes[c.tx][:]), c.stmt)
	}
	return writeRows(ctx, dtx, drv, &rowChangesTable, args)
}

func kindsOf(cache map[*TableDef]map[string]drivers.CaptureColumn, t *TableDef) map[string]drivers.CaptureColumn {
	if k, ok := cache[t]; ok || t == nil {
		return k
	}
	k := make(map[string]drivers.CaptureColumn, len(t.Columns))
	for _, c := range t.Columns {
		k[c.Name] = captureColumn(c)
	}
	cache[t] = k
	return k
}

// jsonKey is the primary key as the triggers write it: a JSON array, or
// NULL for a table without one.
func jsonKey(t *TableDef, kinds map[string]drivers.CaptureColumn, cols []string, img []any) any {
	if t == nil || len(t.PrimaryKey) == 0 {
		return nil
	}
	b := []byte{'['}
	for i, name := range t.PrimaryKey {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONValue(b, kinds[name], valueOf(cols, img, name))
	}
	return string(append(b, ']'))
}

func jsonImage(kinds map[string]drivers.CaptureColumn, cols []string, img []any) any {
	if img == nil {
		return nil
	}
	b := []byte{'{'}
	for i, name := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, name)
		b = append(b, ':')
		if i < len(img) {
			b = appendJSONValue(b, kinds[name], img[i])
		} else {
			b = append(b, "null"...)
		}
	}
	return string(append(b, '}'))
}

// appendJSONValue writes v as SQLite's json functions write it in the
// capture triggers (drivers/sqlite/rowhistory.go): DECIMAL as a number at
// its scale, binary as upper-case hex, REAL with a fraction.
func appendJSONValue(b []byte, c drivers.CaptureColumn, v any) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	switch c.Kind {
	case drivers.KindDecimal:
		s := decimalAtScale(asString(v), c.Scale)
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return append(b, s...)
		}
		return appendJSONString(b, s)
	case drivers.KindBinary:
		return appendJSONString(b, upperHex(v))
	}
	switch x := v.(type) {
	case int64:
		return strconv.AppendInt(b, x, 10)
	case float64:
		return append(b, realText(x)...)
	}
	return appendJSONString(b, asString(v))
}

// realText prints a REAL as SQLite's JSON does: always with a fraction or
// an exponent ("2.0", "1.0e+20").
func realText(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if strings.ContainsAny(s, ".nN") {
		return s
	}
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		return s[:i] + ".0" + s[i:]
	}
	return s + ".0"
}

// appendJSONString quotes s as SQLite's json_quote does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '"' || ch == '\\':
			b = append(b, '\\', ch)
		case ch == '\n':
			b = append(b, '\\', 'n')
		case ch == '\r':
			b = append(b, '\\', 'r')
		case ch == '\t':
			b = append(b, '\\', 't')
		case ch == '\b':
			b = append(b, '\\', 'b')
		case ch == '\f':
			b = append(b, '\\', 'f')
		case ch < 0x20:
			b = append(b, fmt.Sprintf("\\u%04x", ch)...)
		default:
			b = append(b, ch)
		}
	}
	return append(b, '"')
}
