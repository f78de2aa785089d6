package replay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
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
	rows, err := e.drv.ScanTable(ctx, t.DB, t.Name, t.PrimaryKey)
	if err != nil {
		return TableDigest{}, fmt.Errorf("digest %s.%s: %w", t.DB, t.Name, err)
	}
	defer rows.Close()
	enc, err := encodeRows(rows, t)
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

func encodeRows(rows *sql.Rows, t *TableDef) ([]encodedRow, error) {
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	order := make([]int, len(t.Columns)) // catalog column → result position
	for i, c := range t.Columns {
		order[i] = -1
		for j, n := range names {
			if strings.EqualFold(n, c.Name) {
				order[i] = j
			}
		}
		if order[i] < 0 {
			return nil, fmt.Errorf("column %s missing from the database", c.Name)
		}
	}
	vals := make([]any, len(names))
	ptrs := make([]any, len(names))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []encodedRow
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, encodeRow(t, order, vals))
	}
	return out, rows.Err()
}

func encodeRow(t *TableDef, order []int, vals []any) encodedRow {
	var r encodedRow
	for i, c := range t.Columns {
		v := canonicalValue(c, vals[order[i]])
		r.row = appendField(r.row, v)
		for _, pk := range t.PrimaryKey {
			if strings.EqualFold(pk, c.Name) {
				r.key = appendField(r.key, v)
			}
		}
	}
	return r
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
	base, args := splitType(c.Type)
	s := asString(v)
	switch base {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "bool", "boolean", "year", "bit":
		// Exact first: a float64 would merge BIGINTs above 2^53.
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return []byte(strconv.FormatInt(i, 10))
		}
		if u, err := strconv.ParseUint(s, 10, 64); err == nil {
			return []byte(strconv.FormatUint(u, 10))
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eE") {
			return []byte(strconv.FormatFloat(f, 'f', 0, 64))
		}
	case "decimal", "numeric", "dec", "fixed":
		return []byte(decimalString(s, args))
	case "float":
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return []byte(strconv.FormatFloat(float64(float32(f)), 'g', -1, 32))
		}
	case "double", "real":
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return []byte(strconv.FormatFloat(f, 'g', -1, 64))
		}
	case "date":
		return []byte(timeString(v, "2006-01-02"))
	case "datetime", "timestamp":
		return []byte(timeString(v, "2006-01-02 15:04:05"))
	}
	return []byte(s)
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

func decimalString(s, args string) string {
	scale := 0
	if parts := strings.Split(args, ","); len(parts) == 2 {
		scale, _ = strconv.Atoi(strings.TrimSpace(parts[1]))
	}
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		return s
	}
	return r.FloatString(scale)
}

var timeLayouts = []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05Z", "2006-01-02"}

func timeString(v any, layout string) string {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(layout)
	}
	s := asString(v)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(layout)
		}
	}
	return s
}
