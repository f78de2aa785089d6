package replay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// The AppHash covers row state: every row a block inserted, updated or
// deleted, with its table, primary key and images before and after, is
// folded into it. The capture triggers writing blocksql.row_changes are
// the one source of row changes: they are always installed, row history
// keeps their rows, and with history off the engine deletes a block's rows
// once it has folded them. Values are re-encoded by column type as the
// state digest encodes them (digest.go), so SQLite's 2.0 and MariaDB's 2
// for a DOUBLE hash alike; a statement's changes are sorted by their
// encoding, so the backends' scan orders do not matter.

// blockRows follows the row changes of one block.
type blockRows struct {
	startID int64 // the last row_changes id before the block
	// defs holds, per statement, the tables it touches as they were when
	// it ran: a later ALTER or DROP in the block must not change how its
	// rows are encoded.
	defs map[stmtTable]*TableDef
	// changed are the block's changes in digest order, for mismatch
	// reports (describe names each: "db.t id=5 (update)").
	changed []rowEntry
	// codecs caches each table's column encodings for the block.
	codecs tableCodecs
	// hook, when the driver reports row changes itself (rowhook.go),
	// replaces the triggers; changes holds what it reported.
	hook    drivers.RowHook
	changes []hookChange
}

type stmtTable struct {
	tx, stmt int
	table    string // as row_changes names it (CaptureTable.Qualified)
}

// rowEntry is one row change, canonically encoded.
type rowEntry struct {
	tx, stmt int
	enc      []byte
	desc     string
	src      int // index in blockRows.changes, for hooked changes
}

func startBlockRows(ctx context.Context, dtx drivers.Tx, drv drivers.Driver) (*blockRows, error) {
	if h := rowHook(dtx); h != nil {
		return &blockRows{defs: map[stmtTable]*TableDef{}, hook: h}, nil
	}
	start, err := lastRowChange(ctx, dtx, drv)
	if err != nil {
		return nil, err
	}
	return &blockRows{defs: map[stmtTable]*TableDef{}, startID: start}, nil
}

// lastRowChange is the newest row_changes id, where capture triggers
// write.
func lastRowChange(ctx context.Context, dtx drivers.Tx, drv drivers.Driver) (int64, error) {
	rows, err := dtx.QueryInternal(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+drv.Internal("row_changes"))
	if err != nil {
		return 0, fmt.Errorf("row changes: %w", err)
	}
	defer rows.Close()
	var id int64
	if rows.Next() {
		if err := rows.Scan(&id); err != nil {
			return 0, fmt.Errorf("row changes: %w", err)
		}
	}
	return id, rows.Err()
}

// note records the definitions of the tables statement (tx, stmt) touches.
func (br *blockRows) note(tx, stmt int, tables []string, s *schema) {
	for _, name := range tables {
		db, table := splitQualified(name)
		if t := s.table(db, table); t != nil {
			// Named as the capture names it, so the two always match.
			br.defs[stmtTable{tx, stmt, drivers.CaptureTable{DB: t.DB, Name: t.Name}.Qualified()}] = t
		}
	}
}

// fold returns the digest of the block's row changes. Captured by
// triggers, they are read back from row_changes, and deleted with history
// off; captured by the hook, they are written there with history on.
func (br *blockRows) fold(ctx context.Context, dtx drivers.Tx, drv drivers.Driver, height int64, hashes [][32]byte, history bool) ([]byte, error) {
	var entries []rowEntry
	if br.hook != nil {
		entries = br.hookEntries()
		if history {
			if err := br.writeHistory(ctx, dtx, drv, height, hashes, entries); err != nil {
				return nil, err
			}
		}
	} else {
		var err error
		if entries, err = br.read(ctx, dtx, drv, txIndexes(hashes)); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.tx != b.tx {
			return a.tx < b.tx
		}
		if a.stmt != b.stmt {
			return a.stmt < b.stmt
		}
		return bytes.Compare(a.enc, b.enc) < 0
	})
	h := sha256.New()
	var buf []byte
	br.changed = entries
	for _, en := range entries {
		buf = binary.BigEndian.AppendUint32(buf[:0], uint32(en.tx))
		buf = binary.BigEndian.AppendUint32(buf, uint32(en.stmt))
		h.Write(appendField(buf, en.enc))
	}
	if br.hook == nil && !history && len(entries) > 0 {
		if err := dtx.ExecInternal(ctx, "DELETE FROM "+drv.Internal("row_changes")+" WHERE id > ?", br.startID); err != nil {
			return nil, fmt.Errorf("row changes: %w", err)
		}
	}
	return h.Sum(nil), nil
}

