package replay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blocksql/blocksql/drivers"
)

// TableDigest is the canonical hash of one table's rows.
type TableDigest struct {
	DB   string `json:"db"`
	Name string `json:"table"`
	Rows int    `json:"rows"`
	Hash string `json:"hash"`
}

// Digest is the canonical state digest of every user table: rows are
// encoded by column type (so 1.5 in a DECIMAL(5,2) is "1.50" whichever
// database stored it), ordered by primary key, and hashed per table.
type Digest struct {
	Height int64         `json:"height"`
	Hash   string        `json:"hash"`
	Tables []TableDigest `json:"tables"`
}

// Digest computes the state digest at the current height. Blocks wait
// while it reads, so every table is read at the same height.
func (e *Engine) Digest(ctx context.Context) (*Digest, error) { return e.DigestOf(ctx, nil) }

// DigestOf is Digest over the tables of the databases keep accepts (all
// when keep is nil): a database another client drops meanwhile is not
// read.
func (e *Engine) DigestOf(ctx context.Context, keep func(db string) bool) (*Digest, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.pub.Load()
	keys := make([]string, 0, len(s.tables))
	for k, t := range s.tables {
		if keep == nil || keep(t.DB) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	d := &Digest{Height: e.height.Load()}
	all := sha256.New()
	for _, k := range keys {
		td, err := e.tableDigest(ctx, s.tables[k])
		if err != nil {
			return nil, err
		}
		d.Tables = append(d.Tables, td)
		fmt.Fprintf(all, "%s:%s\n", strings.ToLower(drivers.QualifiedName(td.DB, td.Name)), td.Hash)
	}
	d.Hash = hex.EncodeToString(all.Sum(nil))
	return d, nil
}

func (e *Engine) tableDigest(ctx context.Context, t *TableDef) (TableDigest, error) {
	enc, err := e.tableRows(ctx, t)
	if err != nil {
		return TableDigest{}, fmt.Errorf("digest %s.%s: %w", t.DB, t.Name, err)
	}
	sort.Slice(enc, func(i, j int) bool {
		if c := bytes.Compare(enc[i].key, enc[j].key); c != 0 {
			return c < 0
		}
		return bytes.Compare(enc[i].row, enc[j].row) < 0
	})
	h := sha256.New()
	for _, r := range enc {
		h.Write(r.row)
	}
	return TableDigest{DB: t.DB, Name: t.Name, Rows: len(enc), Hash: hex.EncodeToString(h.Sum(nil))}, nil
}

type encodedRow struct{ key, row []byte }

// tableRows reads and encodes every row of t, in parts read at once (one
// per core) when the driver can cut the table: reading and encoding a
// million rows was the largest part of a restore from a snapshot. The
// digest sorts the rows, so how they were cut changes nothing.
func (e *Engine) tableRows(ctx context.Context, t *TableDef) ([]encodedRow, error) {
	ps, ok := e.drv.(drivers.PartScanner)
	if !ok || runtime.GOMAXPROCS(0) < 2 {
		rows, err := e.drv.ScanTable(ctx, t.DB, t.Name, t.PrimaryKey)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		return encodeRows(rows, t)
	}
	parts, err := ps.ScanTableParts(ctx, t.DB, t.Name, min(runtime.GOMAXPROCS(0), 4))
	if err != nil {
		return nil, err
	}
	encs := make([][]encodedRow, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, rows := range parts {
		wg.Go(func() {
			defer rows.Close()
			encs[i], errs[i] = encodeRows(rows, t)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return slices.Concat(encs...), nil
}

func encodeRows(rows *sql.Rows, t *TableDef) ([]encodedRow, error) {
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	enc, err := newRowEncoder(t, names)
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		enc.encode(vals)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return enc.rows(), nil
}

// rowEncoder encodes one table's rows by its catalog's column types. The
// encodings are written into blocks of memory that are never grown (a
// full one is left as it is and a new one begun) and located by spans that
// hold no pointers: a table of a million rows is neither millions of small
// allocations nor one huge buffer copied each time it doubles.
type rowEncoder struct {
	cols     []encodedColumn
	key, row []byte // the row being encoded
	value    []byte // never nil: an empty value is not NULL
	blocks   [][]byte
	spans    []rowSpan
}

// rowSpan locates one encoded row: its key, then its columns, in a block.
type rowSpan struct{ block, start, mid, end int32 }

// encodeBlock is the size of the blocks encodings are kept in.
const encodeBlock = 1 << 20

// encodedColumn is a catalog column: where the result holds it, its type
// split once, and whether the primary key includes it.
type encodedColumn struct {
	at  int
	typ colType
	key bool
}

func newRowEncoder(t *TableDef, names []string) (*rowEncoder, error) {
	e := &rowEncoder{cols: make([]encodedColumn, len(t.Columns)), value: make([]byte, 0, 64)}
	for i, c := range t.Columns {
		at := -1
		for j, n := range names {
			if strings.EqualFold(n, c.Name) {
				at = j
			}
		}
		if at < 0 {
			return nil, fmt.Errorf("column %s missing from the database", c.Name)
		}
		key := false
		for _, pk := range t.PrimaryKey {
			key = key || strings.EqualFold(pk, c.Name)
		}
		e.cols[i] = encodedColumn{at: at, typ: parseColType(c.Type), key: key}
	}
	return e, nil
}

// encode encodes one row, as read into vals: the key (the primary key's
// columns, in the table's column order), then every column.
func (e *rowEncoder) encode(vals []any) {
	e.key, e.row = e.key[:0], e.row[:0]
	for _, c := range e.cols {
		var v []byte // nil: NULL
		if x := vals[c.at]; x != nil {
			e.value = appendCanonical(e.value[:0], &c.typ, x)
			v = e.value
		}
		e.row = appendField(e.row, v)
		if c.key {
			e.key = appendField(e.key, v)
		}
	}
	n := len(e.key) + len(e.row)
	if len(e.blocks) == 0 || cap(e.blocks[len(e.blocks)-1])-len(e.blocks[len(e.blocks)-1]) < n {
		e.blocks = append(e.blocks, make([]byte, 0, max(encodeBlock, n)))
	}
	blk := e.blocks[len(e.blocks)-1]
	start := len(blk)
	blk = append(append(blk, e.key...), e.row...)
	e.blocks[len(e.blocks)-1] = blk
	e.spans = append(e.spans, rowSpan{int32(len(e.blocks) - 1), int32(start), int32(start + len(e.key)), int32(len(blk))})
}

// rows returns the rows encoded so far.
func (e *rowEncoder) rows() []encodedRow {
	out := make([]encodedRow, len(e.spans))
	for i, sp := range e.spans {
		b := e.blocks[sp.block]
		out[i] = encodedRow{key: b[sp.start:sp.mid:sp.mid], row: b[sp.mid:sp.end:sp.end]}
	}
	return out
}

func appendField(b []byte, v []byte) []byte {
	if v == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

// canonicalValue encodes a value by its column's declared type, whatever Go
// type the database driver returned it as. nil means SQL NULL.
func canonicalValue(c ColumnDef, v any) []byte {
	if v == nil {
		return nil
	}
	t := parseColType(c.Type)
	return appendCanonical([]byte{}, &t, v)
}

// colType is a column's declared type as the canonical encoding reads it.
type colType struct {
	base  string // lower case, without arguments
	scale int    // a DECIMAL's
}

func parseColType(t string) colType {
	base, args := splitType(t)
	ct := colType{base: base}
	switch base {
	case "decimal", "numeric", "dec", "fixed":
		ct.scale = decimalScale(args)
	}
	return ct
}

// appendCanonical appends to dst the encoding canonicalValue gives the
// non-NULL value v of a column of type t.
func appendCanonical(dst []byte, t *colType, v any) []byte {
	switch t.base {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "bool", "boolean", "year", "bit":
		if i, ok := v.(int64); ok {
			return strconv.AppendInt(dst, i, 10)
		}
		if b, ok := v.([]byte); ok && t.base == "bit" && len(b) <= 8 {
			// MariaDB hands a BIT over as its bytes, big-endian; a SQLite
			// node stores the number.
			var n uint64
			for _, c := range b {
				n = n<<8 | uint64(c)
			}
			return strconv.AppendUint(dst, n, 10)
		}
		s := asString(v)
		// Exact first: a float64 would merge BIGINTs above 2^53.
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return strconv.AppendInt(dst, i, 10)
		}
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			return strconv.AppendUint(dst, u, 10)
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eE") {
			return strconv.AppendFloat(dst, f, 'f', 0, 64)
		}
		return append(dst, s...)
	case "decimal", "numeric", "dec", "fixed":
		return append(dst, decimalAtScale(asString(v), t.scale)...)
	case "float":
		// The single-precision value, whole: every backend hands it over
		// so (MariaDB's row history and scans too, KindNumber, ScanTable).
		s := asString(v)
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return strconv.AppendFloat(dst, float64(float32(f)), 'g', -1, 32)
		}
		return append(dst, s...)
	case "double", "real":
		s := asString(v)
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return strconv.AppendFloat(dst, f, 'g', -1, 64)
		}
		return append(dst, s...)
	case "date":
		return appendTime(dst, v, "2006-01-02")
	case "datetime", "timestamp":
		return appendTime(dst, v, "2006-01-02 15:04:05")
	}
	if b, ok := v.([]byte); ok {
		return append(dst, b...)
	}
	return append(dst, asString(v)...)
}

func splitType(t string) (string, string) {
	t = strings.ToLower(strings.TrimSpace(t))
	base, args := t, ""
	if i := strings.IndexAny(t, "( "); i >= 0 {
		base = t[:i]
		if j := strings.Index(t, "("); j >= 0 {
			if k := strings.Index(t[j:], ")"); k > 0 {
				args = t[j+1 : j+k]
			}
		}
	}
	return base, args
}

func asString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05.999999")
	}
	return fmt.Sprint(v)
}

