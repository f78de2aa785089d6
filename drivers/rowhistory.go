package drivers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// Row history: a driver installs, on every user table, triggers that add
// one row to blocksql.row_changes per row inserted, updated or deleted.
// Each row carries the table (as "db.table"), the primary key as a JSON
// array, the operation, and the row before and after as JSON objects, plus
// the statement being applied, copied from blocksql.capture_context which
// the apply engine sets before each statement. Values are written so that
// every backend produces the same JSON text for the same row (see Kind).

// Row change operations.
const (
	OpInsert = "insert"
	OpUpdate = "update"
	OpDelete = "delete"
)

// Kind says how a column's value is written in row history JSON.
type Kind int

const (
	// KindPlain values are written as the database holds them: numbers
	// as JSON numbers, text and temporal values as JSON strings.
	KindPlain Kind = iota
	// KindDecimal values are JSON numbers with exactly Scale decimals.
	KindDecimal
	// KindBinary values are JSON strings of upper-case hex.
	KindBinary
	// KindBit values are JSON numbers.
	KindBit
	// KindJSON values are JSON strings of the document's text as stored
	// (MariaDB would nest the document itself, SQLite cannot tell it from
	// text).
	KindJSON
	// KindNumber values are JSON numbers MariaDB must be told to write
	// as numbers (v + 0): a FLOAT's whole single-precision value, where it
	// would write the 6 digits it shows, a YEAR's 0, where it would write
	// 0000, which is no JSON.
	KindNumber
)

// CaptureColumn is one column of a captured table.
type CaptureColumn struct {
	Name  string
	Kind  Kind
	Scale int // decimals, for KindDecimal
	// Numeric is true for integer and floating point columns (JSON
	// numbers); other plain columns are JSON strings.
	Numeric bool
}

// CaptureTable is a user table whose row changes are recorded.
// InsertCapture is a RowCapture whose triggers can be told to skip an
// INSERT's rows, which the engine then records with one statement: a
// trigger per row costs most of such an INSERT on MariaDB.
type InsertCapture interface {
	// ExecUncaptured runs stmt, an INSERT into t, with t's triggers
	// recording nothing. done is false, and stmt not run, when t's
	// triggers cannot skip (installed before they could).
	ExecUncaptured(ctx context.Context, stmt ast.StmtNode, t CaptureTable) (res Result, done bool, err error)
	// CaptureInserted records the rows of t whose integer key column key
	// lies in [low, high] as inserted, in key order, by statement
	// first + (key - low) of transaction txHash.
	CaptureInserted(ctx context.Context, t CaptureTable, key string, low, high, height int64, txHash string, first int) error
}

type CaptureTable struct {
	DB, Name string
	Columns  []CaptureColumn
	// PrimaryKey names the key columns; with none, pk is NULL.
	PrimaryKey []string
}

// Qualified is the table's name as row_changes records it: lower case,
// as table names compare in blocksql.
func (t CaptureTable) Qualified() string { return strings.ToLower(QualifiedName(t.DB, t.Name)) }

// Key returns the primary key columns in key order.
func (t CaptureTable) Key() []CaptureColumn {
	var out []CaptureColumn
	for _, k := range t.PrimaryKey {
		for _, c := range t.Columns {
			if strings.EqualFold(c.Name, k) {
				out = append(out, c)
			}
		}
	}
	return out
}

// RowCapture is what a driver's Tx offers for row history. Installing and
// removing triggers is DDL: a backend that commits implicitly on DDL must
// keep the block's transaction and savepoints open, as Exec does.
type RowCapture interface {
	// InstallCapture (re)creates the capture triggers of t.
	InstallCapture(ctx context.Context, t CaptureTable) error
	// RemoveCapture drops the capture triggers of db.table, if any.
	RemoveCapture(ctx context.Context, db, table string) error
	// CaptureDeleteAll records every row of t as deleted, for statements
	// that remove rows without firing triggers (TRUNCATE).
	CaptureDeleteAll(ctx context.Context, t CaptureTable) error
}

// SkippedUpdates is offered by a driver's Tx whose capture triggers fire
// for rows a statement then leaves out (MariaDB's AFTER UPDATE under UPDATE
// IGNORE, for a row whose new key another row holds).
type SkippedUpdates interface {
	// DropSkippedUpdates forgets the updates the current statement
	// recorded for rows of t it did not change. t has a primary key.
	DropSkippedUpdates(ctx context.Context, t CaptureTable) error
}

// RowChange is one row change a database reported itself (see RowHook),
// with the values as it holds them: int64, float64, []byte for text and
// blobs, nil for NULL. Before is nil for an insert, After for a delete.
type RowChange struct {
	Table         string // as Qualified names it
	Op            string
	Columns       []string
	Before, After []any
}

// RowHook is offered by a driver's Tx when the database reports every row
// change to the driver (SQLite's pre-update hook). The engine then
// installs no capture triggers: it turns capture on around each write
// statement and takes the changes it made.
type RowHook interface {
	// RowHookActive reports whether this build has the hook.
	RowHookActive() bool
	// CaptureRows turns the capture on or off; changes made while it is
	// off are not kept, and turning it on forgets any not taken (left by
	// a block that failed half way).
	CaptureRows(on bool)
	// TakeRowChanges returns the changes kept since the last call, in the
	// order the database made them, and forgets them.
	TakeRowChanges(ctx context.Context) ([]RowChange, error)
}

// TextRowCapture is offered by a postgres-dialect TextTx: its backend
// records row history in blocksql.row_changes (the columns above), with
// capture triggers (PostgreSQL) or the pre-update hook (SQLite). The apply
// engine writes blocksql.capture_context before each statement (no row
// there: history is off) and calls SyncCapture after each one that may
// have changed a table's columns.
//
// Both backends write the same JSON text for the same row: an object of
// the columns in table order, compact (no spaces), each value as
// PostgreSQL's to_json gives it for numbers (NaN and the infinities are
// strings) and booleans, and as a JSON string of PostgreSQL's text output
// for any other type (a timestamp as PostgreSQL prints it, not to_json's
// ISO form); strings are escaped as PostgreSQL escapes them (PGJSONQuote).
// pk is the compact array of the key columns' values in key order.
type TextRowCapture interface {
	// SyncCapture (re)installs the capture triggers of every user table
	// whose columns changed since they were installed.
	SyncCapture(ctx context.Context) error
}

// PGJSONQuote is s as a JSON string, escaped as PostgreSQL's to_json
// escapes text: \b \f \n \r \t \" \\ by name, other characters below
// U+0020 as \u00XX, everything else as it is.
func PGJSONQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		default:
			if c < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// PGCaptureFunction is the trigger function that records table's row
// changes on PostgreSQL (triggers blocksql_capture and
// blocksql_capture_truncate call it): named by a hash, as a table's name
// may take all of PostgreSQL's 63 bytes. The SQLite backend names it too,
// so psql's \d shows the same triggers on both.
func PGCaptureFunction(table string) string {
	h := sha256.Sum256([]byte(table))
	return "blocksql.capture_" + hex.EncodeToString(h[:10])
}