func (br *blockRows) read(ctx context.Context, dtx drivers.Tx, drv drivers.Driver, txs map[string]int) ([]rowEntry, error) {
	rows, err := dtx.QueryInternal(ctx, "SELECT table_name, pk, op, row_before, row_after, tx_hash, stmt_index FROM "+
		drv.Internal("row_changes")+" WHERE id > ? ORDER BY id", br.startID)
	if err != nil {
		return nil, fmt.Errorf("row changes: %w", err)
	}
	defer rows.Close()
	var out []rowEntry
	for rows.Next() {
		var table, op, txHash string
		var pk, before, after sql.NullString
		var stmt int
		if err := rows.Scan(&table, &pk, &op, &before, &after, &txHash, &stmt); err != nil {
			return nil, fmt.Errorf("row changes: %w", err)
		}
		tx, ok := txs[txHash]
		if !ok {
			return nil, fmt.Errorf("row changes: a change of %s names transaction %s, not in this block", table, txHash)
		}
		en, err := encodeChange(br.defs[stmtTable{tx, stmt, table}], table, op, pk, before, after)
		if err != nil {
			return nil, fmt.Errorf("row changes of %s: %w", table, err)
		}
		en.tx, en.stmt = tx, stmt
		out = append(out, en)
	}
	return out, rows.Err()
}

// encodeChange encodes one change: table, operation, key and both images,
// each value by its column's type (t may be nil for a table the engine did
// not see, which no statement produces).
func encodeChange(t *TableDef, table, op string, pk, before, after sql.NullString) (rowEntry, error) {
	key, keyDesc, err := encodeKey(t, pk)
	if err != nil {
		return rowEntry{}, err
	}
	var enc []byte
	enc = appendField(enc, []byte(table))
	enc = appendField(enc, []byte(op))
	enc = appendField(enc, key)
	for _, img := range []sql.NullString{before, after} {
		b, err := encodeImage(t, img)
		if err != nil {
			return rowEntry{}, err
		}
		enc = appendField(enc, b)
	}
	desc := table + " " + keyDesc + " (" + op + ")"
	return rowEntry{enc: enc, desc: desc}, nil
}

func encodeKey(t *TableDef, pk sql.NullString) ([]byte, string, error) {
	if !pk.Valid {
		return nil, "(row without a primary key)", nil
	}
	var vals []any
	if err := decodeJSON(pk.String, &vals); err != nil {
		return nil, "", fmt.Errorf("primary key %s: %w", pk.String, err)
	}
	var enc []byte
	var desc []string
	for i, v := range vals {
		name := strconv.Itoa(i)
		var c *ColumnDef
		if t != nil && i < len(t.PrimaryKey) {
			name = t.PrimaryKey[i]
			c = t.Column(name)
		}
		cv := jsonValue(c, v)
		enc = appendField(enc, cv)
		desc = append(desc, name+"="+describeValue(cv))
	}
	return enc, strings.Join(desc, ","), nil
}

// encodeImage encodes a row image (a JSON object) as name/value fields in
// the table's column order, then any other names sorted.
func encodeImage(t *TableDef, img sql.NullString) ([]byte, error) {
	if !img.Valid {
		return nil, nil
	}
	var obj map[string]any
	if err := decodeJSON(img.String, &obj); err != nil {
		return nil, fmt.Errorf("row image: %w", err)
	}
	enc := []byte{}
	done := map[string]bool{}
	if t != nil {
		for i := range t.Columns {
			c := &t.Columns[i]
			if v, ok := obj[c.Name]; ok {
				enc = appendField(appendField(enc, []byte(c.Name)), jsonValue(c, v))
				done[c.Name] = true
			}
		}
	}
	rest := make([]string, 0, len(obj)-len(done))
	for k := range obj {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		enc = appendField(appendField(enc, []byte(k)), jsonValue(nil, obj[k]))
	}
	return enc, nil
}

func decodeJSON(s string, v any) error {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	return d.Decode(v)
}

// jsonValue encodes one JSON value by column c's type; without a column,
// numbers are normalized so 2.0 and 2 agree. nil means SQL NULL.
func jsonValue(c *ColumnDef, v any) []byte {
	var s string
	switch x := v.(type) {
	case nil:
		return nil
	case json.Number:
		s = x.String()
		if c == nil {
			if f, err := strconv.ParseFloat(s, 64); err == nil {
				return []byte(strconv.FormatFloat(f, 'g', -1, 64))
			}
		}
	case string:
		s = x
	case bool:
		s = "0"
		if x {
			s = "1"
		}
	default:
		b, _ := json.Marshal(x)
		s = string(b)
	}
	if c == nil {
		return []byte(s)
	}
	return canonicalValue(*c, s)
}

func describeValue(v []byte) string {
	if v == nil {
		return "NULL"
	}
	return string(v)
}

// txIndexes maps a block's transaction hashes, as row_changes writes them,
// to their index in the block.
func txIndexes(hashes [][32]byte) map[string]int {
	m := make(map[string]int, len(hashes))
	for i := len(hashes) - 1; i >= 0; i-- {
		m[hex.EncodeToString(hashes[i][:])] = i
	}
	return m
}
