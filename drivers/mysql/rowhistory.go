package mysql

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/blocksql/blocksql/drivers"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

var _ drivers.RowCapture = (*Tx)(nil)

var captureOps = []string{drivers.OpInsert, drivers.OpUpdate, drivers.OpDelete}

// captureSQL compacts MariaDB's JSON so it is byte-for-byte what SQLite
// writes for the same row.
func (d *Driver) captureSQL() drivers.CaptureSQL {
	return drivers.CaptureSQL{
		Column:  quoteIdent,
		Literal: quoteString,
		Value: func(ref string, c drivers.CaptureColumn) string {
			v := ref + "." + quoteIdent(c.Name)
			switch c.Kind {
			case drivers.KindBinary:
				return "HEX(" + v + ")"
			case drivers.KindBit:
				return "(" + v + " + 0)"
			case drivers.KindJSON:
				return "CAST(" + v + " AS CHAR)" // a JSON string, as SQLite writes it
			case drivers.KindNumber:
				return "(" + v + " + 0)"
			}
			return v
		},
		Object:     func(pairs []string) string { return "JSON_COMPACT(JSON_OBJECT(" + strings.Join(pairs, ", ") + "))" },
		Array:      func(vals []string) string { return "JSON_COMPACT(JSON_ARRAY(" + strings.Join(vals, ", ") + "))" },
		Differs:    func(a, b string) string { return "NOT (CAST(" + a + " AS BINARY) <=> CAST(" + b + " AS BINARY))" },
		RowChanges: d.Internal("row_changes"),
		Context:    d.Internal("capture_context"),
		Guard:      captureOff,
	}
}

// captureOff is the session variable that, set, makes the capture
// triggers record nothing (drivers.CaptureSQL.Guard).
const captureOff = "@blocksql_capture_off"

var _ drivers.InsertCapture = (*Tx)(nil)

// ExecUncaptured implements drivers.InsertCapture.
func (t *Tx) ExecUncaptured(ctx context.Context, stmt ast.StmtNode, ct drivers.CaptureTable) (drivers.Result, bool, error) {
	guarded, err := t.guarded(ctx, ct)
	if err != nil || !guarded {
		return drivers.Result{}, false, err
	}
	if err := t.plain(ctx, "SET "+captureOff+" = 1"); err != nil {
		return drivers.Result{}, false, err
	}
	res, err := t.Exec(ctx, stmt)
	if serr := t.plain(ctx, "SET "+captureOff+" = NULL"); serr != nil {
		return res, true, serr
	}
	return res, true, err
}

// CaptureInserted implements drivers.InsertCapture.
func (t *Tx) CaptureInserted(ctx context.Context, ct drivers.CaptureTable, key string, low, high, height int64, txHash string, first int) error {
	table := quoteIdent(t.d.prefix+ct.DB) + "." + quoteIdent(ct.Name)
	q := t.d.captureSQL().Inserted(ct, table, key)
	if err := t.ExecInternal(ctx, q, height, txHash, first, low, low, high); err != nil {
		return fmt.Errorf("mysql record inserted rows of %s: %w", ct.Qualified(), err)
	}
	return nil
}

// guarded reports whether ct's insert trigger tests captureOff: those a
// blocksql before it installed do not (they record every row, and stay
// until the table's capture is installed again).
func (t *Tx) guarded(ctx context.Context, ct drivers.CaptureTable) (bool, error) {
	d := t.d
	name := strings.ToLower(d.prefix + ct.DB + "." + ct.Name)
	d.guardMu.Lock()
	g, known := d.guarded[name]
	d.guardMu.Unlock()
	if known {
		return g, nil
	}
	var n int
	err := t.tx.QueryRowContext(noCancel(ctx), "SELECT COUNT(*) FROM information_schema.triggers WHERE event_object_schema = ? "+
		"AND event_object_table = ? AND event_manipulation = 'INSERT' AND action_statement LIKE ?",
		d.prefix+ct.DB, ct.Name, "IF "+captureOff+" IS NULL%").Scan(&n)
	if err != nil {
		return false, fmt.Errorf("mysql read capture triggers: %w", err)
	}
	d.setGuarded(name, n > 0)
	return n > 0, nil
}

