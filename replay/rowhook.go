package replay

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
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
		t := br.defs[stmtTable{c.tx, c.stmt, c.Table}]
		en := rowEntry{enc: encodeHookChange(t, br.codecs.of(t), &c.RowChange), tx: c.tx, stmt: c.stmt, src: i}
		out = append(out, en)
	}
	return out
}

// describe names the block's changed rows in digest order, as
// "db.table key=value (op)".
func (br *blockRows) describe() []string {
	out := make([]string, 0, len(br.changed))
	for _, en := range br.changed {
		if en.desc == "" && br.hook != nil {
			c := &br.changes[en.src]
			t := br.defs[stmtTable{c.tx, c.stmt, c.Table}]
			img := c.After
			if c.Op == drivers.OpDelete {
				img = c.Before
			}
			en.desc = c.Table + " " + hookKeyDesc(t, br.codecs.of(t), c.Columns, img) + " (" + c.Op + ")"
		}
		out = append(out, en.desc)
	}
	return out
}

// tableCodec is how a table's columns are encoded, worked out once per
// block (a type string is parsed once, not once per value).
type tableCodec struct {
	cols  []colCodec // as TableDef.Columns
	kinds map[string]drivers.CaptureColumn
}

type colCodec struct {
	capture drivers.CaptureColumn
	typ     colType
}

// tableCodecs caches codecs by the table's column array: a definition
// whose AUTO_INCREMENT counter moved shares its columns (withAutoInc), one
// that changed them has new ones (copy), and a published array is never
// changed in place.
type tableCodecs map[codecKey]*tableCodec

type codecKey struct {
	first *ColumnDef
	n     int
}

func (m *tableCodecs) of(t *TableDef) *tableCodec {
	if t == nil {
		return nil
	}
	if len(t.Columns) == 0 {
		return newTableCodec(t)
	}
	k := codecKey{&t.Columns[0], len(t.Columns)}
	if c, ok := (*m)[k]; ok {
		return c
	}
	if *m == nil {
		*m = tableCodecs{}
	}
	c := newTableCodec(t)
	(*m)[k] = c
	return c
}