// decimalScale is the scale of a DECIMAL's arguments ("10,2"): 0 without one.
func decimalScale(args string) int {
	scale := 0
	if parts := strings.Split(args, ","); len(parts) == 2 {
		scale, _ = strconv.Atoi(strings.TrimSpace(parts[1]))
	}
	return scale
}

// decimalAtScale is s as a DECIMAL of scale digits after the point.
func decimalAtScale(s string, scale int) string {
	if isCanonicalDecimal(s, scale) {
		return s
	}
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		return s
	}
	return r.FloatString(scale)
}

// isCanonicalDecimal reports whether s is already what big.Rat's
// FloatString(scale) makes of it: an optional minus, an integer part
// without leading zeros, and exactly scale digits after the point, not all
// zero when negative. Most stored DECIMALs are, and skip the big.Rat.
func isCanonicalDecimal(s string, scale int) bool {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac := s, ""
	if scale > 0 {
		dot := len(s) - scale - 1
		if dot < 1 || s[dot] != '.' {
			return false
		}
		intPart, frac = s[:dot], s[dot+1:]
	}
	if intPart == "" || (len(intPart) > 1 && intPart[0] == '0') {
		return false
	}
	zero := true
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
			zero = zero && part[i] == '0'
		}
	}
	return !(neg && zero)
}

var timeLayouts = []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05Z", "2006-01-02"}

// appendTime appends v, a time or its text, in layout (UTC); text that is
// no time is appended as it is.
func appendTime(dst []byte, v any, layout string) []byte {
	if t, ok := v.(time.Time); ok {
		if t.IsZero() {
			// The zero date ('0000-00-00'), which go-sqlite3 hands over
			// as the zero time and MariaDB as its text.
			return append(dst, strings.NewReplacer("2006", "0000", "01", "00", "02", "00", "15", "00", "04", "00", "05", "00").Replace(layout)...)
		}
		return t.UTC().AppendFormat(dst, layout)
	}
	s := asString(v)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.AppendFormat(dst, layout)
		}
	}
	return append(dst, s...)
}