func (d *Driver) setGuarded(name string, g bool) {
	d.guardMu.Lock()
	defer d.guardMu.Unlock()
	if d.guarded == nil {
		d.guarded = map[string]bool{}
	}
	d.guarded[name] = g
}

func quoteString(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
}

// triggerName fits MySQL's 64-character limit whatever the table's name.
func (d *Driver) triggerName(db, table, op string) string {
	h := sha256.Sum256([]byte(strings.ToLower(db) + "\x00" + strings.ToLower(table)))
	return quoteIdent(d.prefix+db) + "." + quoteIdent("blocksql_"+hex.EncodeToString(h[:10])+"_"+op)
}

// InstallCapture implements drivers.RowCapture.
func (t *Tx) InstallCapture(ctx context.Context, ct drivers.CaptureTable) error {
	if err := t.RemoveCapture(ctx, ct.DB, ct.Name); err != nil {
		return err
	}
	q := t.d.captureSQL()
	table := quoteIdent(t.d.prefix+ct.DB) + "." + quoteIdent(ct.Name)
	for _, op := range captureOps {
		ddl := fmt.Sprintf("CREATE TRIGGER %s AFTER %s ON %s FOR EACH ROW %s",
			t.d.triggerName(ct.DB, ct.Name, op), strings.ToUpper(op), table, q.Insert(ct, op))
		if err := t.ddl(ctx, ddl); err != nil {
			return fmt.Errorf("mysql install row capture on %s: %w", ct.Qualified(), err)
		}
	}
	t.d.setGuarded(strings.ToLower(t.d.prefix+ct.DB+"."+ct.Name), true)
	return nil
}

// RemoveCapture implements drivers.RowCapture.
func (t *Tx) RemoveCapture(ctx context.Context, db, table string) error {
	for _, op := range captureOps {
		if err := t.ddl(ctx, "DROP TRIGGER IF EXISTS "+t.d.triggerName(db, table, op)); err != nil {
			return fmt.Errorf("mysql remove row capture on %s.%s: %w", db, table, err)
		}
	}
	t.d.setGuarded(strings.ToLower(t.d.prefix+db+"."+table), false)
	return nil
}

// ddl runs a statement that commits implicitly and reopens the block's
// transaction with its savepoints.
func (t *Tx) ddl(ctx context.Context, q string) error {
	_, err := t.tx.ExecContext(noCancel(ctx), q)
	if rerr := t.restart(ctx); rerr != nil {
		return rerr
	}
	return err
}

// DropSkippedUpdates implements drivers.SkippedUpdates.
func (t *Tx) DropSkippedUpdates(ctx context.Context, ct drivers.CaptureTable) error {
	table := quoteIdent(t.d.prefix+ct.DB) + "." + quoteIdent(ct.Name)
	if _, err := t.tx.ExecContext(noCancel(ctx), t.d.captureSQL().Skipped(ct, table)); err != nil {
		return fmt.Errorf("mysql row capture of %s: %w", ct.Qualified(), err)
	}
	return nil
}

// CaptureDeleteAll implements drivers.RowCapture.
func (t *Tx) CaptureDeleteAll(ctx context.Context, ct drivers.CaptureTable) error {
	table := quoteIdent(t.d.prefix+ct.DB) + "." + quoteIdent(ct.Name)
	if _, err := t.tx.ExecContext(noCancel(ctx), t.d.captureSQL().DeleteAll(ct, table)); err != nil {
		return fmt.Errorf("mysql record deleted rows of %s: %w", ct.Qualified(), err)
	}
	return nil
}