func newTableCodec(t *TableDef) *tableCodec {
	c := &tableCodec{cols: make([]colCodec, len(t.Columns)), kinds: make(map[string]drivers.CaptureColumn, len(t.Columns))}
	for i, col := range t.Columns {
		c.cols[i] = colCodec{capture: captureColumn(col), typ: parseColType(col.Type)}
		c.kinds[col.Name] = c.cols[i].capture
	}
	return c
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
// change captured by a trigger. Each field is written into the one buffer
// (appendHookKey, appendHookImage), not built apart and copied.
func encodeHookChange(t *TableDef, tc *tableCodec, c *drivers.RowChange) []byte {
	img := c.After
	if c.Op == drivers.OpDelete {
		img = c.Before
	}
	enc := make([]byte, 0, 64+48*len(c.Columns))
	enc = appendField(enc, []byte(c.Table))
	enc = appendField(enc, []byte(c.Op))
	enc = appendHookKey(enc, t, tc, c.Columns, img)
	enc = appendHookImage(enc, t, tc, c.Columns, c.Before)
	return appendHookImage(enc, t, tc, c.Columns, c.After)
}

// appendHookKey appends the field of the row's primary key: its columns'
// fields, as hookValue encodes them. A table without one has a NULL field.
func appendHookKey(b []byte, t *TableDef, tc *tableCodec, cols []string, img []any) []byte {
	if t == nil || len(t.PrimaryKey) == 0 {
		return appendField(b, nil)
	}
	start := len(b)
	for _, name := range t.PrimaryKey {
		b = appendHookColumn(b, t, tc, name, valueOf(cols, img, name))
	}
	return prefixField(b, start)
}

// appendHookColumn appends the field of hookColumnValue(t, tc, name, v).
func appendHookColumn(b []byte, t *TableDef, tc *tableCodec, name string, v any) []byte {
	return appendHookValue(b, columnCodec(t, tc, name), v)
}

// columnCodec is the codec of column name of t, nil if t has none.
func columnCodec(t *TableDef, tc *tableCodec, name string) *colCodec {
	for i := range t.Columns {
		if equalFold(t.Columns[i].Name, name) {
			return &tc.cols[i]
		}
	}
	return nil
}

// appendHookValue appends the field of hookValue(c, v), the common case
// encoded in place.
func appendHookValue(b []byte, c *colCodec, v any) []byte {
	if v == nil || c == nil || c.capture.Kind == drivers.KindBinary {
		return appendField(b, hookValue(c, v))
	}
	start := len(b)
	return prefixField(appendCanonical(b, &c.typ, v), start)
}

// prefixField makes b[start:], a value just appended, its field: the
// marker and the length go before it, as appendField writes them.
func prefixField(b []byte, start int) []byte {
	var head [binary.MaxVarintLen64 + 1]byte
	head[0] = 1
	n := 1 + binary.PutUvarint(head[1:], uint64(len(b)-start))
	b = append(b, head[:n]...)
	copy(b[start+n:], b[start:len(b)-n])
	copy(b[start:], head[:n])
	return b
}

// hookKeyDesc names the row by its primary key ("id=5").
func hookKeyDesc(t *TableDef, tc *tableCodec, cols []string, img []any) string {
	if t == nil || len(t.PrimaryKey) == 0 {
		return "(row without a primary key)"
	}
	desc := make([]string, 0, len(t.PrimaryKey))
	for _, name := range t.PrimaryKey {
		desc = append(desc, name+"="+describeValue(hookColumnValue(t, tc, name, valueOf(cols, img, name))))
	}
	return strings.Join(desc, ",")
}

// hookColumnValue is hookValue for column name of t.
func hookColumnValue(t *TableDef, tc *tableCodec, name string, v any) []byte {
	return hookValue(columnCodec(t, tc, name), v)
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

// appendHookImage appends the field of a row as encodeImage encodes its
// JSON: the table's columns in order, then any other names sorted. A NULL
// field if there is no row.
func appendHookImage(b []byte, t *TableDef, tc *tableCodec, cols []string, img []any) []byte {
	if img == nil {
		return appendField(b, nil)
	}
	start := len(b)
	var seen [32]bool
	done := seen[:0]
	if len(cols) > len(seen) {
		done = make([]bool, 0, len(cols))
	}
	done = done[:len(cols)]
	if t != nil {
		for i := range t.Columns {
			c := &t.Columns[i]
			if j := slices.Index(cols, c.Name); j >= 0 && j < len(img) {
				b = appendHookValue(appendField(b, []byte(c.Name)), &tc.cols[i], img[j])
				done[j] = true
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
		b = appendHookValue(appendField(b, []byte(cols[j])), nil, img[j])
	}
	return prefixField(b, start)
}

func hookValue(c *colCodec, v any) []byte {
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
	if c.capture.Kind == drivers.KindBinary {
		v = upperHex(v)
	}
	return appendCanonical([]byte{}, &c.typ, v)
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
	args := make([]any, 0, len(idx)*rowChangesTable.n)
	// The values consecutive rows share are boxed once: a value put in an
	// interface is a copy on the heap.
	h, lastTx, txHash, table := any(height), -1, any(nil), any(nil)
	for _, i := range idx {
		c := &br.changes[i]
		if c.tx != lastTx {
			lastTx, txHash = c.tx, hex.EncodeToString(hashes[c.tx][:])
		}
		if table == nil || table.(string) != c.Table {
			table = c.Table
		}
		t := br.defs[stmtTable{c.tx, c.stmt, c.Table}]
		var k map[string]drivers.CaptureColumn
		if tc := br.codecs.of(t); tc != nil {
			k = tc.kinds
		}
		img := c.After
		if c.Op == drivers.OpDelete {
			img = c.Before
		}
		args = append(args, table, jsonKey(t, k, c.Columns, img), c.Op, jsonImage(k, c.Columns, c.Before),
			jsonImage(k, c.Columns, c.After), h, txHash, c.stmt)
	}
	return writeRows(ctx, dtx.ExecInternal, drv, &rowChangesTable, args)
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
